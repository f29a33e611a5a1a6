"""A sheet of growths beside the sheet of figures: each growth joined to the figures it is the growth of.

Departments often send the year to date's figures on one sheet and their growths on another::

    1-6月:  指标名称 | 计量单位 | 本月  | 1-6月累计          增速:  指标名称 | 本月 | 1-6月累计
            煤炭产量 | 万吨     | 612.4 | 3550.2                    煤炭产量 | 5.1  | 8.6

Read sheet by sheet, the second sheet's rows are the same indicators, counties and month again (refused
as duplicates, the growths lost). A careful reader takes the growth sheet — named or titled as one
(增速, 增长情况, 同比, …增速), with no unit but % — as the growths of the same period's figures:

- its period is its own (title or sheet name), else the workbook's figures'; its own period naming
  another month than the figures' sheets is a conflict: the growth sheet is refused (``layout_ambiguous``);
- the figure under 1-6月累计 (or the sheet's one figure per row or county) is the year to date's growth,
  joined to the row of the same indicator, county and month on the figures' sheet; the one under 本月 is
  the month's own growth, which no target uses (a ``column_ignored`` 提示) — except in January, when the
  month is the year to date;
- beside figures of several months (a sheet per month) it joins its own month's, and naming none it is
  refused (``layout_ambiguous``: which month's cannot be told); with a 统计期 column each row joins the
  figures' row of its own month; a 上年同期 column on it is last year's growths (a ``column_ignored`` 提示);
- a figures' row with a growth of its own: the same growth is read once (提示), another refuses both
  (``growth_twice_different``); a growth with no figures' row stays a row of its own (a growth target's
  growth loads; another target's row then lacks its measure and is refused as such).

Each joined growth keeps its own cell, written ``增速!C3``, so messages point at the sheet it was typed on.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pandas as pd

from bijie_etl.errors import GROWTH_REFUSED_ALONE_ZH, Code, Failure, Severity
from bijie_etl.ingest.growth_notes import blank as _blank
from bijie_etl.ingest.growth_notes import cell_of
from bijie_etl.ingest.headers import parse_period
from bijie_etl.ingest.table_rows import has_field, no_rows
from bijie_etl.text import normalize_name
from bijie_etl.vocabulary import fmt_as_typed

__all__ = ["join_growth_sheets"]

#: A sheet name or title saying the sheet holds growths (增速, 分县增速, 增长情况, 同比, …增长速度).
_GROWTH_NAME = re.compile(r"(?:增速|增长速度|增幅|增长率|增长情况|同比增长|同比)(?:情况|表|[(（]%[)）])?$")
#: Words of a title whose table holds figures as well (…完成情况及增速): not a sheet of growths.
_FIGURE_WORDS = ("完成", "总量", "绝对", "总额及", "及增")
_FIGURES = ("value_ytd", "value")  # a year to date's figure, or the period's one figure
_PERCENT = ("%", "％", "百分比")


def _says_growth(sheet: Any) -> bool:
    """The sheet is named or titled as a table of growths, its title not naming figures too."""
    title = (sheet.table.title[-1] if sheet.table is not None and sheet.table.title else "").strip()
    if title and any(w in title for w in _FIGURE_WORDS):
        return False
    return bool(_GROWTH_NAME.search(normalize_name(sheet.sheet)) or (title and _GROWTH_NAME.search(title)))


def _only_percent(rows: pd.DataFrame) -> bool:
    """No unit but % on any row or column (a growth sheet states no level unit)."""
    for column in [c for c in rows.columns if c == "unit" or c.startswith("unit:")]:
        if any(not _blank(u) and str(u).strip() not in _PERCENT for u in rows[column].tolist()):
            return False
    return True


def _growth_sheet(sheet: Any) -> bool:
    if no_rows(sheet) or not _says_growth(sheet):  # the usual sheet: not named or titled for growths
        return False
    figures = [c for c in ("value_month", *_FIGURES, "growth_pct") if has_field(sheet, c)]
    return bool(figures) and _only_percent(sheet.rows)


def _row_period(row: dict[str, Any], default: date | None) -> date | None:
    """The month a row is about: its own 统计期 (a table by month), else ``default`` (its sheet's)."""
    own = row.get("period")
    return parse_period(own) if not _blank(own) else default


def _key(vocab: Any, row: dict[str, Any], period: date | None) -> tuple[Any, ...] | None:
    """(target, county, month) a row is about, or None when its indicator is unknown."""
    code, name = row.get("indicator_code"), row.get("indicator_name")
    if isinstance(code, str) and code.strip():
        target = vocab.catalog.get(code.strip())
    else:
        target = vocab.find_indicator(name) if isinstance(name, str) and name.strip() else None
    if target is None or period is None:
        return None
    county = row.get("county")
    official = vocab.catalog.county(str(county)) if not _blank(county) else None
    return (target.code, official or ("全市" if _blank(county) else str(county).strip()), period)


def _own_period(sheet: Any) -> bool:
    return sheet.period_hint is not None and sheet.period_source.startswith(("标题", "工作表名", "表头"))


def join_growth_sheets(sheets: list[Any], vocab: Any, file_name: str) -> list[Any]:
    """``sheets`` (a workbook's SheetRows) with each growth sheet's growths joined to the figures' rows: those
    of the growth sheet's own month (title or sheet name), else of the figures' one month; a growth sheet
    with a 统计期 column joins row by row, each to the figures' row of its month."""
    if vocab.catalog is None:
        return sheets
    growth = [s for s in sheets if _growth_sheet(s)]
    if not growth:
        return sheets
    figures = [s for s in sheets if s not in growth and not s.rows.empty]
    if not figures:  # growths alone (各县煤炭产量增速 over 数值): growths still, never a level's figures
        for g in growth:
            _as_growths(g, file_name, january=g.period_hint is not None and g.period_hint.month == 1)
        return sheets
    index: dict[tuple[Any, ...], tuple[Any, int]] = {}
    months: dict[date, Any] = {}  # each month of the figures → its first sheet
    for s in figures:
        by_row = "period" in s.rows.columns
        for i, row in enumerate(s.rows.to_dict("records")):
            month = _row_period(row, s.period_hint) if by_row else s.period_hint
            key = _key(vocab, row, month)
            if key is not None and month is not None:
                index.setdefault(key, (s, i))
                months.setdefault(month, s)
    if not months:
        return sheets
    for g in growth:
        own = g.period_hint if _own_period(g) else None
        if "period" not in g.rows.columns and (own not in months if own is not None else len(months) > 1):
            if own is not None or _joins_some(g, months, index, vocab):
                _refuse(g, months, file_name)  # another month than the figures', or which of theirs is unsaid
            continue
        period = own or next(iter(months))
        records = g.rows.to_dict("records")
        keys = [_key(vocab, r, _row_period(r, period)) for r in records]
        if not any(k in index for k in keys if k is not None):
            continue  # none of its rows is a figures' row: left as it was read
        g.period_hint, g.period_source = period, g.period_source if own else months[period].period_source
        january = all(k is None or k[2].month == 1 for k in keys)
        _as_growths(g, file_name, january=january)
        drop = [i for i, k in enumerate(keys) if k in index and _join(g, i, *index[k], vocab, file_name)]
        if drop:
            g.rows = g.rows.drop(index=g.rows.index[drop])
    return sheets


def _joins_some(g: Any, months: dict[date, Any], index: dict[tuple[Any, ...], Any], vocab: Any) -> bool:
    """Some row of growth sheet ``g`` is about a figures' row of one of ``months``."""
    return any(_key(vocab, r, m) in index for r in g.rows.to_dict("records") for m in months)


def _as_growths(g: Any, file_name: str, *, january: bool) -> None:
    """The growth sheet's figures as what they are: the year to date's growth (``growth_pct``, with its
    cell, format and unit); the month's own growth under 本月 not read (a 提示 per column), except in
    January, or when the sheet has no other figure in January."""
    rows: pd.DataFrame = g.rows
    n = len(rows)
    fields = [f for f in (*_FIGURES, *(["value_month"] if january else [])) if f in rows.columns]
    for prefix in ("", "cell:", "fmt:", "unit:"):
        if f"{prefix}growth_pct" not in rows.columns:
            rows[f"{prefix}growth_pct"] = pd.Series([None] * n, index=rows.index, dtype=object)
    for i in range(n):
        if not _blank(rows["growth_pct"].iat[i]):
            continue
        for f in fields:
            if not _blank(rows[f].iat[i]):
                for prefix in ("", "fmt:", "unit:"):
                    if f"{prefix}{f}" in rows.columns:
                        rows.iat[i, rows.columns.get_loc(f"{prefix}growth_pct")] = rows[f"{prefix}{f}"].iat[i]
                rows.iat[i, rows.columns.get_loc("cell:growth_pct")] = cell_of(g, i, f)
                break
    if "value_month" in rows.columns and not january:
        seen: set[str] = set()
        for i in range(n):
            cell = cell_of(g, i, "value_month")
            letter = re.sub(r"\d+$", "", cell or "")
            if _blank(rows["value_month"].iat[i]) or letter in seen:
                continue
            seen.add(letter)
            g.warnings.append(
                Failure(
                    code=Code.COLUMN_IGNORED,
                    message_zh=f"工作表“{g.sheet}”是增速表，“本月”列（{letter}列）是本月的增速，考核只用累计增速，未读取。",
                    file=file_name,
                    sheet=g.sheet,
                    cell=f"{letter}{g.header_row}" if letter else None,
                    severity=Severity.WARNING,
                )
            )
    if "value_ytd_prior" in rows.columns and rows["value_ytd_prior"].notna().any():
        letter = re.sub(
            r"\d+$", "", next((c for i in range(n) if (c := cell_of(g, i, "value_ytd_prior"))), "")
        )
        why = "是上年同期的增速，不是本年数据，未读取"
        g.warnings.append(
            Failure(Code.COLUMN_IGNORED, f"工作表“{g.sheet}”是增速表，“上年同期”列（{letter}列）{why}。", file_name,
                    g.sheet, f"{letter}{g.header_row}" if letter else None, severity=Severity.WARNING)
        )  # fmt: skip
    for f in ("value_month", *_FIGURES, "value_ytd_prior"):
        if f in rows.columns:
            rows[f] = pd.Series([None] * n, index=rows.index, dtype=object)
    g.columns = {k: v for k, v in g.columns.items() if k not in ("value_month", *_FIGURES, "value_ytd_prior")}


def _join(g: Any, i: int, f: Any, j: int, vocab: Any, file_name: str) -> bool:
    """Row ``i`` of growth sheet ``g`` joined to row ``j`` of figures' sheet ``f``: whether it was."""
    gr, fr = g.rows, f.rows
    figure = gr["growth_pct"].iat[i]
    if _blank(figure):
        return False
    where = f"{g.sheet}!{gr['cell:growth_pct'].iat[i]}"
    if "growth_pct" in fr.columns and not _blank(fr["growth_pct"].iat[j]):
        return _twice(g, i, f, j, where, vocab, file_name)
    for prefix in ("", "cell:", "fmt:", "unit:"):
        name = f"{prefix}growth_pct"
        if name not in fr.columns:
            fr[name] = pd.Series([None] * len(fr), index=fr.index, dtype=object)
        fr.iat[j, fr.columns.get_loc(name)] = where if prefix == "cell:" else gr[name].iat[i]
    return True


def _twice(g: Any, i: int, f: Any, j: int, where: str, vocab: Any, file_name: str) -> bool:
    """A figures' row with a growth of its own and one on the growth sheet: the same is read once (提示);
    another leaves which is right unknown: neither loads (``growth_twice_different``)."""
    from bijie_etl.ingest.growth_notes import places
    from bijie_etl.ingest.headers import parse_number

    here, there = g.rows["growth_pct"].iat[i], f.rows["growth_pct"].iat[j]
    a, b = parse_number(here, vocab.spec), parse_number(there, vocab.spec)
    if not isinstance(a, float) or not isinstance(b, float):
        return False
    theirs = cell_of(f, j, "growth_pct")
    digits = min(places(here), places(there))
    number = int(g.rows["row"].iat[i])
    if round(a, digits) == round(b, digits):
        said = f"增速表{where}的{fmt_as_typed(here)}与工作表“{f.sheet}”{theirs}的增速相同，未重复读取。"
        g.warnings.append(
            Failure(Code.COLUMN_IGNORED, said, file_name, g.sheet, where.split("!", 1)[1], number, str(here),
                    severity=Severity.WARNING)
        )  # fmt: skip
        return True
    target = (
        vocab.find_indicator(f.rows["indicator_name"].iat[j]) if "indicator_name" in f.rows.columns else None
    )
    kind = getattr(getattr(target, "kind", None), "value", None)
    said = (
        f"增速列的{fmt_as_typed(there)}与增速表{where}的{fmt_as_typed(here)}不一致，无法确定哪个正确，两者都未入库；"
        "请核对后只在一处填写增速"
        + (GROWTH_REFUSED_ALONE_ZH if kind != "growth_rate" else "（该指标按增速考核，本行未入库）")
    )
    f.warnings.append(
        Failure(Code.GROWTH_TWICE_DIFFERENT, said, file_name, f.sheet, theirs, int(f.rows["row"].iat[j]),
                str(there), severity=Severity.ERROR)
    )  # fmt: skip
    for name in ("growth_pct", "fmt:growth_pct", "unit:growth_pct"):
        if name in f.rows.columns:
            f.rows.iat[j, f.rows.columns.get_loc(name)] = None
    return True


def _refuse(g: Any, months: dict[date, Any], file_name: str) -> None:
    """A growth sheet stating another month than the figures', or stating none beside figures of several
    months: whose growths these are cannot be told."""
    own = g.period_hint if _own_period(g) else None
    n = len(g.rows)
    g.rows = g.rows.iloc[0:0]
    theirs = "、".join(
        f"工作表“{f.sheet}”的{f.period_source}写的是{m.year}年{m.month}月" for m, f in sorted(months.items())
    )
    said = (
        f"工作表“{g.sheet}”（增速）的{g.period_source}写的是{own.year}年{own.month}月，而{theirs}，两者不一致"
        if own is not None
        else f"工作表“{g.sheet}”（增速）没有写明统计期，而{theirs}，不知道增速是哪个月的"
    )
    g.warnings.append(
        Failure(
            code=Code.LAYOUT_AMBIGUOUS,
            message_zh=(
                f"无法确定增速表的统计期：{said}，本表{n}行未入库；"
                + (
                    "请核对后把两表改为同一统计期再报送"
                    if own is not None
                    else "请在增速表的标题中写明统计期（如“2024年1-6月”）再报送"
                )
            ),
            file=file_name,
            sheet=g.sheet,
            severity=Severity.ERROR,
            rows_refused=n,
        )
    )
