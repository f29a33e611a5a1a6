"""A growth written on a row of its own under one period column, joined to its indicator's row.

Statistical tables with one figure column (1-6月) often give an indicator's level and its growth on two
rows::

    地区生产总值        亿元  1123.4          地区生产总值        亿元  1123.4
    地区生产总值增速    %     5.6      or       增速              %     5.6

Read row by row, the first shape is two rows of one indicator (refused as a duplicate) and the second
a row of an unknown indicator 增速. A careful reader takes the growth row as the growth of the row it
belongs to. Joined here, after the long layout placed each row's figure (:func:`layouts._apply_lone`):

- **same indicator**: one row holds only a growth (in %, placed as ``growth_pct``), another row of the
  same target, county and period holds no growth: the growth joins that row;
- **bare growth word** (增速, 增长, 同比增长, 增幅, 比上年增长…, with (%) or a % unit or no unit), or the
  name of the row above followed by one (煤炭产量 then 煤炭产量增速): the row directly above is a catalog
  indicator (or, in rows by county under a title naming the indicator, a county) with no growth of its
  own: its figure becomes that row's growth. Under 本月 | 累计 the growth row holds two figures: the one
  under 累计 is the indicator's growth; the one under 本月 is the month's own growth, which no target
  uses (a ``column_ignored`` 提示 on its cell). A figure under 上年同期 leaves the row as it is.
- **beside a growth column** (本月 | 累计 | 同比增长（%） and a 其中：增速 row under a row whose growth
  column is filled): the same figure (to the digits both show) is read once, a ``column_ignored`` 提示
  on the row's cell; another figure leaves which is right unknown, so neither loads
  (``growth_twice_different`` on the column's cell: the growth alone, or the whole row when the
  growth is the target's measure).
- **in the county column** (指标名称 | 地区 | 1-6月 with the indicator written once, merged down or
  repeated, and 增长（%） typed where a county would be): the growth of the county above, as in a
  county table whose indicator is in the title.

Anything else is left as it was (a duplicate stays a duplicate; a lone 增速 stays unknown). Each joined
figure keeps its own cell, so messages point at the cell it was typed in.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from bijie_etl.errors import GROWTH_REFUSED_ALONE_ZH, Code, Severity
from bijie_etl.ingest.cells import read_cell
from bijie_etl.ingest.growth_notes import blank as _blank
from bijie_etl.ingest.growth_notes import cell_of as _cell_of
from bijie_etl.ingest.growth_notes import month_growth_note as _month_growth_note
from bijie_etl.ingest.growth_notes import note as _note
from bijie_etl.ingest.growth_notes import places as _places
from bijie_etl.ingest.growth_only import growth_only_rows, no_growth_only_row
from bijie_etl.ingest.headers import CHANGE_UNSTATED, bare_change, parse_number
from bijie_etl.ingest.styles import format_kind
from bijie_etl.text import normalize_name
from bijie_etl.vocabulary import fmt_as_typed

__all__ = ["growth_rows_to_join", "join_growth_rows"]

_PADDING = " \t\u3000"
_FIRST = frozenset("其同比较增")  # what a bare growth word starts with (_BARE_GROWTH)
#: One C-level pass over a table's names, one per line: a line that could be a bare growth word (a
#: superset of _is_bare's; most tables have none, so _is_bare never runs).
_BARE_SCAN = re.compile(r"^[ \t\u3000]*(?=[^\n]{0,13}增)[其同比较增][^\n]{0,13}$", re.MULTILINE)
_MEASURES = ("value_month", "value_ytd", "value_ytd_prior", "growth_pct", "value")
#: A name that ends with a growth word (煤炭产量增速, 发电量增长（%）): the growth of the row above when
#: the rest of it is that row's name (one C-level search over all names first).
_NAMED_SCAN = re.compile(r"(?:增速|增长|增幅|增长率|增长速度)(?:[(（]%[)）]|%)?[ \t\u3000]*$", re.MULTILINE)
_GROWTH_SUFFIX = re.compile(r"(?:同比)?(?:增速|增长|增幅|增长率|增长速度)(?:\(%\)|%)?$")
_BARE_GROWTH = re.compile(
    r"^(?:其中[:：])?(?:同比|比上年同期|比上年|比去年同期|较上年)?(?:增速|增长|增幅|增长率|增减|增长速度)"
    r"(?:[(（]%[)）]|%)?$"
)


def growth_rows_to_join(
    data: list[list[Any]], order: list[str], plan: dict[tuple[str, str], list[int]], vocab: Any
) -> bool:
    """Whether a long table may hold a growth row to join: checked on its cells (``data``, one list per
    column of ``order``) and where the layout's plan moves each lone figure, before any frame is built
    (C-level tests: most tables have neither a growth-only row beside rows with other figures nor a 增速 row)."""
    n = len(data[0]) if data else 0
    label = _label_field(order)
    if n < 2 or label is None:
        return False
    fields = list(dict.fromkeys([*(m for m in _MEASURES if m in order), *(d for _, d in plan)]))
    if not fields:
        return False
    names = data[order.index(label)]
    if (
        "growth_pct" in fields
        and vocab.catalog is not None
        and label == "indicator_name"
        and not no_growth_only_row(data, order, plan, fields)
    ):
        only_growth, others = growth_only_rows(data, order, plan, fields, n)
        if only_growth and others:
            codes = data[order.index("indicator_code")] if "indicator_code" in order else [None] * n
            # each (code, name) once: an indicator's rows (one per county) name the same target
            wanted = {id(_target(c, m, vocab)) for c, m in dict.fromkeys((codes[i], names[i]) for i in sorted(only_growth))}  # fmt: skip
            wanted.discard(id(None))
            if any(id(_target(c, m, vocab)) in wanted for c, m in dict.fromkeys((codes[i], names[i]) for i in sorted(others))):  # fmt: skip
                return True
    distinct = list(dict.fromkeys(names))  # each name once (the scans look at each line alone)
    bare, named = _scans("\n".join(filter(str.__instancecheck__, distinct)))
    if bare and any(_is_bare(v) for v in distinct):
        return True
    if label == "indicator_name" and "county" in order:  # 增长（%） in the county column of a county table
        counties = list(dict.fromkeys(data[order.index("county")]))
        if _scans("\n".join(filter(str.__instancecheck__, counties)))[0] and any(map(_is_bare, counties)):
            return True
    # A row named as the row above is no growth of it (煤炭产量 twice: nothing after the name): not looked at.
    return named and any(_named_growth(names, i) for i in range(1, n) if names[i] != names[i - 1])


@lru_cache(maxsize=256)  # a department's names column is the same text every month
def _scans(texts: str) -> tuple[bool, bool]:
    """Whether some line of ``texts`` (a column's texts, one per line) could be a bare growth word
    (:data:`_BARE_SCAN`), and whether one ends with a growth word (:data:`_NAMED_SCAN`)."""
    return _BARE_SCAN.search(texts) is not None, _NAMED_SCAN.search(texts) is not None


def _label_field(columns: Any) -> str | None:
    """The column naming each row: the indicator's name, else (rows by county under a title naming the
    indicator) the county's."""
    return "indicator_name" if "indicator_name" in columns else "county" if "county" in columns else None


def _mark_named(bare: list[bool], names: list[Any], codes: list[Any]) -> None:
    """Mark in ``bare`` the rows named as the growth of the row above (煤炭产量增速 under 煤炭产量) and
    given no code: growth rows like a bare 增速 (whether they join is checked as for those)."""
    if _NAMED_SCAN.search("\n".join(filter(str.__instancecheck__, names))):
        for i in range(1, len(names)):
            if not bare[i] and _named_growth(names, i) and _blank(codes[i]):
                bare[i] = True


def _row_keys(rows: pd.DataFrame, label: str, in_county: list[int]) -> list[tuple[Any, ...]]:
    """What must agree for a growth row to join the row above: county and period (an indicator's
    rows), or indicator and period (rows by county). A growth row typed in the county column takes
    the county of the row above."""
    same = ("county", "period") if label == "indicator_name" else ("indicator_code", "period")
    keys = list(zip(*(_texts(rows, c) for c in same if c in rows.columns), strict=True)) or [()] * len(rows)
    for i in in_county:  # its county cell holds 增长（%）
        keys[i] = (keys[i - 1][0], *keys[i][1:])
    return keys


def _county_growth_rows(
    rows: pd.DataFrame, names: list[Any], bare: list[bool], words: list[Any]
) -> list[int]:
    """Rows of a county table whose county cell is a bare growth word (规模以上工业增加值 | 七星关区 | 57.1
    then ‹blank› | 增长（%） | 5.7, the indicator filled down or repeated): the growth of the county above.
    Marked in ``bare`` (a growth row) and ``words`` (what the row is called: its county cell)."""
    if "county" not in rows.columns:
        return []
    counties = rows["county"].tolist()
    if not any(map(_is_bare, counties)):
        return []
    found = [
        i
        for i in range(1, len(counties))
        if not bare[i]
        and _is_bare(counties[i])
        and (_blank(names[i]) or normalize_name(str(names[i])) == normalize_name(str(names[i - 1])))
    ]
    for i in found:
        bare[i], words[i] = True, counties[i]
    return found


def _named_growth(names: list[Any], i: int) -> bool:
    """Row ``i`` is named as the growth of the row above: 煤炭产量 then 煤炭产量增速 (or 煤炭产量增长（%）)."""
    name, above = names[i], names[i - 1]
    if not (isinstance(name, str) and isinstance(above, str) and "增" in name):
        return False
    key, prefix = normalize_name(name), normalize_name(above)
    return bool(prefix) and key.startswith(prefix) and bool(_GROWTH_SUFFIX.fullmatch(key[len(prefix) :]))


def _is_bare(v: Any) -> bool:
    """A bare growth word (增速, 同比增长（%）, 其中：增长): short, with a 增 (C-level tests first)."""
    if not isinstance(v, str) or "增" not in v:
        return False
    word = v.strip(_PADDING)
    return len(word) <= 11 and word[:1] in _FIRST and bool(_BARE_GROWTH.match(normalize_name(word)))


def join_growth_rows(out: Any, vocab: Any, file_name: str = "", period: date | None = None) -> None:
    """Join growth rows to their indicator's row in ``out`` (a long table's SheetRows), in place;
    ``period`` is the table's month (in January a growth row's figure under 本月 is the year to date's)."""
    rows: pd.DataFrame = out.rows
    n = len(rows)
    label = _label_field(rows.columns)
    if n < 2 or vocab.catalog is None or label is None:
        return
    present = [m for m in _MEASURES if m in rows.columns]
    if not present:
        return
    # Blank cells are None by now (the long layout turned "" and spaces into None).
    filled = ~np.column_stack([pd.isna(rows[m].to_numpy()) for m in present])
    has_growth = (
        filled[:, present.index("growth_pct")].copy() if "growth_pct" in present else np.zeros(n, bool)
    )
    only_growth, pairable = np.zeros(n, dtype=bool), False
    if "growth_pct" in present and label == "indicator_name":
        only_growth = has_growth & (filled.sum(axis=1) == 1)
        # A growth-only row can join only a row with other figures (a table of growths has none).
        pairable = bool(only_growth.any()) and bool((filled.any(axis=1) & ~only_growth).any())
    names = rows[label].tolist()
    # Bare growth words are short and have a 增: C-level tests before the pattern (most tables have none).
    bare = [_is_bare(v) for v in names]
    codes = rows["indicator_code"].tolist() if "indicator_code" in rows.columns else [None] * n
    _mark_named(bare, names, codes)
    words = list(names)  # what each growth row is called (its label, or its county cell)
    in_county = _county_growth_rows(rows, names, bare, words) if label == "indicator_name" else []
    if not pairable and not any(bare):
        return
    if not pairable:
        only_growth = np.zeros(n, dtype=bool)
    if label == "county":  # rows by county under a title naming the indicator: the row above is a county
        targets = [vocab.catalog.county(v) if isinstance(v, str) and v.strip() else None for v in names]
    else:
        targets = [_target(c, v, vocab) for c, v in zip(codes, names, strict=True)]
    keys = _row_keys(rows, label, in_county)
    groups: dict[tuple[int, tuple[Any, ...]], list[int]] = {}
    for i, t in enumerate(targets):
        if t is not None:
            groups.setdefault((id(t), keys[i]), []).append(i)
    if not any(bare) and all(
        len(groups[(id(targets[i]), keys[i])]) == 1
        for i in np.flatnonzero(only_growth)
        if targets[i] is not None
    ):
        return  # each growth-only row is its indicator's only row (a growth target reported as its growth)
    numbers, january = rows["row"].tolist(), _in_january(period, rows)
    drop: list[int] = []
    taken: set[int] = set()
    for i in range(n):
        if bare[i] and i > 0 and numbers[i - 1] == numbers[i] - 1 and i - 1 not in taken:
            j = i - 1
            if targets[j] is None or bare[j] or keys[j] != keys[i]:
                continue
            if targets[i] is not None and targets[i] is not targets[j]:
                continue  # 某某增速 is a target of its own: its row is not the growth of 某某
            said = [present[k] for k in np.flatnonzero(filled[i])]
            joined = (  # a growth column gave the row above its growth already: the row says it twice
                _growth_row_twice(out, i, j, said, vocab, file_name, (words[i], targets[j]), january)
                if has_growth[j]
                else _join_growth_row(out, i, j, said, vocab, file_name, (words[i], targets[j]), january)
            )
            if not joined:
                continue
        elif only_growth[i] and targets[i] is not None:
            group = groups[(id(targets[i]), keys[i])]
            peers = [j for j in group if j != i and not has_growth[j]]
            rivals = [j for j in group if only_growth[j]]
            if len(peers) != 1 or len(rivals) != 1 or peers[0] in taken:
                continue  # two growths for one level (5.6 and 5.7): which is right cannot be told
            j = peers[0]
            _give_growth(out, src=i, dst=j, field="growth_pct")
        else:
            continue
        has_growth[j] = True
        taken.update((i, j))
        drop.append(i)
    if drop:
        out.rows = out.rows.drop(index=out.rows.index[drop])


def _in_january(period: date | None, rows: pd.DataFrame) -> bool:
    """A table of January (rows without a 统计期 of their own): its 本月 is the year to date (1-1月)."""
    return period is not None and period.month == 1 and "period" not in rows.columns


def _join_growth_row(
    out: Any,
    i: int,
    j: int,
    said: list[str],
    vocab: Any,
    file_name: str,
    named: tuple[Any, Any],
    january: bool = False,
) -> bool:
    """Row ``i`` (a growth row with figures in the fields ``said``) joined to row ``j`` above, if it can be:
    its one year-to-date figure becomes ``j``'s growth. Under 本月 | 累计 the row holds two growths:
    累计's is the indicator's, 本月's the month's own (against last year's month), which no target uses:
    a 提示, not read. In ``january`` a figure under 本月 alone is the year to date's growth."""
    rows: pd.DataFrame = out.rows
    if not said or not all(_percent_or_none(rows, i, f) for f in said):
        return False
    rest = [f for f in said if f != "value_month"] or (["value_month"] if january else [])
    if len(rest) > 1 or (rest and rest[0] == "value_ytd_prior"):
        return False  # a growth under 上年同期, or two year-to-date figures: whose is unclear
    word, target = str(named[0]).strip(_PADDING), named[1]
    # 增减 alone (no 增长/增速, no %): in percentage points under a rate, else percent or the level's unit.
    unstated = bare_change(word) and all(_blank(rows[c].iat[i]) for c in ("unit", *(f"unit:{f}" for f in said)) if c in rows.columns)  # fmt: skip
    if rest and unstated and _is_rate(target):
        number = int(rows["row"].iat[i])
        said_zh = (f"第{number}行“{word}”的数（{fmt_as_typed(rows[rest[0]].iat[i])}）是上一行比率增减的百分点，"
                   "不是增速（%），未读取。")  # fmt: skip
        out.warnings.append(_note(out, i, rest[0], file_name, Code.COLUMN_IGNORED, Severity.WARNING, said_zh))
        return True
    if rest:
        _give_growth(out, src=i, dst=j, field=rest[0])
        if unstated:  # as a 增减 column without (%): validation decides from the figures (validate/growth.py)
            if "unit:growth_pct" not in rows.columns:
                rows["unit:growth_pct"] = pd.Series([None] * len(rows), index=rows.index, dtype=object)
            rows.iat[j, rows.columns.get_loc("unit:growth_pct")] = CHANGE_UNSTATED
    if rest != ["value_month"] and "value_month" in said and parse_number(rows["value_month"].iat[i], vocab.spec) is not None:  # fmt: skip
        out.warnings.append(_month_growth_note(out, i, word, file_name))
    return True


def _is_rate(target: Any) -> bool:
    """A share or level measured in % or ‰ (城镇化率): its 增减 is in percentage points."""
    kind = getattr(target, "kind", None)
    return str(getattr(kind, "value", kind)) in ("share", "level") and getattr(target, "unit", None) in (
        "%",
        "‰",
    )


def _year_figure(rows: pd.DataFrame, i: int, said: list[str], january: bool = False) -> str | None:
    """The field of a growth row's one year-to-date figure (its 本月 figure aside, unless it is alone in
    ``january``), if it has exactly one and every figure of the row is in % or says no unit."""
    if not said or not all(_percent_or_none(rows, i, f) for f in said):
        return None
    rest = [f for f in said if f != "value_month"] or (["value_month"] if january else [])
    return rest[0] if len(rest) == 1 and rest[0] != "value_ytd_prior" else None


def _growth_row_twice(
    out: Any,
    i: int,
    j: int,
    said: list[str],
    vocab: Any,
    file_name: str,
    named: tuple[Any, Any],
    january: bool = False,
) -> bool:
    """Row ``i`` (其中：增速) under row ``j`` whose growth column holds a growth already. The same figure
    (to the digits both show): the row repeats it, a 提示. Another figure: which is right cannot be
    told, so neither loads (``growth_twice_different`` on row ``j``'s growth: the growth alone when the
    target is measured by another figure, else the row goes without its measure)."""
    rows: pd.DataFrame = out.rows
    field = _year_figure(rows, i, said, january)
    if field is None:
        return False
    here, there = rows[field].iat[i], rows["growth_pct"].iat[j]
    a, b = _growth_figure(here, vocab), _growth_figure(there, vocab)
    if not isinstance(a, float) or not isinstance(b, float):
        return False  # an unreadable growth on either side: left as it was
    # Compared as shown: a fraction in a percent-formatted cell (0.086 shown 8.6%) is 8.6.
    (a, here_zh, here_places), (b, there_zh, there_places) = (
        _as_shown(rows, i, field, a, here),
        _as_shown(rows, j, "growth_pct", b, there),
    )
    word, target = str(named[0]).strip(_PADDING), named[1]
    number, above = int(rows["row"].iat[i]), int(rows["row"].iat[j])
    places = min(here_places, there_places)
    if round(a, places) == round(b, places):
        said_zh = (
            f"第{number}行“{word}”的数（{here_zh}）与第{above}行增速列的{there_zh}是同一增速，未重复读取。"
        )
        out.warnings.append(_note(out, i, field, file_name, Code.COLUMN_IGNORED, Severity.WARNING, said_zh))
    else:
        kind = getattr(target, "kind", None)
        alone = str(getattr(kind, "value", kind)) != "growth_rate"
        said_zh = (
            f"第{above}行增速列的{there_zh}与第{number}行“{word}”的{here_zh}"
            "不一致，无法确定哪个正确，两者都未入库；请核对后只在一处填写增速"
            + (GROWTH_REFUSED_ALONE_ZH if alone else "（该指标按增速考核，本行未入库）")
        )
        out.warnings.append(
            _note(out, j, "growth_pct", file_name, Code.GROWTH_TWICE_DIFFERENT, Severity.ERROR, said_zh)
        )
        for name in ("growth_pct", "fmt:growth_pct", "unit:growth_pct"):
            if name in rows.columns:
                rows.iat[j, rows.columns.get_loc(name)] = None
    if (
        field != "value_month"
        and "value_month" in said
        and parse_number(rows["value_month"].iat[i], vocab.spec) is not None
    ):
        out.warnings.append(_month_growth_note(out, i, word, file_name))
    return True


def _growth_figure(raw: Any, vocab: Any) -> float | None:
    """A growth cell's figure as validation reads it (增长5.3%, 下降2.1%, ５．３, 持平), else None."""
    if raw is None or (isinstance(raw, float | int) and not isinstance(raw, bool)):
        number = parse_number(raw, vocab.spec)
        return number if isinstance(number, float) else None
    reading = read_cell(raw, missing=vocab.spec.missing_markers, units=vocab.units, growth=True)
    if reading.problem is not None or reading.number is None or reading.unit or reading.scale != 1.0:
        return None
    return float(reading.number)


def _as_shown(rows: pd.DataFrame, k: int, field: str, number: float, raw: Any) -> tuple[float, str, int]:
    """A growth cell's figure as the sheet shows it, as quoted, and its decimals: a number in a
    percent-formatted cell (0.086 shown 8.6%) is a hundred times what it stores."""
    code = rows[f"fmt:{field}"].iat[k] if f"fmt:{field}" in rows.columns else None
    if isinstance(code, str) and not isinstance(raw, str) and format_kind(code) == "percent":
        shown = number * 100
        return shown, f"{fmt_as_typed(shown)}%", max(0, _places(raw) - 2)
    return number, fmt_as_typed(raw), _places(raw)


def _target(code: Any, name: Any, vocab: Any) -> Any:
    if isinstance(code, str) and code.strip():
        return vocab.catalog.get(code.strip())
    return vocab.find_indicator(name) if isinstance(name, str) and name.strip() else None


def _texts(rows: pd.DataFrame, column: str) -> list[Any]:
    """A column as typed, blanks None (what must agree for two rows to be one indicator's)."""
    return [None if _blank(v) else str(v).strip() for v in rows[column].tolist()]


def _percent_or_none(rows: pd.DataFrame, i: int, field: str) -> bool:
    """Whether row ``i`` says nothing about its unit or says % (its unit cell, and its figure's column)."""
    for column in ("unit", f"unit:{field}"):
        unit = rows[column].iat[i] if column in rows.columns else None
        if not (_blank(unit) or str(unit).strip() in ("%", "％", "百分比")):
            return False
    return True


def _give_growth(out: Any, *, src: int, dst: int, field: str) -> None:
    """Row ``src``'s figure in ``field`` (with its cell, format and unit) becomes row ``dst``'s growth."""
    rows: pd.DataFrame = out.rows
    cell = _cell_of(out, src, field)
    for prefix in ("", "fmt:", "unit:") if field == "growth_pct" else ("", "fmt:"):
        name = f"{prefix}{field}"
        if name not in rows.columns:
            continue
        target = f"{prefix}growth_pct"
        if target not in rows.columns:
            rows[target] = pd.Series([None] * len(rows), index=rows.index, dtype=object)
        rows.iat[dst, rows.columns.get_loc(target)] = rows[name].iat[src]
    if cell is not None:
        if "cell:growth_pct" not in rows.columns:
            rows["cell:growth_pct"] = pd.Series([None] * len(rows), index=rows.index, dtype=object)
        rows.iat[dst, rows.columns.get_loc("cell:growth_pct")] = cell
