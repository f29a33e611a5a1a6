"""A table's period against what its sheet name says.

A workbook with a sheet per month often carries one title copied onto every sheet (5月 and 6月 both
titled 2024年1-6月…): which of the two statements is right cannot be told from the file, so the rows read
at the title's period are refused rather than loaded at either month.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from bijie_etl.errors import Code, Failure, Severity
from bijie_etl.ingest.headers import _default_spec as _header_spec
from bijie_etl.ingest.headers import (
    header_key,
    parse_period,
    period_from_text,
    without_sent_dates,
)
from bijie_etl.ingest.layouts import SheetRows
from bijie_etl.ingest.period_names import (
    _BARE_MONTH,
    SheetMonth,
    file_month,
    file_name_period,
    made_on,
    months_by_number,
    named_month,
    revised_later,
    sheet_month,
)
from bijie_etl.ingest.table_rows import field_values, has_field, no_rows, row_count

if TYPE_CHECKING:
    from bijie_etl.ingest.tables import Table

__all__ = [
    "SheetMonth",
    "file_name_period",
    "merged_issues",
    "monthly_report",
    "months_by_number",
    "named_month",
    "period_missing",
    "refuse_period_conflict",
    "refuse_sheet_month_conflict",
    "report_period",
    "sheet_month",
    "table_period",
]


def monthly_report(table: Table, sheet_name: str, file_stem: str) -> bool:
    """False when the title, sheet or file name says the report is not monthly (季报, 旬报:
    ``not_monthly_words`` of headers.yaml): a 统计期 cell 第2期 (or 2) is then no month."""
    words = _header_spec().not_monthly_words
    return not any(_says(t, words) for t in (*(t for t, _ in table.title_cells), sheet_name, file_stem))


def merged_issues(table: Table, sheet_name: str, file_stem: str) -> bool:
    """True when the title, sheet or file name says the report is a 统计月报 (``merged_issue_words`` of
    headers.yaml), whose issues may be numbered with January and February merged (第1期 = 1-2月)."""
    words = _header_spec().merged_issue_words
    return any(_says(t, words) for t in (*(t for t, _ in table.title_cells), sheet_name, file_stem))


@lru_cache(maxsize=4096)
def _says(text: str, words: tuple[str, ...]) -> bool:
    """One of ``words`` in ``text``'s header key (a title, sheet or file name is asked several times a table)."""
    key = header_key(text)
    return any(w in key for w in words)


def table_period(
    table: Table,
    sheet_name: str,
    file_stem: str,
    grammar: Any,
    *,
    numbered: bool = False,
) -> tuple[date | None, str, int | None]:
    """A table's period and where it came from: its title, its header's group cells, a month named in
    the title without a year (毕节市1-6月…, the year from the title, sheet or file name), the sheet name (a
    month-only name takes the year of the title or file name; a number alone, 05, when ``numbered``:
    see :func:`months_by_number`), then the file name."""
    for text, cell in table.title_cells:
        found = period_from_text(_stated(text))
        if found:
            return found, f"标题（{cell}）", found.year
    year = _year_in([_stated(t) for t, _ in table.title_cells]) or _year_in([sheet_name, file_stem])
    file_period = file_name_period(file_stem)
    year = year or (file_period.year if file_period else None)
    issue = _own_issue(table, sheet_name, file_stem, year)
    if issue is not None:  # 能源局月报 2024年第5期: a department's own monthly report, numbered by month
        return issue
    in_header = [
        (found, cell)
        for col in table.columns  # the header's cells, column by column, top down
        for text, cell in zip(col.path, col.cells, strict=True)
        if (found := period_from_text(text))
    ]
    if in_header:
        found, cell = in_header[0]
        years = {f.year for f, _ in in_header}
        if len({f.month for f, _ in in_header}) == 1 and len(years) == 2 and max(years) - min(years) == 1:
            # 2023年1-6月 | 2024年1-6月 (last year first): the table's period is this year's
            found, cell = next((f, c) for f, c in in_header if f.year == max(years))
        return found, f"表头（{cell}）", found.year
    header_year = None if year else _header_years(table)  # 2024年 | 2023年 columns: this year and last
    for text, cell in table.title_cells:  # 毕节市1-6月能源生产情况 in 能源局2024年报表.xlsx
        said = named_month(_stated(text), grammar) if (year or header_year) and _stated(text) else None
        if said is not None and year is not None:
            return date(year, said.month, 1), f"标题（{cell}）（年份取自标题、工作表名或文件名）", year
        if said is not None and header_year is not None:
            return date(header_year, said.month, 1), f"标题（{cell}）（年份取自表头的本年列）", header_year
    found = period_from_text(sheet_name) if sheet_name != file_stem else None  # a csv's sheet is its file
    if found:
        return found, f"工作表名“{sheet_name}”", found.year
    named = sheet_month(sheet_name, file_stem, grammar, numbered=numbered)
    # A number alone (05) names the month only when the file name names none other: against a file
    # named for June, sheet 5 may be May's sheet or table 5 of June's report (refused below).
    if named and named.year:  # 24.05, Jun-24: the sheet's own year
        return date(named.year, named.month, 1), f"工作表名“{sheet_name}”", named.year
    if named and year and not (named.bare and file_period and file_period.month != named.month):
        return date(year, named.month, 1), f"工作表名“{sheet_name}”（年份取自标题或文件名）", year
    if file_period:
        return file_period, "文件名", file_period.year
    in_file = named_month(file_stem, grammar) if year and not made_on(file_stem) else None  # 能源局6月报表
    if in_file is not None and year is not None:
        return date(year, in_file.month, 1), "文件名", year
    return None, "", year


def _own_issue(
    table: Table, sheet_name: str, file_stem: str, year: int | None
) -> tuple[date, str, int] | None:
    """The period of a title line 2024年第5期 (第5期, the year from the title, sheet or file name) of a department's
    own monthly report (``monthly_report_words``, and not a 统计月报 nor a 季报: see headers.yaml): month N."""
    words = _header_spec().monthly_report_words
    texts = (*(t for t, _ in table.title_cells), sheet_name, file_stem)
    if year is None or not any(_says(t, words) for t in texts):
        return None  # the usual table: no 月报 word (tested first: the three tests are pure)
    if merged_issues(table, sheet_name, file_stem) or not monthly_report(table, sheet_name, file_stem):
        return None
    for text, cell in table.title_cells:
        m = _ISSUE.search(header_key(_stated(text)))
        if m is not None and 1 <= (month := int(m.group(1))) <= 12:
            return (
                date(year, month, 1),
                f"标题（{cell}）“{text}”（本部门月报按月编期，第{month}期即{month}月）",
                year,
            )
    return None


def period_missing(table: Table, sheet_name: str, file_stem: str, grammar: Any) -> str:
    """What a table without a period lacks, in Chinese, for the message of a row without a 统计期: the
    year when a title line names months without one (毕节市1-6月…, and no year in the sheet or file
    name), else that no period is stated anywhere."""
    for text, cell in table.title_cells:
        if _stated(text) and named_month(_stated(text), grammar) is not None:
            return f"标题（{cell}）“{text}”只写了月份，没有写年份，工作表名和文件名中也没有年份"
        if m := _ISSUE.search(
            header_key(text)
        ):  # 2024年第5期: an issue, whose month depends on the numbering
            n = int(m.group(1))
            if merged_issues(table, sheet_name, file_stem):
                return f"标题（{cell}）“{text}”只写了期数，没有写月份：统计月报的第{n}期可能是{n}月（按月编期），也可能是{n + 1}月（1-2月合为第1期）"  # fmt: skip
            if not monthly_report(table, sheet_name, file_stem):
                return f"标题（{cell}）“{text}”只写了期数，没有写月份（季报、旬报等的期数不是月份）"
            return f"标题（{cell}）“{text}”只写了期数，没有写月份（期数不一定是月份：统计月报常把1-2月合为第1期）"
    if sheet_name != file_stem and named_month(sheet_name, grammar) is not None:
        return f"工作表名“{sheet_name}”只写了月份，没有写年份，标题和文件名中也没有年份"
    if sheet_name != file_stem and (
        grammar.own_span_in(sheet_name) or _LATER_RANGE.search(header_key(sheet_name))
    ):
        return f"工作表名“{sheet_name}”写的是不从1月开始的一段月份（单季、下半年等），不是某月的累计，标题和文件名中也没有统计期"  # fmt: skip
    return "标题、工作表名和文件名中也没有统计期"


#: A range of months not from January in a name (4-6月, 7-12月): a span of its own, no month's year to date.
_LATER_RANGE = re.compile(r"(?<!\d)(?:[2-9]|1[0-2])-\d{1,2}月")


@lru_cache(maxsize=4096)
def _stated(text: str) -> str:
    """A title line without its parts (cells) that are dates of the form rather than its period: a date
    line (制表日期：…, 填报日期：…) and a form's metadata (有效期至：2025年12月, 批准文号: ``form_words``):
    ``报告期：2024年6月 填报日期：2024年7月5日`` → ``报告期：2024年6月``."""
    form_words = _header_spec().form_words
    parts = text.split()
    kept = [p for p in parts if "日期" not in p and not any(w in header_key(p) for w in form_words)]
    return text if len(kept) == len(parts) else " ".join(kept)


def _header_years(table: Table) -> int | None:
    """The later of exactly two consecutive years the header's cells name (2024年 | 2023年, 2024年 › 本月 |
    2023年 › 本月): this year beside last year's. One year alone (2023年1-6月 beside 1-6月累计 may be last
    year's column) or years further apart say nothing."""
    years = {int(m.group(1)) for c in table.columns for t in c.path if (m := _YEAR.search(header_key(t)))}
    return max(years) if len(years) == 2 and max(years) - min(years) == 1 else None


def _year_in(texts: list[str]) -> int | None:
    """The first year in ``texts``, leaving out date lines and stamps (填报时间：2025年1月5日)."""
    for text in texts:
        found = _year_of(text)
        if found is not None:
            return found
    return None


@lru_cache(maxsize=4096)
def _year_of(text: str) -> int | None:
    """:func:`_year_in` of one text (a department's title, sheet and file names recur)."""
    if "日期" in text:
        return None
    m = _YEAR.search(without_sent_dates(header_key(text)))
    return int(m.group(1)) if m else None


_YEAR = re.compile(r"(?<!\d)(20\d{2})(?!\d)")
#: An issue number in a title line: 第5期, 第 5 期 (a header key has no spaces).
_ISSUE = re.compile(r"第(\d{1,2})期")


def _table_numbers(sheets: Sequence[Any], month: int) -> bool:
    """True when the sheets named by a number alone run 1, 2 … without a gap and none is ``month``."""
    numbers = {int(header_key(s.name)) for s in sheets if _BARE_MONTH.fullmatch(header_key(s.name))}
    return bool(numbers) and numbers == set(range(1, len(numbers) + 1)) and month not in numbers


def refuse_sheet_month_conflict(
    rows: SheetRows,
    sheet_name: str,
    path: Path,
    said: tuple[date | None, str],
    grammar: Any,
    *,
    numbered: bool = False,
    sheets: Sequence[Any] = (),
) -> SheetRows:
    """A sheet named for one month under a title (or header) naming another: 5月 tab, 2024年1-6月 title.

    Workbooks with a sheet per month often carry one title copied onto every sheet; reading each sheet
    at the title's month loads May's figures as June's (and refuses June's as duplicates). Which of the
    two is right cannot be told, so the rows read at the table's period are refused (LAYOUT_AMBIGUOUS)
    with both statements named; rows with a period of their own (a 统计期 or month column) are kept.
    A sheet named by a number alone (``numbered``: 05 | 06) read at the file name's month is refused
    the same way when the number is another month (May's sheet, or table 5 of June's report?). Sheets
    numbered 1, 2 … from 1 (``sheets``: the workbook's) none of which is the title's month are its tables'
    numbers, not months: a workbook with a sheet per month has one for the month its titles name.
    """
    period, source = said
    if period is None or not source.startswith(("标题", "表头", "文件名")) or no_rows(rows):
        return rows
    named = sheet_month(sheet_name, path.stem, grammar, numbered=numbered)
    if named is None or (named.month == period.month and named.year in (None, period.year)):
        return rows
    if date(named.year or period.year, named.month, 1) > period and revised_later(
        sheet_name, period, grammar
    ):
        return rows  # a sheet 7月更新 under a 2024年1-6月 title: June's figures, updated in July
    if source == "文件名" and not named.bare:
        return rows  # a month the sheet names in words is the sheet's period, whatever the file name says
    if named.bare and source.startswith(("标题", "表头")) and _table_numbers(sheets, period.month):
        return rows  # sheets 1 | 2 under 2024年1-6月 titles: table 1 and table 2 of June's report
    frame = rows.rows
    own = (
        frame["period"].notna() & (frame["period"].astype(str).str.strip() != "")
        if "period" in frame
        else None
    )
    at_title = ~own if own is not None else pd.Series(True, index=frame.index)
    if not at_title.any():
        return rows
    rows.rows = frame[~at_title]
    month = f"{named.year}年{named.month}月" if named.year else f"{named.month}月"
    stated = (
        f"工作表名“{sheet_name}”可能是{month}，也可能只是表的序号"
        if named.bare
        else f"工作表名“{sheet_name}”写的是{month}"
    )
    rows.warnings.append(
        Failure(
            code=Code.LAYOUT_AMBIGUOUS,
            message_zh=(
                f"无法确定表格的统计期：{stated}，{source}写的是"
                f"{period.year}年{period.month}月，两者不一致，本表{int(at_title.sum())}行未入库；"
                + (
                    f"如果“{sheet_name}”是表的序号，请把工作表名改为“表{sheet_name}”，如果是月份，请改为“{named.month}月”并核对"
                    f"{'文件名' if source == '文件名' else '标题'}后再报送"
                    if named.bare
                    else "请核对后把工作表名和标题改为同一统计期再报送"
                )
            ),
            file=path.name,
            sheet=sheet_name,
            cell=None,
            severity=Severity.ERROR,
            rows_refused=int(at_title.sum()),
        )
    )
    return rows


#: A date to the day (2024年7月10日, 2024-07-10, 2024/7/10): when a table was made or released, not the
#: period it covers — unless a period word labels it (统计期：2024年6月30日).
_DAY_DATE = re.compile(r"\d{1,2}月\d{1,2}日|(?<!\d)20\d{2}[./-]\d{1,2}[./-]\d{1,2}(?!\d)")
_PERIOD_WORDS = ("统计期", "报告期", "统计时间", "统计月份", "统计时段", "时期", "期别")


def _title_periods(table: Table) -> list[tuple[date, str, str]]:
    """Every period the title lines state, with the text and cell: date lines (制表日期), stamps and
    sending dates (填报时间, 7月报送: see :func:`without_sent_dates`), a form's metadata (有效期至：2025年12月,
    ``form_words`` of headers.yaml) and dates to the day are left out. A line of several cells is
    read cell by cell (its parts are joined by spaces)."""
    return list(_periods_of_titles(tuple(table.title_cells)))


@lru_cache(maxsize=1024)
def _periods_of_titles(title_cells: tuple[tuple[str, str], ...]) -> tuple[tuple[date, str, str], ...]:
    """:func:`_title_periods` of the title lines ``(text, cell)``: a department's title comes every month."""
    form_words = _header_spec().form_words
    found = []
    for text, cell in title_cells:
        kept = []
        for part in text.split():
            key = header_key(part)
            if "日期" in key or any(w in key for w in form_words):
                continue
            if _DAY_DATE.search(key) and not any(w in key for w in _PERIOD_WORDS):
                continue
            kept.append(part)
        period = period_from_text(" ".join(kept)) if kept else None
        if period is not None:
            found.append((period, " ".join(kept), cell))
    return tuple(found)


def refuse_period_conflict(
    rows: SheetRows, table: Table, path: Path, sheet_name: str, grammar: Any = None, *, sheets: int = 1
) -> SheetRows:
    """Two statements of the period around one table that disagree: refused, never a silent pick.

    A title 2024年1-5月 with a line 统计期：2024年6月 under it, or with a 统计期 column whose cells say
    2024年6月 (or 2024/6/30): which month the figures are cannot be told from the file. The rows read at
    the table's period (title lines that disagree), and the rows whose own 统计期 is later than the
    period the title (sheet or file name) states — or, when every row names one and the same month,
    another month than it — are refused (LAYOUT_AMBIGUOUS) with both statements named. A 统计期 column
    of several months under a title naming the latest of them (1月 … 6月 under 1-6月) is no conflict.
    A file name naming an earlier month than the title or sheet name (能源局2024年5月.xlsx, a title
    2024年1-6月 or a sheet 6月) is a conflict too, and so is any other month when the workbook has one sheet (``sheets``); a workbook of
    several sheets named for its latest month holds earlier months' sheets (titled 1-5月) as a matter of
    course.
    """
    period, source = rows.period_hint, rows.period_source
    if period is None or no_rows(rows) or not source.startswith(("标题", "工作表名", "文件名")):
        return rows
    said = f"{source}写的是{period.year}年{period.month}月"
    # A row's own 统计期 against the title or sheet name; against a file name alone it wins (a csv named
    # 2024-09 with a row 2024-12: that row's period, checked as such), and nothing below reads it.
    by_file = source.startswith("文件名")
    # Plain lists, one per row (a few Series maps cost ~0.25 ms a table): each row's own 统计期.
    own = _row_periods(field_values(rows, "period")) if not by_file and has_field(rows, "period") else None
    bad: list[bool] | None = None
    why = []
    if source.startswith("标题") and len(table.title_cells) > 1:
        at = (period.year, period.month)
        other = next(((p, t, c) for p, t, c in _title_periods(table) if (p.year, p.month) != at), None)
        if other is not None:
            bad = [p is None for p in own] if own is not None else [True] * row_count(rows)
            why.append(f"标题（{other[2]}）“{other[1]}”写的是{other[0].year}年{other[0].month}月，而{said}")
    stem = file_month(path.stem, period.year, grammar) if source.startswith(("标题", "工作表名")) else None
    if stem is not None and stem > period and revised_later(path.stem, period, grammar):
        stem = None  # 能源局2024年7月更新.xlsx titled 1-6月: June's figures, updated in July
    if stem is not None and stem != period and (stem < period or sheets == 1):
        bad = [p is None for p in own] if own is not None else [True] * row_count(rows)
        why.append(f"文件名“{path.name}”写的是{stem.year}年{stem.month}月，而{said}")
    by_name = bool(why) and why[-1].startswith("文件名")
    distinct = {p for p in own if p is not None} if own is not None else None
    one_other = distinct is not None and len(distinct) == 1 and period not in distinct
    if own is not None and distinct and (one_other or max(distinct) > period):  # else no row is refused
        row_bad = (
            [p is not None for p in own]  # every dated row names one other month
            if one_other
            else [p is not None and p > period for p in own]
        )
        if any(row_bad):
            first = row_bad.index(True)
            row_no = int(rows.rows["row"].iat[first])
            letter = rows.columns.get("period", "")
            cell = f"{letter}{row_no}" if letter else f"第{row_no}行"
            p = own[first]
            assert p is not None  # a refused row names a month
            why.append(f"统计期（{cell}）写的是{p.year}年{p.month}月，而{said}")
            bad = row_bad if bad is None else [a or b for a, b in zip(bad, row_bad, strict=True)]
    if bad is None or not any(bad):
        return rows
    rows.rows = rows.rows[~np.array(bad, dtype=bool)]
    rows.warnings.append(
        Failure(
            code=Code.LAYOUT_AMBIGUOUS,
            message_zh=(
                f"无法确定表格的统计期：{'；'.join(why)}，两者不一致，本表{sum(bad)}行未入库；"
                + (
                    f"请核对后把文件名和{'工作表名' if source.startswith('工作表名') else '标题'}改为同一统计期再报送"
                    if by_name
                    else "请核对后把标题和统计期改为同一期再报送"
                )
            ),
            file=path.name,
            sheet=sheet_name,
            cell=None,
            severity=Severity.ERROR,
            rows_refused=sum(bad),
        )
    )
    return rows


def _row_periods(values: list[Any]) -> list[date | None]:
    """:func:`_row_period` of each cell, worked out once per distinct cell (a 统计期 column repeats one
    month on every row)."""
    keys = list(zip(map(type, values), values, strict=True))  # 1 and 1.0 are equal keys: typed apart
    try:
        found = dict.fromkeys(keys)
    except TypeError:  # a cell that cannot be hashed
        return [_row_period(v) for v in values]
    for key in found:
        found[key] = _row_period(key[1])
    return list(map(found.__getitem__, keys))


def _row_period(value: Any) -> date | None:
    """A row's own 统计期 as the first day of its month (None when blank or not read)."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, str) and not value.strip():
        return None
    return parse_period(value)


def report_period(sheets: list[SheetRows], grammar: Any) -> date | None:
    """The file's period, which a sheet stating none is read at: the period its other sheets state. Sheets
    stating different ones, or named for their period (5月, 一季度: a workbook by period, each sheet its
    own), give a sheet stating none no period — it is refused, never read at another sheet's."""
    stated = [s for s in sheets if s.period_hint]
    if len(stated) < len(sheets) and (
        len({s.period_hint for s in stated}) > 1 or any(named_month(s.sheet, grammar) for s in stated)
    ):
        others = "、".join(dict.fromkeys(f"“{s.sheet}”" for s in stated))
        for s in sheets:
            if not s.period_hint and s.period_missing.startswith("标题、工作表名和文件名中也没有"):
                s.period_missing += f"（工作表{others}写明了自己的统计期，本表不能沿用）"
        return None
    return stated[0].period_hint if stated else None
