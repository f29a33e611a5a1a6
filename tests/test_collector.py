"""The garbage collector tuning of a run (bijie_etl.collector.collector_for_run)."""

from __future__ import annotations

import gc

from bijie_etl.collector import collector_for_run


def test_run_freezes_earlier_objects_and_restores_the_collector() -> None:
    """During a run the objects made before it are frozen and young collections are rarer; afterwards both are as before."""
    before = gc.get_threshold()
    earlier = [object() for _ in range(3)]  # noqa: F841  (alive before the run)
    with collector_for_run(young=12_345):
        assert gc.get_freeze_count() > 0
        assert gc.get_threshold() == (max(12_345, before[0]), *before[1:])
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_nested_runs_leave_the_outer_tuning_in_place() -> None:
    """A run inside a flow's tuned collector changes nothing, and the outer one undoes it at its end."""
    before = gc.get_threshold()
    with collector_for_run():
        frozen = gc.get_freeze_count()
        with collector_for_run(young=99_999):
            assert gc.get_threshold()[0] == max(10_000, before[0])
        # not frozen again (a frozen object that dies leaves the count: it may only go down)
        assert gc.get_freeze_count() <= frozen
        assert gc.get_threshold()[0] == max(10_000, before[0])
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_a_run_that_raises_restores_the_collector() -> None:
    """An error inside the run still restores the thresholds and unfreezes."""
    before = gc.get_threshold()
    try:
        with collector_for_run():
            raise ValueError("boom")
    except ValueError:
        pass
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0
