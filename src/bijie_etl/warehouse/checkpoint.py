"""A run's closing checkpoint, taken in a thread of its own while the run goes on (issue #19).

After a backfill's last batch the read workers are idle and the main process still has the
closing checkpoint (~0.15 s: every batch's rows written into the file), the assessment, the
outputs digest and the dashboard to do, one after the other. DuckDB checkpoints from a cursor of
its own while the connection reads (it releases the GIL meanwhile), so the checkpoint runs on the
idle core while the run re-syncs the catalogs and works out the assessment; the run's next write
(the assessment's rows) waits for it to end (DuckDB lets no write through during a checkpoint).

The settings the run's batches loaded under (one thread, the larger write-ahead log limit, no
FSST) stay until the checkpoint is done: :meth:`ClosingCheckpoint.wait` (the warehouse calls it
before it records the run's end, publishes, closes, or loads again) joins the thread, restores
them, and raises what the checkpoint raised.
"""

from __future__ import annotations

import threading

import duckdb

__all__ = ["ClosingCheckpoint"]


class ClosingCheckpoint:
    """``CHECKPOINT`` on a cursor of ``con`` in a thread; ``then``: statements run on ``con`` once it is done."""

    def __init__(self, con: duckdb.DuckDBPyConnection, then: list[str]) -> None:
        self.then = then
        self._con = con
        self._cursor = con.cursor()  # made here: a cursor of a connection closed meanwhile cannot be
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._checkpoint, name="closing-checkpoint", daemon=True)
        self._thread.start()

    def _checkpoint(self) -> None:
        try:
            self._cursor.execute("CHECKPOINT")
        except BaseException as exc:  # raised in the run's thread by wait()
            self._error = exc
        finally:
            self._cursor.close()

    def wait(self) -> None:
        """Wait for the checkpoint, run :attr:`then`, and raise the checkpoint's error if it had one."""
        self._thread.join()
        for statement in self.then:
            self._con.execute(statement)
        if self._error is not None:
            raise self._error
