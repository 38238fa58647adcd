"""Storage: SQLAlchemy models, Alembic migrations, and the one audited write path."""

from .database import Database

__all__ = ["Database"]
