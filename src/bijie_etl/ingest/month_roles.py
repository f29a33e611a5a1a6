"""A table of the month's own figures said by its sheet's name or its title, not by its header.

One month's report sent as a 当月 table and a 累计 table of the same columns (指标名称 | 计量单位 | 数值 |
同比增长) says which is which only around the header: the sheet's name (当月 | 累计) or, for two tables
stacked on one sheet, the title (…（当月） | …（累计）). Under such a name or title a header saying neither
本月 nor 累计 is the month's: its 数值 is 当月 › 数值 and its growth the month's own (``column_ignored``),
never the year to date a lone 数值 is read as under a span. The two tables are then read as one
(:mod:`bijie_etl.ingest.month_ytd_pairs`).
"""

from __future__ import annotations

from typing import Any

from bijie_etl.ingest.grammar import Label, combine
from bijie_etl.ingest.headers import header_key

__all__ = ["as_month", "month_sheet", "month_title"]

#: Names of a sheet of the month's own figures (当月 of a 当月 | 累计 report).
_ROLE_SHEETS = frozenset(header_key(w) for w in ("当月", "本月", "当月数", "本月数", "当月值", "本月值"))


def month_sheet(name: str) -> bool:
    """The sheet's name says it holds the month's own figures (当月, 本月数)."""
    return header_key(name) in _ROLE_SHEETS


def month_title(title: list[str]) -> bool:
    """A title saying its table holds the month's own figures (…（当月）, 本月…) and no 累计."""
    keys = [header_key(t) for t in title]
    return any("当月" in k or "本月" in k for k in keys) and not any("累计" in k for k in keys)


def _says_span(
    path: tuple[str, ...],
) -> bool:  # a label says 本月/当月 or 累计: the header, not the name, decides
    return any(w in header_key(t) for t in path for w in ("本月", "当月", "累计"))


def as_month(columns: list[Any], said: Label, vocab: Any) -> None:
    """``columns`` (a table's, in place) as the month's when their header says neither 本月 nor 累计: each value
    column naming no month is read under ``said`` (the label of 当月)."""
    if any(_says_span(tuple(c.path)) for c in columns):
        return
    for c in columns:
        if c.role.kind == "value" and c.role.month is None:
            c.role = combine([said, *(vocab.label(t) for t in c.path)])
