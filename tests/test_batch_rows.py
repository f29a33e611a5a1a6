"""One frame per batch: each file of a validated batch sees exactly its own rows, and loads alone if refused.

Validation keeps a batch's accepted rows in ONE frame and each Submission refers to its rows
(``BatchRows``) instead of owning a copy; the warehouse loads the batch frame as it is. These
tests check that no file is handed another file's rows (real spreadsheets, real validation), and
that a file the database refuses inside a batch loses nothing of the others (real DuckDB).
"""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from bijie_etl.catalog import Catalog, load_catalog_from_settings
from bijie_etl.ingest.discover import read_submission
from bijie_etl.ingest.submission import ObservationBatch, Submission, SubmissionStatus
from bijie_etl.ingest.template import HEADER as TEMPLATE_HEADER
from bijie_etl.run import ingest_file
from bijie_etl.settings import Settings, load_settings
from bijie_etl.validate.submissions import validate_submissions
from bijie_etl.warehouse.store import Warehouse
from spreadsheets import write_xlsx
from warehousing import SQL_DIR, obs, submission

AS_OF = date(2024, 7, 10)
MARCH = date(2024, 3, 1)
#: The template's columns without 指标代码 and 备注.
HEADER = [label for label, _field in TEMPLATE_HEADER[1:-1]]


@pytest.fixture(scope="module")
def settings() -> Settings:
    return load_settings()


@pytest.fixture(scope="module")
def catalog(settings: Settings) -> Catalog:
    return load_catalog_from_settings(settings)


def row(name: str, unit: str, county: str = "全市", **values: float) -> list[object]:
    fields = ["value_month", "value_ytd", "value_ytd_prior", "growth_pct", "value"]
    return [name, unit, "2024-06", county, *(values.get(f) for f in fields)]


def test_each_file_of_a_batch_gets_exactly_the_rows_it_gets_alone(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """Validated together, every file's observations, failures and department equal validating it alone."""
    inbox = tmp_path / "inbox"
    (inbox / "能源局").mkdir(parents=True)
    files = [
        write_xlsx(
            inbox / "a.xlsx",
            {
                "数据": [
                    HEADER,
                    row("地区生产总值增速", "%", growth_pct=5.1),
                    row("煤炭产量", "万吨", value_ytd=7300.0),
                ]
            },
        ),
        # The energy bureau's folder: its GDP row is refused (not its indicator), the coal rows stay.
        write_xlsx(
            inbox / "能源局" / "b.xlsx",
            {
                "数据": [
                    HEADER,
                    row("煤炭产量", "万吨", value_ytd=7100.0),
                    row("地区生产总值增速", "%", growth_pct=9.9),
                    row("煤炭产量", "万吨", "七星关区", value_ytd=800.0),
                ]
            },
        ),
        write_xlsx(inbox / "c.xlsx", {"数据": [HEADER, row("没有这个指标", "%", growth_pct=1.0)]}),
        write_xlsx(
            inbox / "d.xlsx",
            {
                "数据": [
                    HEADER,
                    row("社会消费品零售总额增速", "%", growth_pct=6.2),
                    row("地区生产总值增速", "%", "七星关区", growth_pct=4.4),
                ]
            },
        ),
    ]
    opened = [read_submission(p, settings=settings, inbox=inbox) for p in files]
    together = validate_submissions(opened, catalog=catalog, as_of=AS_OF, inbox=inbox, history=None)
    assert all(sub.batch_rows() is not None for sub in together)  # nobody cut a frame yet
    assert [sub.rows_loaded for sub in together] == [2, 2, 0, 2]
    for sub, path in zip(together, files, strict=True):
        alone = ingest_file(path, catalog=catalog, settings=settings, as_of=AS_OF, inbox=inbox)
        pd.testing.assert_frame_equal(sub.observations, alone.observations)
        assert (sub.failures, sub.department) == (alone.failures, alone.department)
    assert [sub.observations["value"].tolist() for sub in together] == [
        [5.1, 7300.0],
        [7100.0, 800.0],
        [],
        [6.2, 4.4],
    ]
    assert [f.code.value for f in together[1].failures] == ["indicator_not_owned"]


def batched(subs: list[Submission]) -> list[Submission]:
    """The same submissions holding their rows of one batch frame, as validation hands them over."""
    frames = [sub.observations for sub in subs]
    batch = ObservationBatch(pd.concat(frames, ignore_index=True))
    out, start = [], 0
    for sub, frame in zip(subs, frames, strict=True):
        out.append(dataclasses.replace(sub, observations=batch.rows(start, start + len(frame))))
        start += len(frame)
    return out


def rows_by_file(wh: Warehouse) -> list[tuple[object, ...]]:
    return wh.con.execute(
        "SELECT source_file, indicator_code, county, value, row_number, cell FROM observations "
        "ORDER BY source_file, indicator_code, county"
    ).fetchall()


def test_a_refused_file_in_a_batch_frame_loses_nothing_of_the_others(tmp_path: Path) -> None:
    """Loaded from one batch frame, a file the database refuses is rejected alone, unrecorded (retried
    next run), and every other file keeps exactly its own rows, as when loaded from frames of their own."""
    subs = [
        submission(
            "好1.xlsx", [obs("gdp_growth", MARCH, 5.1), obs("retail_sales_growth", MARCH, 6.0, row=4)]
        ),
        submission("坏.xlsx", [obs("retail_sales_growth", date(2024, 3, 2), 6.3)]),  # not a first of month
        submission("空.xlsx", []),
        submission("好2.xlsx", [obs("coal_output", MARCH, 2100.0, row=7)], department="energy"),
    ]
    outcomes = []
    for name, given in (("frames", subs), ("batch", batched(subs))):
        with Warehouse(tmp_path / f"{name}.duckdb", SQL_DIR) as wh:
            wh.migrate()
            results = wh.load_submissions(given, wh.start_run(date(2024, 4, 20), "test"))
            assert not wh.is_loaded(subs[1].sha256)
            outcomes.append(
                ([(r.file_name, r.status, r.rows_new, r.error is None) for r in results], rows_by_file(wh))
            )
    assert outcomes[1] == outcomes[0]
    assert outcomes[1][0] == [
        ("好1.xlsx", SubmissionStatus.LOADED, 2, True),
        ("坏.xlsx", SubmissionStatus.REJECTED, 0, False),
        ("空.xlsx", SubmissionStatus.LOADED, 0, True),
        ("好2.xlsx", SubmissionStatus.LOADED, 1, True),
    ]
    assert outcomes[1][1] == [
        ("好1.xlsx", "gdp_growth", "全市", 5.1, 3, "G3"),
        ("好1.xlsx", "retail_sales_growth", "全市", 6.0, 4, "G4"),
        ("好2.xlsx", "coal_output", "全市", 2100.0, 7, "G7"),
    ]


def test_a_batch_file_whose_rows_were_read_loads_the_frame_it_was_handed_back(tmp_path: Path) -> None:
    """A file of a batch whose rows somebody cut into a frame and changed loads the changed frame;
    the files around it still load from the batch frame."""
    subs = batched(
        [
            submission("a.xlsx", [obs("gdp_growth", MARCH, 5.1)]),
            submission("b.xlsx", [obs("retail_sales_growth", MARCH, 6.0)]),
            submission(
                "c.xlsx", [obs("coal_output", MARCH, 2100.0, county="七星关区", row=4)], department="energy"
            ),
            submission(
                "d.xlsx",
                [
                    obs("coal_output", MARCH, 2200.0, row=5),
                    obs("coal_output", MARCH, 900.0, county="大方县", row=6),
                ],
                department="energy",
            ),
        ]
    )
    middle = subs[1]
    middle.observations = middle.observations.assign(sheet="改过")
    assert [sub.batch_rows() is None for sub in subs] == [False, True, False, False]
    with Warehouse(tmp_path / "w.duckdb", SQL_DIR) as wh:
        wh.migrate()
        results = wh.load_submissions(subs, wh.start_run(date(2024, 4, 20), "test"))
        got = wh.con.execute(
            "SELECT source_file, indicator_code, county, value, sheet, row_number FROM observations ORDER BY 1, 3"
        ).fetchall()
    assert [(r.file_name, r.rows_new) for r in results] == [
        ("a.xlsx", 1),
        ("b.xlsx", 1),
        ("c.xlsx", 1),
        ("d.xlsx", 2),
    ]
    assert got == [
        ("a.xlsx", "gdp_growth", "全市", 5.1, "数据", 3),
        ("b.xlsx", "retail_sales_growth", "全市", 6.0, "改过", 3),
        ("c.xlsx", "coal_output", "七星关区", 2100.0, "数据", 4),
        ("d.xlsx", "coal_output", "全市", 2200.0, "数据", 5),
        ("d.xlsx", "coal_output", "大方县", 900.0, "数据", 6),
    ]


def test_values_equal_across_types_are_mapped_apart() -> None:
    """Mapping a batch column once per distinct value keeps 1, 1.0 and True apart, and maps equal texts once."""
    from bijie_etl.validate.rules import _map_values

    calls: list[object] = []

    def seen(value: object) -> str:
        calls.append(value)
        return f"{type(value).__name__}:{value}"

    assert _map_values([1, 1.0, True, "1", None, 1.0], seen) == [
        "int:1", "float:1.0", "bool:True", "str:1", "NoneType:None", "float:1.0",
    ]  # fmt: skip
    calls.clear()
    assert _map_values(["甲", None, "甲", 2.5, "乙", 2.5], seen) == [
        "str:甲", "NoneType:None", "str:甲", "float:2.5", "str:乙", "float:2.5",
    ]  # fmt: skip
    assert calls == ["甲", None, 2.5, "乙"]  # once each, in the order they first appear
