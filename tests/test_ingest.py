"""Ingesting a drop folder end to end: good files load, a bad one is rejected alone with one clear error."""

from __future__ import annotations

from pathlib import Path

import duckdb
from typer.testing import CliRunner

from bijie_etl.cli import app
from bijie_etl.ingest.template import HEADER as TEMPLATE_HEADER
from spreadsheets import write_csv, write_xlsx

HEADER = [label for label, _field in TEMPLATE_HEADER]  # the template's header, written once
runner = CliRunner()


def _coal_file(path: Path, month: int) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    ytd = 600.0 * month
    return write_xlsx(
        path,
        {
            "数据": [
                HEADER,
                [
                    "coal_output",
                    "煤炭产量",
                    "万吨",
                    f"2024-{month:02d}",
                    "全市",
                    600.0,
                    ytd,
                    None,
                    None,
                    None,
                    None,
                ],
            ]
        },
    )


def _db(warehouse: Path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(warehouse / "analytics.duckdb"), read_only=True)


def test_one_corrupt_file_among_ten_good_ones(tmp_path: Path) -> None:
    """A folder with ten good files and one corrupt file loads the ten and rejects the one with one clear message."""
    inbox, warehouse = tmp_path / "inbox", tmp_path / "warehouse"
    for month in range(1, 11):
        _coal_file(inbox / "能源局" / f"能源局_2024-{month:02d}.xlsx", month)
    (inbox / "能源局" / "能源局_补报.xlsx").write_bytes(b"PK\x03\x04 this is not really a workbook" * 10)

    result = runner.invoke(
        app, ["--warehouse", str(warehouse), "--inbox", str(inbox), "ingest", "--as-of", "2024-11-15"]
    )

    assert result.exit_code == 0, result.output + result.stderr
    with _db(warehouse) as con:
        statuses = con.execute("SELECT file_name, status FROM v_submission_log ORDER BY file_name").fetchall()
        rejected = con.execute("SELECT file_name, code, message_zh FROM v_rejected_rows").fetchall()
        values = con.execute(
            "SELECT period, value FROM v_observation_current WHERE indicator_code = 'coal_output' ORDER BY period"
        ).fetchall()
    assert [s for _f, s in statuses].count("loaded") == 10
    assert ("能源局/能源局_补报.xlsx", "rejected") in statuses
    assert len(rejected) == 1
    assert rejected[0][:2] == ("能源局/能源局_补报.xlsx", "file_unreadable")
    assert "无法读取" in rejected[0][2]
    assert [v for _p, v in values] == [600.0 * m for m in range(1, 11)]


def test_ingesting_the_same_folder_twice_changes_nothing(tmp_path: Path) -> None:
    """A second ingest of unchanged files reports them unchanged and adds no row."""
    inbox, warehouse = tmp_path / "inbox", tmp_path / "warehouse"
    _coal_file(inbox / "能源局" / "2024-01.xlsx", 1)
    args = ["--warehouse", str(warehouse), "--inbox", str(inbox), "ingest", "--as-of", "2024-11-15"]
    assert runner.invoke(app, args).exit_code == 0
    second = runner.invoke(app, args)
    assert second.exit_code == 0
    assert "未变化" in second.output
    with _db(warehouse) as con:
        assert con.execute("SELECT count(*) FROM submitted_files").fetchone() == (1,)
        assert con.execute("SELECT count(*) FROM observations").fetchone() == (1,)


def test_department_comes_from_the_fill_in_unit_when_the_folder_says_nothing(tmp_path: Path) -> None:
    """A file dropped at the inbox root is attributed by its 填报单位 cell, else by who owns its indicators."""
    inbox, warehouse = tmp_path / "inbox", tmp_path / "warehouse"
    inbox.mkdir()
    write_xlsx(
        inbox / "a.xlsx",
        {
            "数据": [
                ["填报单位：市统计局"],
                HEADER,
                ["gdp_growth", "地区生产总值增速", "%", "2024-09", "全市", None, None, None, 5.8, None, None],
            ]
        },
    )
    write_csv(
        inbox / "b.csv",
        [HEADER, ["coal_output", "煤炭产量", "万吨", "2024-09", "全市", "600", "5400", "", "", "", ""]],
        encoding="gb18030",
    )
    result = runner.invoke(
        app, ["--warehouse", str(warehouse), "--inbox", str(inbox), "ingest", "--as-of", "2024-11-15"]
    )
    assert result.exit_code == 0, result.output + result.stderr
    with _db(warehouse) as con:
        assert con.execute(
            "SELECT file_name, department FROM v_submission_log ORDER BY file_name"
        ).fetchall() == [("a.xlsx", "stats"), ("b.csv", "energy")]


def test_a_header_without_data_rows_is_rejected_with_a_message(tmp_path: Path) -> None:
    """A sheet that has only the header is rejected as empty, so the department learns it sent nothing."""
    inbox, warehouse = tmp_path / "inbox", tmp_path / "warehouse"
    (inbox / "能源局").mkdir(parents=True)
    write_xlsx(inbox / "能源局" / "空表.xlsx", {"数据": [["毕节市能源局2024年9月主要指标"], HEADER]})
    result = runner.invoke(
        app, ["--warehouse", str(warehouse), "--inbox", str(inbox), "ingest", "--as-of", "2024-11-15"]
    )
    assert result.exit_code == 0, result.output + result.stderr
    with _db(warehouse) as con:
        rows = con.execute("SELECT file_name, sheet, code FROM v_rejected_rows").fetchall()
        message = con.execute("SELECT message_zh FROM v_rejected_rows").fetchone()
    assert rows == [("能源局/空表.xlsx", "数据", "file_empty")]
    assert message is not None
    assert "只有表头（第2行）" in message[0]


def test_a_file_rewritten_in_place_is_read_again(tmp_path: Path) -> None:
    """Unchanged files are skipped by size and time, but a file rewritten under the same name is read and supersedes."""
    import os

    inbox, warehouse = tmp_path / "inbox", tmp_path / "warehouse"
    path = _coal_file(inbox / "能源局" / "2024-03.xlsx", 3)
    args = ["--warehouse", str(warehouse), "--inbox", str(inbox), "ingest", "--as-of", "2024-11-15"]
    assert runner.invoke(app, args).exit_code == 0
    before = path.stat()
    write_xlsx(
        path,
        {
            "数据": [
                HEADER,
                ["coal_output", "煤炭产量", "万吨", "2024-03", "全市", 650.0, 1850.0, None, None, None, None],
            ]
        },
    )
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000_000))
    assert runner.invoke(app, args).exit_code == 0
    with _db(warehouse) as con:
        current = con.execute(
            "SELECT value FROM v_observation_current WHERE indicator_code = 'coal_output'"
        ).fetchall()
        files = con.execute("SELECT count(*) FROM submitted_files").fetchone()
    assert current == [(1850.0,)]
    assert files == (2,)


NO_UNIT_HEADER = ["指标名称", "统计期", "区县", "本月", "1-本月累计"]


def test_a_unit_stated_above_the_table_applies_to_its_rows(tmp_path: Path) -> None:
    """ "单位：吨" above a table without a unit column converts its values to the catalog unit (吨 → 万吨)."""
    from bijie_etl.ingest.reading import read_file
    from bijie_etl.settings import load_settings

    inbox, warehouse = tmp_path / "inbox", tmp_path / "warehouse"
    (inbox / "能源局").mkdir(parents=True)
    path = write_xlsx(
        inbox / "能源局" / "6月.xlsx",
        {
            "表1": [
                ["毕节市能源局2024年1-6月主要指标"],
                ["填报单位：市能源局", None, None, "单位：吨"],
                NO_UNIT_HEADER,
                ["原煤产量", "2024-06", "全市", 6_100_000, 36_000_000],
            ]
        },
    )
    sheet = read_file(path, load_settings()).sheets[0]
    assert (sheet.fixed_cells, sheet.rows["unit"].tolist()) == ({"unit": "D2"}, ["吨"])
    result = runner.invoke(
        app, ["--warehouse", str(warehouse), "--inbox", str(inbox), "ingest", "--as-of", "2024-11-15"]
    )
    assert result.exit_code == 0, result.output + result.stderr
    with _db(warehouse) as con:
        row = con.execute(
            "SELECT value, value_month, unit, unit_reported, unit_factor FROM v_observation_current"
        ).fetchall()
    assert row == [(3600.0, 610.0, "万吨", "吨", 0.0001)]


def test_an_incompatible_unit_above_the_table_is_reported_at_its_cell(tmp_path: Path) -> None:
    """A table-wide unit of the wrong dimension rejects its rows with unit_mismatch at the cell that states it."""
    inbox, warehouse = tmp_path / "inbox", tmp_path / "warehouse"
    (inbox / "能源局").mkdir(parents=True)
    write_xlsx(
        inbox / "能源局" / "6月.xlsx",
        {"表1": [["单位：万千瓦时"], NO_UNIT_HEADER, ["原煤产量", "2024-06", "全市", 610, 3600]]},
    )
    result = runner.invoke(
        app, ["--warehouse", str(warehouse), "--inbox", str(inbox), "ingest", "--as-of", "2024-11-15"]
    )
    assert result.exit_code == 0, result.output + result.stderr
    with _db(warehouse) as con:
        rows = con.execute("SELECT sheet, cell, code FROM v_rejected_rows").fetchall()
        loaded = con.execute("SELECT count(*) FROM observations").fetchone()
    assert rows == [("表1", "A1", "unit_mismatch")]
    assert loaded == (0,)


def test_batches_end_at_the_file_count_or_the_byte_bound_in_order(tmp_path: Path) -> None:
    """A batch ends at ``size`` files or before its files exceed ``max_bytes``; a larger file is a batch of its own."""
    from bijie_etl.ingest.discover import batches

    sizes = [10, 10, 10, 50, 10, 10, 10, 10]
    paths = []
    for i, n in enumerate(sizes):
        path = tmp_path / f"f{i}.csv"
        path.write_bytes(b"x" * n)
        paths.append(path)
    assert batches(paths, 3) == [paths[0:3], paths[3:6], paths[6:8]]
    by_bytes = batches(paths, 3, max_bytes=25)
    assert by_bytes == [paths[0:2], paths[2:3], paths[3:4], paths[4:6], paths[6:8]]
    assert [p for batch in by_bytes for p in batch] == paths
    assert batches([tmp_path / "gone.csv", *paths[:2]], 2, max_bytes=25) == [
        [tmp_path / "gone.csv", paths[0]],
        [paths[1]],
    ]


def _rglob_candidates(inbox: Path) -> list[Path]:
    """The definition discover() keeps: rglob, regular files that are not symlinks, no hidden/lock/partial names."""
    found = [
        p
        for p in inbox.rglob("*")
        if p.is_file()
        and not p.is_symlink()
        and not p.name.startswith((".", "~$"))
        and not p.name.endswith((".tmp", ".part", ".crdownload"))
    ]
    return sorted(found)


def test_discover_lists_what_rglob_lists_in_the_same_order(tmp_path: Path) -> None:
    """The scandir listing equals the rglob definition: hidden folders entered, symlinked folders and files, lock files, partial downloads and a FIFO left out, components ordered (a/b before a-c)."""
    import os

    from bijie_etl.ingest.discover import discover

    inbox = tmp_path / "inbox"
    for name in ["a/b/x.xlsx", "a-c/y.xlsx", "a/z.csv", ".hid/h.xlsx", "A/q.xls", "a/.dot.xlsx",
                 "a/~$l.xlsx", "a/p.part", "a/b/中文 文件.xlsx", "a b.xlsx", "a/b/noext", "Z.txt"]:  # fmt: skip
        (inbox / name).parent.mkdir(parents=True, exist_ok=True)
        (inbox / name).write_text("x", encoding="utf-8")
    os.symlink(inbox / "a", inbox / "linked")
    os.symlink(inbox / "Z.txt", inbox / "a" / "link.xlsx")
    os.symlink(inbox / "missing", inbox / "broken.xlsx")
    os.mkfifo(inbox / "fifo.csv")

    listed = discover(inbox)
    assert listed == _rglob_candidates(inbox)
    assert [p.relative_to(inbox).as_posix() for p in listed] == [
        ".hid/h.xlsx", "A/q.xls", "Z.txt", "a/b/noext", "a/b/x.xlsx", "a/b/中文 文件.xlsx", "a/z.csv",
        "a b.xlsx", "a-c/y.xlsx",
    ]  # fmt: skip
    assert discover(tmp_path / "absent") == []
    assert discover(inbox / "Z.txt") == []


def test_names_shown_are_paths_inside_the_resolved_inbox(tmp_path: Path) -> None:
    """display() names a file by its resolved path inside the inbox (folders through symlinks, a symlinked file by its target), else by its bare name."""
    import os

    from bijie_etl.ingest.discover import InboxPaths

    inbox, out = tmp_path / "inbox", tmp_path / "out"
    for p in [inbox / "x.xlsx", inbox / "a" / "y.xlsx", inbox / "a" / "b" / "z.csv", out / "o.xls"]:
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("x", encoding="utf-8")
    os.symlink(out / "o.xls", inbox / "a" / "link.xls")
    os.symlink(inbox / "a" / "y.xlsx", out / "in.xlsx")
    os.symlink(inbox / "a", out / "dirlink")
    os.symlink(inbox, tmp_path / "inboxlink")
    cases = {
        inbox / "x.xlsx": "x.xlsx",
        inbox / "a" / "y.xlsx": "a/y.xlsx",
        inbox / "a" / "b" / "z.csv": "a/b/z.csv",
        inbox / "a" / "b" / ".." / "y.xlsx": "a/y.xlsx",
        out / "o.xls": "o.xls",
        inbox / "a" / "link.xls": "link.xls",  # its target lies outside the inbox
        out / "in.xlsx": "a/y.xlsx",  # its target lies inside
        out / "dirlink" / "y.xlsx": "a/y.xlsx",
        tmp_path / "inboxlink" / "a" / "b" / "z.csv": "a/b/z.csv",
        tmp_path / "inbox": ".",
    }
    for root in (inbox, tmp_path / "inboxlink"):
        paths = InboxPaths(root)
        for _ in range(2):  # the second time from what was worked out per folder
            assert {p: paths.display(p) for p in cases} == cases
