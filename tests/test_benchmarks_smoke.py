"""Smoke test of the benchmarks (``make bench``): every measurement runs on a few files; no timing assertions."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import duckdb
import pytest

from bijie_etl.settings import PROJECT_ROOT

sys.path.insert(0, str(PROJECT_ROOT))  # `benchmarks` is a top-level package of the checkout, not installed

from benchmarks import run
from benchmarks.naive import load_naive
from benchmarks.scale import ScaleParams, generate

from bijie_etl.catalog import load_catalog_from_settings
from bijie_etl.settings import load_settings


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> run.Dataset:
    """Eight generated files (two departments, mixed styles), cached in a temporary folder."""
    return generate(
        ScaleParams(n_files=8, departments=("agriculture", "energy")),
        data_dir=tmp_path_factory.mktemp("data"),
        processes=1,
    )


def test_generator_writes_every_planned_file_and_caches(dataset: run.Dataset) -> None:
    """The generator writes every planned file, counts its rows, and a second call is served from the cache."""
    assert len(dataset.files) == 8
    assert all(p.exists() and p.stat().st_size > 0 for p in dataset.files)
    assert {p.suffix for p in dataset.files} <= {".xlsx", ".xls", ".csv"}
    again = generate(dataset.params, data_dir=dataset.root.parent, processes=1)
    assert (again.files, again.rows, again.generated_s) == (dataset.files, dataset.rows, 0.0)


def test_floor_pipeline_and_naive_load_the_same_rows(dataset: run.Dataset, tmp_path: Path) -> None:
    """The pipeline loads every generated row, the naive script too, and the floor decodes at least as many."""
    direct = run.run_pipeline_once(dataset, tmp_path / "direct")
    settings = load_settings()
    con = duckdb.connect(str(tmp_path / "naive.duckdb"))
    naive_rows = load_naive(dataset.files, con, load_catalog_from_settings(settings), settings)
    con.close()
    assert (direct["rows_loaded"], direct["files_loaded"]) == (dataset.rows, len(dataset.files))
    assert naive_rows == dataset.rows
    assert run.decode_floor(dataset.files) >= dataset.rows


def test_second_night_finds_every_file_unchanged(dataset: run.Dataset, tmp_path: Path) -> None:
    """A second run over the same inbox records every file as unchanged and loads nothing."""
    run.run_pipeline_once(dataset, tmp_path / "w")
    again = run.run_pipeline_once(dataset, tmp_path / "w", fresh=False)
    assert (again["files_unchanged"], again["rows_loaded"]) == (len(dataset.files), 0)


def test_pace_measurement_builds_observations_with_one_current_row_per_key(tmp_path: Path) -> None:
    """The synthetic observations keep one current version per key and pace.assess runs over them."""
    m = run.measure_pace(20_000, 1, tmp_path / "pace")
    assert m.error is None
    assert (m.extra["observations"], m.extra["current"], len(m.runs)) == (20_000, 20_000, 1)


def test_results_have_the_ratio_lines_and_goal_verdicts(dataset: run.Dataset) -> None:
    """RESULTS.md shows the ratio lines per set and a met/not met verdict for each goal."""

    def m(name: str, secs: list[float], rows: int | None = 100, **extra: object) -> run.Measurement:
        return run.Measurement(name, secs, rows, dict(extra))

    sets = [
        {
            "label": "backfill (8 files)", "dataset": dataset, "repeat": 1, "naive_repeat": 1,
            "floor": m("floor", [1.0]), "pipeline": m("p", [1.5], steps={"ingest": 1.2}),
            "naive": m("naive", [40.0]),
            "prefect": m("prefect", [3.0], flow_run_s=1.7, startup_s=1.2, peak_rss_mib=300.0,
                         no_new_file={"flow_run_s": 0.5, "wall_s": 2.0}),
        }
    ]  # fmt: skip
    pace = m("pace", [2.0], observations=10_000_000)
    context = {
        "command": "x",
        "when": str(date(2024, 12, 31)),
        "machine": run.machine(),
        "versions": run.versions(),
        "adhoc": m("ad-hoc", [4.0], server_start_s=9.0),
        "desk_result": {"rows": 50, "upload_median_s": 0.4, "upload_max_s": 0.6},
        "scale": m("scale (50,000 files)", [600.0], peak_rss_mib=700.0, cpu_s=650.0),
    }
    text = run.render_results(sets, pace, context)
    assert "backfill (8 files): b/a = 1.70×; b'/a = 1.50×; b/b' = 1.13×; c/b = 23.53×; c/b' = 26.67×" in text
    verdicts = [
        line.rsplit("|", 2)[1].strip()
        for line in text.splitlines()
        if line.startswith(
            ("| (b') ≤", "| (b) ≤", "| (c) /", "| peak", "| quiet", "| pace", "| ad-hoc", "| desk", "| scale")
        )
    ]
    assert verdicts == ["**met 达成**"] * 9
    # A figure over its goal says so.
    context["scale"] = m("scale (50,000 files)", [600.0], peak_rss_mib=1500.0, cpu_s=650.0)
    assert "| scale (50,000 files) backfill: peak RSS < 1 GB | 1500 MiB" in run.render_results(
        sets, pace, context
    )
    assert "**NOT met 未达成**" in run.render_results(sets, pace, context)
    # The ad-hoc overhead is counted beyond the same work without Prefect, mail included, when measured.
    assert "| 2.50 s (command 4.00 s, median of 1 − (b') 1.50 s;" in text
    context["adhoc_reference"] = m("ad-hoc reference", [1.75])
    assert "| 2.25 s (command 4.00 s, median of 1 − (b') with mail 1.75 s;" in run.render_results(
        sets, pace, context
    )
    # (b)/(b') compares the same work: (b') with the mail step, when it was measured.
    sets[0]["pipeline_mail"] = m("p mail", [1.6])
    text = run.render_results(sets, pace, context)
    assert "b/b' = 1.06×" in text
    assert "(b') with the mail step, as (b) runs it; against (b') without it 1.13×" in text


def test_prefect_repeats_run_in_one_child_each_on_a_fresh_warehouse(
    dataset: run.Dataset, tmp_path: Path
) -> None:
    """(b)'s repeats: one child process, the flow run twice (temporary server), each loading every row."""
    m = run.measure_prefect(dataset, 2, tmp_path / "prefect")
    assert m.error is None, m.error
    assert len(m.runs) == 2
    assert all(r > 0 for r in m.runs)
    assert m.rows == dataset.rows
    assert m.extra["first_flow_run_s"] == m.runs[0]
    assert m.extra["no_new_file"]["files_unchanged"] == len(dataset.files)
