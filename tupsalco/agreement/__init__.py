"""Inter-coder agreement: pure numpy, no project or database needed.

- ``characters``: characters as units (NVivo's comparison), Cohen's kappa, alpha-binary;
- ``tables``: coders × units tables, nominal alpha, Brennan & Prediger, Krippendorff's reading;
- ``unitizing``: u-, |u- and cu-alpha for a domain of mutually exclusive codes (ATLAS.ti);
- ``segments``: segment matching with an overlap threshold (MAXQDA);
- ``bootstrap``: 95 % intervals by resampling documents.
"""

from .bootstrap import (
    Interval,
    alpha_binary_interval,
    bootstrap_documents,
    compare_intervals,
    kappa_interval,
    unitizing_interval,
)
from .characters import (
    CharacterTable,
    CodeAgreement,
    Span,
    alpha_binary,
    alpha_binary_from_documents,
    binary_coincidences,
    character_table,
    compare,
    coverage,
    pooled_table,
)
from .segments import SegmentAgreement, SegmentCount, overlap, segment_agreement
from .tables import (
    RELIABLE,
    TENTATIVE,
    alpha_from_coincidences,
    brennan_prediger,
    krippendorff_alpha_nominal,
    reading,
)
from .unitizing import (
    UnitizedDocument,
    UnitizingAlpha,
    clean_segments,
    unitized_documents,
    unitizing_alpha,
)

__all__ = [
    "RELIABLE", "TENTATIVE", "CharacterTable", "CodeAgreement", "Interval", "SegmentAgreement",
    "SegmentCount", "Span", "UnitizedDocument", "UnitizingAlpha", "alpha_binary",
    "alpha_binary_from_documents", "alpha_binary_interval", "alpha_from_coincidences",
    "binary_coincidences", "bootstrap_documents", "brennan_prediger", "character_table",
    "clean_segments", "compare", "compare_intervals", "coverage", "kappa_interval",
    "krippendorff_alpha_nominal", "overlap", "pooled_table", "reading", "segment_agreement",
    "unitized_documents", "unitizing_alpha", "unitizing_interval",
]
