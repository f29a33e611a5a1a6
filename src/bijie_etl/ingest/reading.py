"""Reading department files into canonical rows (contract: docs/ARCHITECTURE.md, section reading.py).

``read_file`` opens xlsx/xls (python-calamine, see ``_excel``) and csv (``_csv``); every visible
sheet is read on its own: its tables are found below any title rows (:mod:`bijie_etl.ingest.tables`:
header paths with merged cells carried across and down, roles from the grammar in
``sources/headers.yaml``), and each table's layout is normalised to canonical long rows
(:mod:`bijie_etl.ingest.layouts`). Values stay as read: numbers stay numbers, text stays text
(trimmed and NFKC-normalised in the text columns), blanks are ``None``. Parsing "1,234.5" or
"12%" is validation's job; :func:`parse_number` and :func:`parse_period` are the shared helpers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from bijie_etl.errors import Code, Failure, FileRejected, Severity
from bijie_etl.ingest.comments import apply_note_estimates
from bijie_etl.ingest.county_names import counties_named, county_named
from bijie_etl.ingest.csvfile import read_csv
from bijie_etl.ingest.day_periods import up_to_a_day
from bijie_etl.ingest.excel import RawSheet, read_workbook, sniff
from bijie_etl.ingest.february import february_month
from bijie_etl.ingest.fresh_config import forgotten_on_change, keep_current
from bijie_etl.ingest.grammar import load_grammar
from bijie_etl.ingest.growth_sheets import join_growth_sheets
from bijie_etl.ingest.header_hints import unread_header
from bijie_etl.ingest.headers import (
    INVALID,
    HeaderSpec,
    column_letter,
    header_key,
    load_header_spec,
    parse_number,
    parse_period,
    partial_range,
    period_from_text,
)
from bijie_etl.ingest.htmlfile import read_html
from bijie_etl.ingest.index_rows import index_unit_rows
from bijie_etl.ingest.january import january_ytd
from bijie_etl.ingest.layouts import FIELDS, TEXT_FIELDS, SheetRows, TableContext, normalise
from bijie_etl.ingest.marks import apply_marks, mark_legend
from bijie_etl.ingest.month_ytd_pairs import join_month_and_ytd
from bijie_etl.ingest.note_units import apply_note_units
from bijie_etl.ingest.overrides import LayoutOverrides, load_overrides
from bijie_etl.ingest.table_period import (
    file_name_period,
    merged_issues,
    monthly_report,
    months_by_number,
    period_missing,
    refuse_period_conflict,
    refuse_sheet_month_conflict,
    report_period,
    table_period,
)
from bijie_etl.ingest.table_roles import cumulative_title
from bijie_etl.ingest.tables import Table, Vocabulary, find_tables
from bijie_etl.ingest.title_names import title_indicators
from bijie_etl.ingest.title_scope import refuse_narrowed_title, refuse_scoped_rows
from bijie_etl.ingest.xmlsheet import read_spreadsheet_xml
from bijie_etl.settings import Settings
from bijie_etl.text import normalize_text

__all__ = [
    "FIELDS",
    "INVALID",
    "TEXT_FIELDS",
    "FileRead",
    "HeaderSpec",
    "SheetRows",
    "column_letter",
    "header_key",
    "load_header_spec",
    "parse_number",
    "parse_period",
    "period_from_text",
    "read_file",
    "read_sheets",
]


@dataclass
class FileRead:
    """Everything read from one file, before validation."""

    path: Path
    sheets: list[SheetRows]
    title: str | None = None  # text found above the header (title/subtitle rows)
    period_hint: date | None = (
        None  # from title ("2024年1-6月" -> 2024-06-01), header group cells, or file name
    )
    department_hint: str | None = None  # a 填报单位 cell, raw text


# --------------------------------------------------------------------------------------------
# Surroundings of a table: title, period, county, unit line, department


def _filler_lines(sheet: RawSheet, rows: list[int], spec: HeaderSpec) -> list[tuple[str, str]]:
    """(text, cell) of the 填报单位 lines among ``rows`` (a footer's 填报单位：七星关区能源局（盖章）): the
    unit that filled the table in, whose county the table's figures are when nothing else names one."""
    found = [(r, _department_in(sheet.grid[r], spec)) for r in rows if 0 <= r < len(sheet.grid)]
    return [(text, f"A{r + 1}") for r, text in found if text]


def _note_span(table: Table) -> range:
    """The rows of the notes under ``table`` (none: an empty range)."""
    notes = table.note_rows
    return range(notes[0], notes[-1] + 1) if notes else range(0)


def _table_county(
    sheet: RawSheet,
    table: Table,
    places: list[tuple[str, str]],
    vocab: Vocabulary,
    file_names: tuple[str, str],
) -> tuple[str, str] | None:
    """The county a title line or the sheet name names, else the one a footer's 填报单位 line names, else the
    one the file's name names (大方县2024年6月能源报表.xlsx), as the file name gives a period no title gives —
    not under a title saying 全市 (the whole city's table, whatever the file is called)."""
    said = county_named(places, vocab.catalog)
    said = said or county_named(_filler_lines(sheet, table.note_rows, vocab.spec), vocab.catalog)
    if said or any("全市" in text for text, _ in table.title_cells):
        return said
    stem, file_name = file_names
    return county_named([(stem, f"文件名“{file_name}”")], vocab.catalog)


def _department_in(row: list[Any], spec: HeaderSpec) -> str | None:
    labels = spec.department_labels
    for j, value in enumerate(row):
        text = normalize_text(value) if isinstance(value, str) and value else ""
        if not text.startswith(labels):
            continue  # the usual cell: no label starts it (one test for them all)
        for label in labels:
            if text.startswith(label):
                rest = text[len(label) :].lstrip(" :：")
                if rest:
                    return rest.split(" ")[0]
                nxt = next(
                    (normalize_text(v) for v in row[j + 1 :] if isinstance(v, str) and v.strip()), None
                )
                if nxt:
                    return nxt
    return None


#: "单位：万吨" / "计量单位:万元" in a title row (but not "填报单位：市能源局").
_TABLE_UNIT = re.compile(r"(?<!填报)(?<!报送)(?:计量)?单位\s*[:：]\s*([^\s,，;；()（）]+)")


#: A title ending with its unit in brackets: "图1 2024年1-6月新增学位情况（个）".
_TITLE_UNIT = re.compile(r"[(（]\s*([^()（）\s]+)\s*[)）]\s*$")


#: 单位：市能源局 names an organisation (单位 is also "work unit"), not a unit of measure.
_ORGANISATION = re.compile(r"(局|委|办|厅|院|中心|公司|政府|部|科|站|队|会|县|区|市|镇|乡|街道|办事处)$")


def _table_unit(sheet: RawSheet, table: Table, units: Any) -> tuple[str, str] | None:
    """A unit stated once above the header, with its cell: a 单位：万吨 line (also a unit the
    registry does not know — 单位：万辆 — so that validation refuses it rather than the values
    being taken in the catalog's unit; 单位：市能源局 is an organisation and is passed over), or a
    title line ending with a unit the registry knows in brackets (…情况（万吨）)."""
    lo, hi = table.title_columns or (0, 1 << 20)
    for r in range(table.title_start, table.first_header):
        for c, value in enumerate(sheet.grid[r][lo:hi], lo):
            if isinstance(value, str) and "单位" in value:
                m = _TABLE_UNIT.search(normalize_text(value))
                if m and (
                    units.canonical(m.group(1)) is not None
                    or (len(m.group(1)) <= 6 and not _ORGANISATION.search(m.group(1)))
                ):
                    return _level_unit(m.group(1), units), f"{column_letter(c)}{r + 1}"
    for r in range(table.title_start, table.first_header):
        for c, value in enumerate(sheet.grid[r][lo:hi], lo):
            if isinstance(value, str) and value.rstrip().endswith((")", "）")):
                m = _TITLE_UNIT.search(value.strip())
                if m and units.canonical(_level_unit(m.group(1), units)) is not None:
                    return _level_unit(m.group(1), units), f"{column_letter(c)}{r + 1}"
    return None


def _level_unit(text: str, units: Any) -> str:
    """单位：万元、% names the amounts' unit and the rates' (%): the amounts' is the table's unit (a
    rate column is in % whatever the line says). Anything else is returned as written."""
    parts = [p for p in re.split(r"[、/／]", text) if p]
    found = [units.get(p) for p in parts]
    if len(parts) > 1 and all(found):
        levels = [p for p, u in zip(parts, found, strict=True) if u.dimension != "percent"]
        if len(levels) == 1:
            return levels[0]
    return text


def _department_of(sheet: RawSheet, rows: range, spec: HeaderSpec) -> str | None:
    for r in rows:
        if 0 <= r < len(sheet.grid):
            found = _department_in(sheet.grid[r], spec)
            if found:
                return found
    return None


@lru_cache(maxsize=4)
def _unit_registry(path: Path) -> Any:
    from bijie_etl.units import load_units

    return load_units(path)


@lru_cache(maxsize=4)
def _catalog(settings_key: tuple[Path, ...]) -> Any:
    from bijie_etl.catalog import load_catalog

    catalog_path, departments, counties, units, report = settings_key
    return load_catalog(
        catalog_path,
        departments_path=departments,
        counties_path=counties,
        units_path=units,
        report_path=report if report and report.exists() else None,
    )


def _catalog_for(settings: Settings) -> Any:
    hit = _SETTINGS_CATALOG.get(id(settings))
    if hit is not None and hit[0] is settings:
        return hit[1]
    catalog = _catalog_for_paths(settings)
    if len(_SETTINGS_CATALOG) > 16:
        _SETTINGS_CATALOG.clear()
    _SETTINGS_CATALOG[id(settings)] = (settings, catalog)
    return catalog


#: Settings object → its catalog (a Settings is immutable in practice; the paths behind it are not re-read).
_SETTINGS_CATALOG: dict[int, tuple[Any, Any]] = forgotten_on_change({})


def _catalog_for_paths(settings: Settings) -> Any:
    key = (
        settings.catalog_path,
        settings.departments_path,
        settings.sources_dir / "counties.yaml",
        settings.schemas_dir / "units.yaml",
        settings.report_path,
    )
    try:
        return _catalog(key)
    except Exception:  # a reader without a catalog still reads long tables (names, not indicator labels)
        return None


def _refuse_partial_range(rows: SheetRows, table: Table, file_name: str) -> SheetRows:
    """A title naming months not from January (2024.4-6, the second quarter) gives no month to load the
    figures at: the table is refused (LAYOUT_AMBIGUOUS), never read at another sheet's or the file's period."""
    hit = next(((t, c) for t, c in table.title_cells if "日期" not in t and partial_range(t)), None)
    lines = [(t, c) for t, c in table.title_cells if "日期" not in t]
    day = next(((t, c, d) for t, c in lines if (d := up_to_a_day(t))), None)
    if day is not None and any((p := period_from_text(t)) and p < day[2][1] for t, _c in lines):
        day = None  # 2024年1-6月… over 数据截至2024年7月8日: when the figures were taken, not their period
    if (hit is None and day is None) or rows.rows.empty:
        return rows
    refused, rows.rows = len(rows.rows), rows.rows.iloc[0:0]
    if day is not None and hit is None:  # 截至2024年6月20日: part of June — neither 1-6月 nor 1-5月
        hit = day[:2]
        why = f"标题“{day[0]}”（{day[1]}）写的是截至某一天（“{day[2][0]}”）的数，不是整月的数，不能作为哪个月的数据"
    else:
        assert hit is not None
        why = f"标题“{hit[0]}”（{hit[1]}）写的是不从1月开始的一段月份，不是某月的累计，无法确定数据属于哪个月"
    rows.warnings.append(
        Failure(
            code=Code.LAYOUT_AMBIGUOUS,
            message_zh=f"无法确定表格的统计期：{why}，本表{refused}行未入库；请按“2024年1-6月”或“2024年6月”写明统计期",
            file=file_name,
            sheet=table.sheet,
            cell=hit[1],
            severity=Severity.ERROR,
            rows_refused=refused,
        )
    )
    return rows


def _period_statements(table: Table, sheet: str, file_stem: str, source: str) -> list[tuple[str, str]]:
    """(text, where) of what stated the table's period (its title lines, the sheet name or the file name)."""
    if source.startswith("标题"):
        return [(t, f"标题（{c}）") for t, c in table.title_cells if "日期" not in t]
    if source.startswith("工作表名"):
        return [(sheet, source)]
    return [(file_stem, "文件名")] if source == "文件名" else []


def _own_help_sheet(sheet: RawSheet) -> bool:
    """The 说明 sheet of the fill-in template (bijie-etl template): its first line says so."""
    first = sheet.grid[0][0] if sheet.grid and sheet.grid[0] else ""
    return isinstance(first, str) and first.rstrip().endswith("政府工作报告目标监测报表 填报说明")


def _skip_warning(file_name: str, sheet: str, why: str) -> Failure:
    return Failure(
        code=Code.SHEET_SKIPPED,
        message_zh=f"工作表“{sheet}”{why}，已跳过。",
        file=file_name,
        sheet=sheet,
        severity=Severity.WARNING,
    )


def _hidden_warning(file_name: str, sheet: RawSheet) -> Failure:
    """Hidden rows/columns that held content were not read (issue #14: a careful person reads
    what the sheet shows; a hidden row is often last year's figures or a helper column)."""
    parts = []
    if sheet.hidden_rows:
        parts.append("第" + "、".join(str(r + 1) for r in sheet.hidden_rows[:10]) + ("…" if len(sheet.hidden_rows) > 10 else "") + "行")  # fmt: skip
    if sheet.hidden_cols:
        parts.append("、".join(column_letter(c) for c in sheet.hidden_cols[:10]) + ("…" if len(sheet.hidden_cols) > 10 else "") + "列")  # fmt: skip
    said = [f"隐藏的{'和'.join(parts)}"] if parts else []
    if sheet.invisible:
        cells = "、".join(f"{column_letter(c)}{r + 1}" for r, c in sheet.invisible[:10]) + ("…" if len(sheet.invisible) > 10 else "")  # fmt: skip
        said.append(f"字体颜色与底色相同（如白底白字）、看不见的单元格{cells}")
    return Failure(
        code=Code.HIDDEN_SKIPPED,
        message_zh=(
            f"工作表“{sheet.name}”中{'，以及'.join(said)}有内容，未读取（按表格显示出来的内容读取）；"
            "如需报送这些数据，请取消隐藏或改为看得见的字体颜色后重新报送"
        ),
        file=file_name,
        sheet=sheet.name,
        cell=sheet.hidden_at,
        severity=Severity.WARNING,
    )


# --------------------------------------------------------------------------------------------
# Entry point


def read_file(
    path: Path, settings: Settings, *, catalog: Any = None, size: int | None = None, data: bytes | None = None
) -> FileRead:
    """Read every table of every visible sheet of ``path`` into canonical rows.

    Each sheet is read on its own (its own title, period, county and unit line); instruction
    and cover sheets are skipped with a SHEET_SKIPPED warning; several tables stacked on a
    sheet are each read. ``catalog`` (default: the one ``settings`` names) lets indicator and
    county names be recognised as column headers.

    Raises :class:`~bijie_etl.errors.FileRejected` for file-level problems: FILE_EMPTY,
    FILE_TOO_LARGE (bytes, or the zip's uncompressed size, checked before decoding),
    FILE_ENCRYPTED, FILE_UNREADABLE, FILE_UNSUPPORTED_TYPE, FILE_TOO_MANY_ROWS, FILE_NO_HEADER,
    LAYOUT_AMBIGUOUS (no table of the file can be read unambiguously). ``size``: the file's size in
    bytes when the caller has just stat'ed it (:func:`~bijie_etl.ingest.discover.read_submission`);
    ``data``: the file's bytes when the caller has just read them (to hash them), else they are read here.
    """
    path = path if isinstance(path, Path) else Path(path)  # no re-parse of a Path (once per file)
    keep_current(settings)  # an edited headers.yaml or catalog is read again (desk, kept server)
    headers, units_path, layouts = _paths_for(settings)
    spec = load_header_spec(headers)
    try:
        size = path.stat().st_size if size is None else size
    except OSError as exc:
        raise FileRejected(Code.FILE_UNREADABLE, "文件无法打开（不存在或没有读取权限）。", str(exc)) from None
    if size == 0:
        raise FileRejected(Code.FILE_EMPTY, "文件是空的（0 字节）。请填写数据后重新报送。", "0 bytes")
    if size > settings.max_file_bytes:
        raise FileRejected(
            Code.FILE_TOO_LARGE,
            f"文件过大（{size / 1024 / 1024:.1f} MB，上限 {settings.max_file_bytes / 1024 / 1024:.0f} MB）。请只保留需要报送的工作表后重新报送。",
            f"{size} bytes > {settings.max_file_bytes}",
        )
    try:
        if data is None:
            data = path.read_bytes()  # once: sniffing, the safety pass, styles and cells all use these bytes
    except OSError as exc:
        raise FileRejected(Code.FILE_UNREADABLE, "文件无法打开（不存在或没有读取权限）。", str(exc)) from None
    container = sniff(path, data[:512], max_uncompressed_bytes=settings.max_uncompressed_bytes, data=data)
    if container.kind == "text":
        raw_sheets = read_csv(path, data, max_rows=settings.max_rows_per_sheet)
    elif container.kind == "html":
        raw_sheets = read_html(path, data, max_rows=settings.max_rows_per_sheet)
    elif container.kind == "xmlsheet":
        raw_sheets = read_spreadsheet_xml(path, data, max_rows=settings.max_rows_per_sheet)
    else:
        raw_sheets = read_workbook(path, max_rows=settings.max_rows_per_sheet, data=data, container=container)
    if not any(any(v != "" and v is not None for v in row) for s in raw_sheets for row in s.grid):
        raise FileRejected(
            Code.FILE_EMPTY,
            "文件中没有任何数据（所有工作表都是空的）。请填写数据后重新报送。",
            "all sheets empty",
        )

    catalog = catalog if catalog is not None else _catalog_for(settings)
    units = _unit_registry(units_path)
    vocab = _vocabulary(headers, spec, catalog, units)
    overrides = load_overrides(layouts, path, catalog)
    return read_sheets(path, raw_sheets, vocab, overrides=overrides)


def _paths_for(settings: Settings) -> tuple[Path, Path, Path]:
    """The grammar, unit registry and layout-overrides paths ``settings`` names, made once per Settings
    (like :func:`_catalog_for`: a Settings is immutable in practice)."""
    hit = _SETTINGS_PATHS.get(id(settings))
    if hit is not None and hit[0] is settings:
        return hit[1]
    paths = (
        settings.sources_dir / "headers.yaml",
        settings.schemas_dir / "units.yaml",
        settings.sources_dir / "layouts",
    )
    if len(_SETTINGS_PATHS) > 16:
        _SETTINGS_PATHS.clear()
    _SETTINGS_PATHS[id(settings)] = (settings, paths)
    return paths


_SETTINGS_PATHS: dict[int, tuple[Any, tuple[Path, Path, Path]]] = {}


_VOCABULARIES: dict[tuple[Path, int, int, int], Vocabulary] = forgotten_on_change({})


def _vocabulary(headers: Path, spec: HeaderSpec, catalog: Any, units: Any) -> Vocabulary:
    """One Vocabulary (and its label cache) per grammar, catalog and unit registry."""
    key = (headers, id(spec), id(catalog), id(units))
    vocab = _VOCABULARIES.get(key)
    if vocab is None or vocab.spec is not spec or vocab.catalog is not catalog or vocab.units is not units:
        if len(_VOCABULARIES) > 16:
            _VOCABULARIES.clear()
        vocab = _VOCABULARIES[key] = Vocabulary(load_grammar(headers), spec, catalog, units)
    return vocab


def read_sheets(
    path: Path, raw_sheets: list[RawSheet], vocab: Vocabulary, *, overrides: LayoutOverrides | None = None
) -> FileRead:
    """:func:`read_file` after decoding: find the tables of each sheet and normalise them."""
    spec = vocab.spec
    file_name, stem = path.name, path.stem  # asked once (a Path works them out on every call)
    sheets: list[SheetRows] = []
    skipped: list[Failure] = []
    titles: list[str] = []
    department: str | None = None
    note_department: str | None = None
    ambiguous: list[Failure] = []
    numbered = len(raw_sheets) > 1 and months_by_number([s.name for s in raw_sheets])  # sheets 05 | 06
    for raw in raw_sheets:
        if getattr(raw, "hidden_at", None):
            skipped.append(_hidden_warning(file_name, raw))
        sheet_override = overrides.for_sheet(raw.name) if overrides else None
        if sheet_override is not None and sheet_override.get("skip"):
            skipped.append(_skip_warning(file_name, raw.name, "按本部门的表格说明（sources/layouts）不读取"))
            continue
        if sheet_override is None and vocab.grammar.is_skip_sheet(raw.name):
            if not _own_help_sheet(raw):  # the template's own 说明 sheet is no news to anyone
                skipped.append(_skip_warning(file_name, raw.name, "是填报说明或封面，不是数据表"))
            continue
        header_rows = (
            tuple(sheet_override["header_rows"])
            if sheet_override and sheet_override.get("header_rows")
            else None
        )
        tables = find_tables(raw, vocab, header_rows=header_rows)
        if not tables:
            if any(any(v != "" and v is not None for v in row) for row in raw.grid):
                skipped.append(
                    _skip_warning(
                        file_name,
                        raw.name,
                        f"的前 {spec.scan_rows} 行中没有找到表头（如“指标名称”“1-本月累计”）",
                    )
                )
            elif len(raw_sheets) > 1:
                skipped.append(_skip_warning(file_name, raw.name, "是空的"))
            continue
        for table in tables:
            period, source, year = table_period(table, raw.name, stem, vocab.grammar, numbered=numbered)
            said = _period_statements(table, raw.name, stem, source)
            title_places = [*table.title_cells, (raw.name, f"工作表名“{raw.name}”")]
            ctx = TableContext(
                file_name=file_name,
                period=period,
                period_source=source,
                year=year,
                county=_table_county(raw, table, title_places, vocab, (stem, file_name)),
                counties_in_title=counties_named(table.title_cells, vocab.catalog),
                period_own=next(((t, w) for t, w in said if vocab.grammar.own_span_in(t)), None),
                cumulative=cumulative_title(table.title_cells),
                period_said=said,  # one month alone: a lone figure refused (not under a 累计 or 二季度 title)
                monthly_numbers=monthly_report(table, raw.name, stem),
                merged_issues=merged_issues(table, raw.name, stem),
                overrides=(sheet_override or {}).get("columns", {}) if sheet_override else {},
            )
            ctx.indicator, ctx.title_indicators = title_indicators(
                table, vocab.catalog, title_places[-1], raw.grid
            )
            if table.first_header > table.title_start and vocab.units is not None:
                ctx.unit = _table_unit(raw, table, vocab.units)
            rows = _refuse_partial_range(normalise(table, raw.grid, vocab, ctx), table, file_name)
            rows = refuse_scoped_rows(
                refuse_narrowed_title(rows, table, ctx, vocab.catalog), table, ctx, vocab, raw.grid
            )
            rows = apply_note_units(rows, table, raw.grid, vocab, ctx.file_name)  # 注：发电量单位为万千瓦时
            rows = index_unit_rows(rows, vocab)  # 居民消费价格指数 | 上年同期=100 | 100.3: a growth of 0.3
            if period is None:
                rows.period_missing = period_missing(table, raw.name, stem, vocab.grammar)
            said_at = (period, source)
            rows = refuse_sheet_month_conflict(
                rows, raw.name, path, said_at, vocab.grammar, numbered=numbered, sheets=raw_sheets
            )
            rows = refuse_period_conflict(rows, table, path, raw.name, vocab.grammar, sheets=len(raw_sheets))
            legend = mark_legend(raw.grid, [*range(table.title_start, table.first_header), *table.note_rows])
            rows.warnings.extend(apply_marks(rows, legend, file_name=file_name, sheet=raw.name))
            apply_note_estimates(rows)  # a row whose 备注 says 6月为预计数
            if sheet_override and sheet_override.get("rows"):
                _apply_row_overrides(rows, sheet_override["rows"])
            bad = [w for w in rows.warnings if w.code is Code.LAYOUT_AMBIGUOUS]
            if bad:
                ambiguous.extend(bad)
            sheets.append(rows)
            titles.extend(t for t in table.title if t not in titles)
            department = department or _department_of(raw, range(table.title_start, table.first_header), spec)
            if department is None and note_department is None:  # a title's 填报单位 is the one taken
                note_department = _department_of(raw, _note_span(table), spec)
    sheets = join_month_and_ytd(sheets, vocab, file_name)  # a 当月 | 累计 pair of one report: one table
    sheets = [january_ytd(s, vocab, file_name) for s in join_growth_sheets(sheets, vocab, file_name)]
    sheets = [february_month(s, vocab, file_name) for s in sheets]  # 本月 = 累计 on every row: 1-2月
    if not sheets:
        names = "、".join(f"“{s.name}”" for s in raw_sheets)
        hint = unread_header(raw_sheets, vocab, spec.scan_rows)
        raise FileRejected(
            Code.FILE_NO_HEADER,
            f"在工作表{names}的前 {spec.scan_rows} 行中没有找到表头（需要“指标名称”或“指标代码”等列名，以及“计量单位”“1-本月累计”等）"
            + (f"：{hint}" if hint else "")
            + "。请使用标准模板填报。",
            "no header row found",
        )
    if skipped:
        sheets[0].warnings[:0] = skipped
    title = "\n".join(titles) or None
    period = report_period(sheets, vocab.grammar)
    return FileRead(
        path=path,
        sheets=sheets,
        title=title,
        period_hint=period or file_name_period(stem),
        department_hint=department or note_department,
    )


def _apply_row_overrides(rows: SheetRows, spec: dict[int, str]) -> None:
    """A layout override naming an indicator row's code: ``rows: {12: coal_output}`` (Excel rows)."""
    frame = rows.rows
    if frame.empty:
        return
    codes = frame["row"].map(lambda r: spec.get(int(r)))
    if codes.notna().any():
        if "indicator_code" not in frame.columns:
            frame["indicator_code"] = pd.Series([None] * len(frame), index=frame.index, dtype=object)
        frame["indicator_code"] = codes.where(codes.notna(), frame["indicator_code"])
