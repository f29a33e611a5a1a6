"""Revised figures beside the figures they revise (sources/headers.yaml ``roles: revised``).

A department correcting a figure often keeps the first one and adds the corrected one beside it:
1-6月累计 | 1-6月累计（调整后）, 本月 | 本月（修订）, a group 调整后 › 累计 | 同比增长, or (transposed) a row
1-6月累计（调整后） under 1-6月累计. A careful analyst reads the revised figure, the department's current one;
the unrevised one is not loaded (COLUMN_IGNORED saying what replaced it). A revised column alone is simply
that measure. A revision word with no measure (调整后 alone) revises the table's one measure; beside several
it cannot be told which, and a word that may be the adjustment itself (调整数) leaves the current figure
unknown: the table is refused (LAYOUT_AMBIGUOUS), never read with its first figures.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from bijie_etl.ingest.grammar import Role
from bijie_etl.ingest.tables import Column

__all__ = ["read_twice", "revised_columns", "revised_rows"]


#: A bare month column (1-6月, 6月) is the figure of the kind the row's target tracks: the same as 累计 / 本月 here.
_SAME_FIELD = {"@ytd": "value_ytd", "@month": "value_month"}


def _key(role: Role) -> tuple[Any, ...]:
    return (_SAME_FIELD.get(str(role.field), role.field), role.county, role.indicator)


def _same(plain: Role, revised: Role) -> bool:
    """The revised role is the same figure as the plain one: its measure, county and indicator, and its month
    unless one of them leaves the month to the table (调整后 › 累计 beside 1-6月累计 › 累计)."""
    if _key(plain) != _key(revised):
        return False
    return (
        plain.month is None
        or revised.month is None
        or (plain.month, plain.year) == (revised.month, revised.year)
    )


def _replacing(plain: Role, revised: list[tuple[Any, Role]]) -> Any:
    return next((by for by, ro in revised if _same(plain, ro)), None)


def _replaced(by: str) -> str:
    return f"已有调整（修订）后的数值（{by}），按调整后的数值读取，调整前的数值不入库"


def revised_columns(columns: list[Column], filled: Any) -> tuple[list[Column], str | None]:
    """The table's columns with each unrevised figure that a revised one replaces made ``ignored``, and a
    reason to refuse the table (a revision of no stated measure, or one that may be the adjustment), else
    None. ``filled(column)`` says whether the column holds any figure (an empty 调整数 column says nothing)."""
    if not any(c.role.revised for c in columns):
        return columns, None
    values = [c for c in columns if c.role.kind == "value"]
    bare = [c for c in columns if c.role.kind == "unknown" and c.role.revised and filled(c)]
    unclear = [c for c in values if c.role.revised == "unclear" and filled(c)]
    if unclear or any(c.role.revised == "unclear" for c in bare):
        c = (unclear or [b for b in bare if b.role.revised == "unclear"])[0]
        return columns, (
            f"“{c.label}”（{c.letter}列）说明数值有调整，但看不出是调整后的数值还是调整的幅度，"
            "无法确定哪一列是部门现在的数值；请把调整后的数值写在表头为“…（调整后）”的列中（如“1-6月累计（调整后）”）"
        )
    plain = [c for c in values if not c.role.revised]
    if bare:
        if len(plain) != 1 or len(bare) > 1:
            names = "、".join(f"“{c.label}”（{c.letter}列）" for c in plain) or "（无）"
            return columns, (
                f"“{bare[0].label}”（{bare[0].letter}列）说明数值经过调整，但表中有{names}，看不出调整的是哪一项；"
                "请在表头写明，如“1-6月累计（调整后）”"
            )
        only = plain[0]
        columns = [
            Column(c.index, c.path, c.cells, replace(only.role, revised=c.role.revised), c.unit or only.unit,
                   c.unit_cell or only.unit_cell)
            if c is bare[0]
            else c
            for c in columns
        ]  # fmt: skip
        values = [c for c in columns if c.role.kind == "value"]
    revised = [(c, c.role) for c in values if c.role.revised]
    out = []
    for c in columns:
        by = _replacing(c.role, revised) if c.role.kind == "value" and not c.role.revised else None
        if by is not None:
            ignored = Role("ignored", reason=_replaced(f"{by.letter}列“{by.label}”"), county=c.role.county,
                           indicator=c.role.indicator)  # fmt: skip
            c = Column(c.index, c.path, c.cells, ignored, c.unit, c.unit_cell)
        out.append(c)
    return out, None


def revised_rows(said: dict[int, Role], letter: str) -> dict[int, Role | None]:
    """A transposed table's measure rows (1-6月累计 | 1-6月累计（调整后） down a 项目 column, ``said``: each row's
    role as its label says it) → the rows read (None: not a measure, not read). Each unrevised row that a
    revised row replaces is not read (``ignored`` saying which row replaced it). A row that may be the
    adjustment (调整数), or a revision word alone, leaves every figure of the table unread."""
    roles: dict[int, Role | None] = {
        r: ro if ro.kind in ("value", "ignored") else None for r, ro in said.items()
    }
    if not any(ro.revised for ro in said.values()):
        return roles
    unclear = next(
        (r for r, ro in said.items() if ro.revised and (ro.kind != "value" or ro.revised == "unclear")), None
    )
    if unclear is not None:
        why = (
            f"第{unclear + 1}行（{letter}{unclear + 1}）说明数值有调整，但看不出是哪一项调整后的数值（或只是调整的幅度），"
            "无法确定哪一行是部门现在的数值"
        )
        return {
            r: Role("ignored", reason=why) if ro is not None and ro.kind == "value" else ro
            for r, ro in roles.items()
        }
    revised = [(r, ro) for r, ro in said.items() if ro.kind == "value" and ro.revised]
    out: dict[int, Role | None] = {}
    for r, ro in roles.items():
        by = _replacing(ro, revised) if ro is not None and ro.kind == "value" and not ro.revised else None
        out[r] = ro if by is None else Role("ignored", reason=_replaced(f"第{by + 1}行，{letter}{by + 1}"))
    return out


def read_twice(values: list[Column], layout: str) -> str | None:
    """Why a long table is refused when two of its value columns are read as one figure (1-6月累计 | 累计 giving
    3550.2 and 3560.0: one of them would be dropped without a word), else None."""
    if layout != "long":
        return None
    seen: dict[str, Column] = {}
    for c in values:
        role = c.role
        fld = _SAME_FIELD.get(str(role.field), str(role.field))  # a bare 1-6月 is the year to date here
        if role.county or role.indicator or fld.startswith("@"):
            continue
        first = seen.get(fld)
        if first is not None and _same(first.role, role):
            return (
                f"“{first.label}”（{first.letter}列）和“{c.label}”（{c.letter}列）都是{_FIELD_ZH.get(fld, '同一项')}，"
                "无法确定哪一列是本期数据；如其中一列是调整（修订）后的数值，请在其表头写明“（调整后）”"
            )
        seen.setdefault(fld, c)
    return None


_FIELD_ZH = {
    "value_month": "本月数",
    "value_ytd": "1-本月累计数",
    "value_ytd_prior": "上年同期数",
    "growth_pct": "累计增速",
    "value": "本期值",
}
