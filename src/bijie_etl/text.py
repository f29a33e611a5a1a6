"""Text shared by the catalog, the readers, validation and the command line.

Departments type names with full-width letters, stray spaces and both kinds of brackets;
everything that compares names goes through :func:`normalize_name` first. :func:`console` is
where the commands print.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

__all__ = ["console", "normalize_name", "normalize_text"]

_SPACES = re.compile(r"\s+")


def normalize_text(value: str) -> str:
    """NFKC (full-width → half-width, ``（）`` → ``()``), trimmed, inner runs of spaces collapsed."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", value)).strip()


def normalize_name(value: str) -> str:
    """A comparison key for indicator, unit, county and header names: NFKC, no spaces, lower-case."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", value)).lower()


def console(*, stderr: bool = False) -> Console:
    """A rich console for the commands. Written to a log or a pipe (cron, ``make demo``, Prefect), lines
    are not wrapped at 80 columns: rich would break Chinese text mid-word; a terminal wraps them itself."""
    from rich.console import Console

    made = Console(stderr=stderr)
    made.soft_wrap = not made.is_terminal
    return made
