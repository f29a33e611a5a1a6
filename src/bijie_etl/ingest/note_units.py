"""A note under a table stating a unit: 注：发电量单位为万千瓦时。 / 注：本表煤炭产量、电煤供应量单位为吨。 /
注：本表单位为万元 / 单位：万元 on a note row.

A careful reader reads such a note as the unit column it stands for: the named indicators' figures (or, said of
the whole table, every figure of a row stating no unit of its own) are in that unit and converted as a 计量单位
column's would be — never taken in the catalog's unit (46.2 万千瓦时 loaded as 46.2 亿千瓦时: 10 000 times
too much). A note naming an indicator whose row (or column header) states another unit, or a note of the
whole table whose unit another of the same kind contradicts (本表单位为万元 beside a row in 亿元), leaves that
row's unit unknown: it is refused (UNIT_CONFLICT naming both cells). A note of the whole table says nothing of
a row in another kind of unit (本表金额单位为万元 beside a row in 万吨).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import pandas as pd

from bijie_etl.errors import Code, Failure, Severity
from bijie_etl.ingest.headers import column_letter
from bijie_etl.ingest.table_rows import no_rows
from bijie_etl.text import label_core, normalize_text

if TYPE_CHECKING:
    from bijie_etl.ingest.layouts import SheetRows
    from bijie_etl.ingest.tables import Table

__all__ = ["apply_note_units", "note_units"]

#: What a note says a unit of: [names][的][计量]单位[均](为|是|:)unit. The names part stops at a clause's end.
_SAID = re.compile(
    r"(?P<names>[^。;；:：,，]*?)(?:的)?(?:计量)?单位(?:均|统一|全部)?(?:为|是|:|：|采用|使用)\s*"
    r"(?P<unit>[^\s,，。;；、()（）]+)"
)
#: Leading words of a note and of its items (注：, 说明：, 1., （1）).
_NOTE_HEAD = re.compile(r"^\s*(?:注|说明|备注|附注)\s*\d*\s*[:：]?\s*")
#: Names meaning the whole table (本表, 表中数据, 以上数据, 金额, 本表金额 …), after 本表 / 表中 are taken off.
_TABLE = re.compile(
    r"^(?:本表|表中|上表|以上|本报表|报表)?(?:所有|全部)?(?:数据|数值|指标|金额|价值量|各项)?$"
)
_LIST = re.compile(r"[、,，和及与/]")


def note_units(
    texts: list[tuple[str, str]], units: Any, find: Any
) -> tuple[tuple[str, str] | None, dict[str, tuple[str, str, str]]]:
    """From note rows ``texts`` = [(text, cell)]: the whole table's unit (unit, cell) or None, and each named
    indicator's {code: (unit, cell, name as written)} (a name no target has, 产量: {"~产量": …}, for the rows
    whose names end with it). ``find(name)`` is the catalog target of a name, or None."""
    table: tuple[str, str] | None = None
    named: dict[str, tuple[str, str, str]] = {}
    for text, cell in texts:
        said = _NOTE_HEAD.sub("", normalize_text(text))
        for m in _SAID.finditer(said):
            unit = m.group("unit").rstrip("。.")
            if units.canonical(unit) is None:
                continue
            names = label_core(_NOTE_HEAD.sub("", m.group("names").strip()))
            if _TABLE.match(names.replace(" ", "")):
                table = table or (unit, cell)
                continue
            for part in _LIST.split(re.sub(r"^(?:本表|表中|上表)", "", names)):
                target = find(label_core(part)) if part.strip() else None
                if target is not None:
                    named.setdefault(target.code, (unit, cell, part.strip()))
                elif (
                    len(part := label_core(part)) >= 2
                ):  # 产量单位为吨: every row whose name ends so (煤炭产量)
                    named.setdefault(f"~{part}", (unit, cell, part))
    return table, named


def apply_note_units(
    rows: SheetRows, table: Table, grid: list[list[Any]], vocab: Any, file_name: str
) -> SheetRows:
    """``rows`` with the units the table's notes state (see the module): filled where a row states none, the row
    refused where it states another."""
    units = getattr(getattr(vocab, "catalog", None), "units", None)
    if not table.note_rows or units is None:
        return rows
    texts = [
        (v, f"{column_letter(c)}{r + 1}")
        for r in table.note_rows
        if r < len(grid)
        for c, v in enumerate(grid[r])
        if isinstance(v, str) and "单位" in v
    ]
    if not texts:
        return rows
    whole, named = note_units(texts, units, vocab.find_indicator)
    if (whole is None and not named) or no_rows(rows):
        return rows
    frame = rows.rows  # a frame only for a table whose notes state a unit
    if "unit" not in frame.columns:
        frame["unit"] = pd.Series([None] * len(frame), index=frame.index, dtype=object)
    unit_letter = rows.columns.get("unit")
    field_units = [c for c in frame.columns if c.startswith("unit:")]
    names = frame["indicator_name"].tolist() if "indicator_name" in frame.columns else [None] * len(frame)
    codes = frame["indicator_code"].tolist() if "indicator_code" in frame.columns else [None] * len(frame)
    drop: list[int] = []
    filled: list[tuple[int, str, str]] = []
    for i, (name, code) in enumerate(zip(names, codes, strict=True)):
        target = (
            vocab.find_indicator(code if isinstance(code, str) and code.strip() else name)
            if (code or name)
            else None
        )
        said = named.get(target.code) if target is not None else None
        if said is None and isinstance(name, str):
            said = next(
                (v for k, v in named.items() if k[0] == "~" and label_core(name).endswith(k[1:])), None
            )
        note_unit, note_cell = (said[0], said[1]) if said else (whole if whole else (None, None))
        if note_unit is None:
            continue
        row = int(frame["row"].iat[i])
        stated = [
            (frame["unit"].iat[i], f"{unit_letter}{row}" if unit_letter else rows.fixed_cells.get("unit", ""))
        ]
        stated += [(frame[c].iat[i], rows.fixed_cells.get(c, "")) for c in field_units]
        stated = [(u, at) for u, at in stated if isinstance(u, str) and u.strip()]
        clash = next((s for s in stated if _disagree(units, s[0], note_unit, strict=said is not None)), None)
        if clash is not None:
            drop.append(i)
            rows.warnings.append(
                _conflict(rows, table, file_name, row, name, clash, note_unit, str(note_cell))
            )
        elif not stated:
            filled.append((i, note_unit, str(note_cell)))
    at = frame.columns.get_loc("unit")
    for i, unit, _cell in filled:
        frame.iat[i, at] = unit
    if filled and not unit_letter:
        rows.fixed_cells.setdefault("unit", filled[0][2])  # the note states the unit, as a 单位 line would
    if drop:
        rows.rows = frame.drop(index=frame.index[drop])
    return rows


def _same_kind(units: Any, a: str, b: str) -> bool:
    ua, ub = units.get(a), units.get(b)
    return ua is not None and ub is not None and ua.dimension == ub.dimension


def _disagree(units: Any, stated: str, note: str, *, strict: bool) -> bool:
    """A stated unit the note contradicts: another unit for a named indicator; for the whole table's note,
    another unit of the same kind (万元 against 亿元; 万吨 says nothing against 本表金额单位为万元)."""
    if units.canonical(stated) == units.canonical(note):
        return False
    return strict or _same_kind(units, stated, note)


def _conflict(
    rows: SheetRows,
    table: Table,
    file_name: str,
    row: int,
    name: Any,
    clash: tuple[str, str],
    unit: str,
    cell: str,
) -> Failure:
    stated, at = clash
    return Failure(
        code=Code.UNIT_CONFLICT,
        message_zh=(
            f"本行“{name}”的单位写的是“{stated}”（{at}），而表下注释（{cell}）说单位为“{unit}”，两者不一致，"
            f"无法确定数值的单位，本行未入库；请更正单位或注释后重新报送"
        ),
        file=file_name,
        sheet=table.sheet,
        cell=at
        if _row_of(at) == row
        else f"{rows.columns.get('indicator_name', '')}{row}",  # the row's own cell
        row_number=row,
        value=str(name) if name is not None else None,
        severity=Severity.ERROR,
    )


def _row_of(cell: str) -> int | None:
    digits = "".join(ch for ch in cell if ch.isdigit())
    return int(digits) if digits else None
