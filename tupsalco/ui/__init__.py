"""Streamlit pages: thin faces over the library."""
