"""Text normalisation shared by the catalog, the readers and validation.

Departments type names with full-width letters, stray spaces and both kinds of brackets;
everything that compares names goes through :func:`normalize_name` first.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["normalize_name", "normalize_text"]

_SPACES = re.compile(r"\s+")


def normalize_text(value: str) -> str:
    """NFKC (full-width → half-width, ``（）`` → ``()``), trimmed, inner runs of spaces collapsed."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", value)).strip()


def normalize_name(value: str) -> str:
    """A comparison key for indicator, unit, county and header names: NFKC, no spaces, lower-case."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", value)).lower()
