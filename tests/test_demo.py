"""The demo year generator: deterministic real spreadsheets telling the intended story."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from python_calamine import CalamineWorkbook

from bijie_etl.catalog import CITY, Catalog, Frequency, Kind, PaceMethod, load_catalog_from_settings
from bijie_etl.demo.generate import STYLES, DemoManifest, generate_demo, last_due_month
from bijie_etl.ingest.template import HEADER as TEMPLATE_HEADER
from bijie_etl.settings import Settings, load_settings

AS_OF = date(2024, 11, 15)


@pytest.fixture(scope="module")
def settings() -> Settings:
    return load_settings()


@pytest.fixture(scope="module")
def catalog(settings: Settings) -> Catalog:
    return load_catalog_from_settings(settings)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory, catalog: Catalog) -> DemoManifest:
    root = tmp_path_factory.mktemp("demo")
    return generate_demo(catalog, root / "inbox", as_of=AS_OF)


@pytest.fixture(scope="module")
def small_catalog(catalog: Catalog) -> Catalog:
    """The targets of eight departments only (every file style still appears): fast repeated runs."""
    owners = list(dict.fromkeys(t.department for t in catalog.targets if t.target is not None))[:8]
    targets = tuple(t for t in catalog.targets if t.department in owners)
    return Catalog(
        year=catalog.year,
        targets=targets,
        departments=catalog.departments,
        counties=catalog.counties,
        units=catalog.units,
    )


def _hashes(inbox: Path) -> dict[str, str]:
    return {
        p.relative_to(inbox).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(inbox.rglob("*"))
        if p.is_file()
    }


def _sheet_rows(path: Path) -> list[list[Any]]:
    """All cells of the (only) sheet of a demo file, read back with python-calamine or csv."""
    if path.suffix == ".csv":
        raw = path.read_bytes()
        text = raw[3:].decode("utf-8") if raw.startswith(b"\xef\xbb\xbf") else raw.decode("gb18030")
        return [list(r) for r in csv.reader(io.StringIO(text))]
    wb = CalamineWorkbook.from_path(str(path))
    return wb.get_sheet_by_index(0).to_python()


def _cell(rows: list[list[Any]], address: str) -> Any:
    letters = "".join(ch for ch in address if ch.isalpha())
    number = int(address[len(letters) :])
    col = 0
    for ch in letters:
        col = col * 26 + ord(ch) - 64
    row = rows[number - 1]
    return row[col - 1] if col - 1 < len(row) else ""


def test_last_due_month_follows_the_deadline_day() -> None:
    """Month M is due on the deadline day of month M+1; nothing is due before February's deadline."""
    cases = [
        (date(2024, 11, 15), 10, 10),
        (date(2024, 11, 10), 10, 10),
        (date(2024, 11, 9), 10, 9),
        (date(2024, 2, 5), 10, 0),
        (date(2024, 2, 29), 31, 1),
        (date(2025, 1, 10), 10, 12),
        (date(2025, 6, 1), 10, 12),
    ]
    assert [(d, day, last_due_month(d, day, 2024)) for d, day, _ in cases] == cases


def test_two_runs_with_the_same_seed_write_byte_identical_files(
    tmp_path: Path, small_catalog: Catalog
) -> None:
    """Same catalog, as-of date and seed give the same sha256 for every file; another seed differs."""
    first = generate_demo(small_catalog, tmp_path / "a" / "inbox", as_of=AS_OF, seed=7)
    second = generate_demo(small_catalog, tmp_path / "b" / "inbox", as_of=AS_OF, seed=7)
    generate_demo(small_catalog, tmp_path / "c" / "inbox", as_of=AS_OF, seed=8)
    a, b, c = (
        _hashes(tmp_path / "a" / "inbox"),
        _hashes(tmp_path / "b" / "inbox"),
        _hashes(tmp_path / "c" / "inbox"),
    )
    assert len(a) > 50
    assert {STYLES[f.style][2] for f in first.files} == {"xlsx", "xls", "csv"}
    assert a == b
    assert a != c
    assert (first.files, first.planted, first.behind) == (second.files, second.planted, second.behind)


def test_rerun_into_the_same_inbox_replaces_the_earlier_demo(tmp_path: Path, small_catalog: Catalog) -> None:
    """Generating twice into one folder leaves exactly the second run's files (no stale months)."""
    inbox = tmp_path / "inbox"
    generate_demo(small_catalog, inbox, as_of=AS_OF)
    later = generate_demo(small_catalog, inbox, as_of=date(2024, 5, 20))
    written = set(_hashes(inbox))
    assert written == {f.path for f in later.files} | {later.corrupt_file}
    assert max(f.period for f in later.files) == "2024-04"


def test_manifest_is_written_outside_the_inbox(demo: DemoManifest) -> None:
    """The manifest JSON sits next to the inbox (never ingested) and round-trips the key facts."""
    path = demo.inbox.parent / "demo_manifest.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert not list(demo.inbox.rglob("*.json"))
    assert (
        data["as_of"],
        data["late_department"],
        data["corrupt_file"],
        len(data["files"]),
        len(data["planted"]),
    ) == (
        "2024-11-15",
        demo.late_department,
        demo.corrupt_file,
        len(demo.files),
        len(demo.planted),
    )


def test_every_department_has_every_due_month_except_the_late_one(
    demo: DemoManifest, catalog: Catalog
) -> None:
    """Departments with monthly targets have January to the last due month; the late one lacks its last."""
    monthly = {
        t.department for t in catalog.targets if t.target is not None and t.frequency is Frequency.MONTHLY
    }
    months: dict[str, set[str]] = defaultdict(set)
    for f in demo.files:
        months[f.department].add(f.period)
    assert demo.late_department in monthly
    for dept in sorted(monthly):
        due = last_due_month(AS_OF, catalog.department(dept).deadline_day, 2024)  # type: ignore[union-attr]
        expected = {f"2024-{m:02d}" for m in range(1, due + 1)}
        if dept == demo.late_department:
            assert demo.late_period == f"2024-{due:02d}"
            expected.discard(demo.late_period)
        assert (dept, months[dept]) == (dept, expected)


def test_only_monthly_and_quarterly_numeric_targets_get_rows(demo: DemoManifest, catalog: Catalog) -> None:
    """Quarterly targets appear at quarter ends only; annual and number-less targets never appear."""
    names: dict[str, set[str]] = defaultdict(set)  # target code -> periods seen
    for f in demo.files:
        for row in _sheet_rows(demo.inbox / f.path):
            for cell in row:
                t = catalog.find(str(cell)) if isinstance(cell, str) and cell else None
                if t is not None:
                    names[t.code].add(f.period)
    for t in catalog.targets:
        if t.target is None or t.frequency is Frequency.ANNUAL:
            assert (t.code, names.get(t.code)) == (t.code, None)
        elif t.frequency is Frequency.QUARTERLY:
            assert {int(p[-2:]) % 3 for p in names[t.code]} == {0}, t.code
        else:
            assert len(names[t.code]) >= 9, t.code


def test_files_are_really_the_format_their_extension_says(demo: DemoManifest) -> None:
    """xlsx are zip, xls are OLE2, csv are UTF-8 with BOM or GB18030; each reads back with calamine or csv."""
    seen_backends = set()
    for f in demo.files:
        path = demo.inbox / f.path
        head = path.read_bytes()[:8]
        _, backend, ext = STYLES[f.style]
        assert path.suffix == f".{ext}"
        if backend == "xlsx":
            assert head[:4] == b"PK\x03\x04"
        elif backend == "xls":
            assert head == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        elif backend == "csv_utf8_bom":
            assert head[:3] == b"\xef\xbb\xbf"
        else:
            assert head[:3] != b"\xef\xbb\xbf"
            with pytest.raises(UnicodeDecodeError):
                path.read_bytes().decode("utf-8")
        rows = _sheet_rows(path)
        assert any((isinstance(c, str) and "指标" in c) or c == "项目" for r in rows[:5] for c in r), f.path
        seen_backends.add(backend)
    assert seen_backends == {"xlsx", "xls", "csv_utf8_bom", "csv_gb18030"}


def test_template_files_have_the_canonical_header_and_report_files_the_real_world_shape(
    demo: DemoManifest,
) -> None:
    """Template-style files start with the canonical header; report-style files have a title, 填报单位 and 注： rows."""
    canonical = [label for label, _field in TEMPLATE_HEADER]
    by_style = {f.style: f for f in demo.files}
    for style, f in sorted(by_style.items()):
        rows = _sheet_rows(demo.inbox / f.path)
        if style.startswith("template"):
            assert rows[0][: len(canonical)] == canonical
        else:
            month = int(f.period[-2:])
            span = "1月" if month == 1 else f"1-{month}月"
            assert rows[0][0].endswith(f"2024年{span}主要指标完成情况"), rows[0][0]
            assert str(rows[1][0]).startswith("填报单位：")
            assert any(str(r[0]).startswith("注：") for r in rows if r)
    merged = next(f for f in demo.files if f.style == "report_merged_xlsx")
    rows = _sheet_rows(demo.inbox / merged.path)
    assert [c for c in rows[2] if c not in ("", "区县")][:5] == [
        "序号",
        "指标名称",
        "计量单位",
        "本月",
        f"1-{int(merged.period[-2:])}月" if merged.period != "2024-01" else "1月",
    ]
    assert [c for c in rows[3] if c != ""] == ["累计", "上年同期", "同比增长(%)"]


def _number(value: Any) -> float | None:
    if value in (None, "", "—"):
        return None
    return float(str(value).replace(",", "")) if not isinstance(value, int | float) else float(value)


def _canonical_rows(demo: DemoManifest) -> list[dict[str, Any]]:
    """Every data row of the template-style files, by header, with its file and Excel row number."""
    out = []
    for f in demo.files:
        if not f.style.startswith("template"):
            continue
        rows = _sheet_rows(demo.inbox / f.path)
        header = rows[0]
        for number, r in enumerate(rows[1:], start=2):
            out.append({"file": f.path, "row": number, **dict(zip(header, r, strict=False))})
    return out


def test_cumulative_values_add_up_across_months_and_counties(demo: DemoManifest, catalog: Catalog) -> None:
    """1-本月累计 = running sum of 本月 and never decreases (全市 and each county); counties sum to 全市; counts whole."""
    planted = {(p.file, p.row) for p in demo.planted}
    series: dict[tuple[str, str], list[tuple[str, float, float | None]]] = defaultdict(list)
    county_sum: dict[tuple[str, str], float] = defaultdict(float)
    city: dict[tuple[str, str], float] = {}
    for row in _canonical_rows(demo):
        t = catalog.get(str(row["指标代码"]))
        if (row["file"], row["row"]) in planted or t is None or t.kind not in (Kind.CUMULATIVE, Kind.COUNT):
            continue
        ytd, month = _number(row["1-本月累计"]), _number(row["本月"])
        assert ytd is not None
        if t.kind is Kind.COUNT:
            assert (t.code, ytd) == (t.code, int(ytd))
        period = str(row["统计期"])
        series[(t.code, row["区县"])].append((period, ytd, month))
        if row["区县"] == CITY:
            city[(t.code, period)] = ytd
        else:
            county_sum[(t.code, period)] += ytd
    for (code, county), points in series.items():
        total = previous = 0.0
        for period, ytd, month in sorted(points):
            assert ytd >= previous, (code, county, period)
            previous = ytd
            if month is not None:
                total += month
                assert abs(total - ytd) < 1e-6, (code, county, period, total, ytd)
    assert len(county_sum) > 20
    assert [(k, round(v, 6)) for k, v in county_sum.items()] == [(k, round(city[k], 6)) for k in county_sum]


def test_behind_targets_are_about_one_in_eight_and_clearly_behind(
    demo: DemoManifest, catalog: Catalog
) -> None:
    """About one in eight assessable targets is behind: pace ratio 0.75–0.88 or 1.5–3 pp under target."""
    assessable = [t for t in catalog.targets if t.target is not None and t.frequency is not Frequency.ANNUAL]
    assert abs(len(demo.behind) - len(assessable) / 8) <= 1
    for b in demo.behind:
        t = catalog.get(b.code)
        assert t is not None
        assert t.pace is not PaceMethod.ANNUAL
        if b.measure == "gap_pp":
            assert -3.0 <= b.value <= -1.5, b
        else:
            assert 0.74 <= b.value <= 0.88, b
        assert b.department != demo.late_department


def test_planted_bad_rows_are_in_the_files_where_the_manifest_says(
    demo: DemoManifest, catalog: Catalog
) -> None:
    """Each planted failure's cell holds the planted value; the corrupt file is neither zip nor OLE2."""
    codes = sorted(p.code for p in demo.planted)
    assert codes == sorted(
        [
            "unknown_indicator",
            "unit_mismatch",
            "value_missing",
            "share_out_of_range",
            "duplicate_row",
            "period_in_future",
            "file_unreadable",
        ]
    )
    for p in demo.planted:
        if p.code == "file_unreadable":
            head = (demo.inbox / p.file).read_bytes()[:8]
            assert p.file == demo.corrupt_file
            assert p.file.endswith(".xlsx")
            assert head[:2] != b"PK"
            assert head[:4] != b"\xd0\xcf\x11\xe0"
            continue
        rows = _sheet_rows(demo.inbox / p.file)
        assert p.cell is not None
        assert p.row is not None
        got = _cell(rows, p.cell)
        if p.code == "share_out_of_range":
            assert _number(got) == 120.0
        else:
            assert str(got) == p.value, (p, got)
        if p.code == "duplicate_row":
            before = [r for i, r in enumerate(rows, start=1) if r == rows[p.row - 1] and i < p.row]
            assert len(before) == 1
        if p.code == "unknown_indicator":
            assert catalog.find(str(got)) is None
        if p.code == "unit_mismatch":
            assert catalog.units.factor(str(got), catalog.get(p.indicator_code or "").unit) is None  # type: ignore[union-attr]
        if p.code == "period_in_future":
            assert str(got) > AS_OF.strftime("%Y-%m")


def test_nothing_is_due_before_the_first_deadline(tmp_path: Path, catalog: Catalog) -> None:
    """As of early February nothing is due: no department files, no corrupt file, an empty manifest."""
    m = generate_demo(catalog, tmp_path / "inbox", as_of=date(2024, 2, 5))
    assert (m.files, m.planted, m.late_department, m.corrupt_file) == ([], [], None, None)


def _read_and_validate(demo: DemoManifest, settings: Settings, catalog: Catalog) -> tuple[list[Any], Any]:
    """Every file of the demo inbox through the real reader and validator: (failures, observations)."""
    import pandas as pd

    from bijie_etl.errors import FileRejected
    from bijie_etl.ingest.reading import read_file
    from bijie_etl.validate.rules import validate_batch

    failures: list[Any] = []
    reads = []
    for path in sorted(p for p in demo.inbox.rglob("*") if p.is_file()):
        rel = path.relative_to(demo.inbox).as_posix()
        try:
            reads.append((read_file(path, settings), rel))
        except FileRejected as exc:
            failures.append(exc.to_failure(rel))
    results = validate_batch(reads, catalog, as_of=AS_OF)
    for _, found in results:
        failures.extend(found)
    observations = pd.concat([obs for obs, _ in results if len(obs)], ignore_index=True)
    return failures, observations


@pytest.fixture(scope="module")
def validated(demo: DemoManifest, settings: Settings, catalog: Catalog) -> tuple[list[Any], Any]:
    return _read_and_validate(demo, settings, catalog)


def test_validating_the_demo_inbox_finds_exactly_the_planted_failures(
    demo: DemoManifest, validated: tuple[list[Any], Any]
) -> None:
    """The real reader and validator report exactly the planted (file, sheet, row, cell, code) and only note warnings."""
    failures, observations = validated
    errors = sorted(
        (f.file, f.sheet or "", f.row_number, f.cell, f.code.value)
        for f in failures
        if f.severity.value == "error"
    )
    planted = sorted((p.file, p.sheet, p.row, p.cell, p.code) for p in demo.planted)
    assert errors == planted
    assert {f.code.value for f in failures if f.severity.value == "warning"} <= set(
        demo.expected_warning_codes
    )
    assert len(observations) > 1000


def test_pace_of_the_demo_year_tells_the_intended_story(
    demo: DemoManifest, validated: tuple[list[Any], Any], settings: Settings, catalog: Catalog
) -> None:
    """Assessed from the validated 全市 rows, behind targets are 预警/滞后, the late department 迟报, the rest 正常."""
    from bijie_etl.pace.rules import assess_target

    _, observations = validated
    city = observations[observations["county"] == CITY]
    behind = {b.code for b in demo.behind}
    got, expected = {}, {}
    for t in catalog.targets:
        if t.target is None or t.frequency is Frequency.ANNUAL:
            continue
        dept = catalog.department(t.department)
        assert dept is not None
        rows = city[city["indicator_code"] == t.code]
        a = assess_target(
            t, rows, AS_OF, deadline_day=dept.deadline_day, thresholds=settings.thresholds, year=2024
        )
        got[t.code] = str(a.status)
        if t.department == demo.late_department and t.frequency is Frequency.MONTHLY:
            expected[t.code] = "late"
        elif t.pace is PaceMethod.ANNUAL:
            expected[t.code] = "not_assessed"
        elif t.code in behind:
            expected[t.code] = got[t.code] if got[t.code] in ("at_risk", "off_track") else "at_risk|off_track"
        else:
            expected[t.code] = "on_track"
    assert got == expected
