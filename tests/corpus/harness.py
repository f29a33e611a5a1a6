"""Read one corpus file through the package's public reading + validation API, in the corpus format.

Kept thin on purpose: the reader's modules move (issue #12) and grow (issues #13, #14); only
:func:`_ingest_all` and :func:`_ingest` know which package functions read and validate files, so a
move is a small change here. No Prefect and no warehouse: each file is copied into a temporary inbox
under its department's folder (the folder is how the pipeline knows who sent it), then all are read
and validated in one batch (each file on its own, as if it came first), with ``as_of`` = :data:`AS_OF`.

The values come back as :class:`Value` rows (``indicator_code, county, period, measure, value``) and
the failures (errors and warnings alike) as :class:`WarningRow` rows (``code, sheet, cell``), exactly as
``<stem>.expected.csv`` and ``<stem>.warnings.csv`` are written.
"""

from __future__ import annotations

import csv
import math
import shutil
import tempfile
from collections import Counter
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

import yaml

HERE = Path(__file__).resolve().parent
#: Every corpus file is read as of this date (all periods of 2024 are past).
AS_OF = date(2024, 12, 31)
#: Measures a file can carry, in the order the expected files list them.
MEASURES = ("value_month", "value_ytd", "value_ytd_prior", "growth_pct", "value")
#: Relative tolerance of a value match: the file's decimals survive float arithmetic to ~1e-12.
TOLERANCE = 1e-9


class Value(NamedTuple):
    indicator_code: str
    county: str
    period: str  # YYYY-MM
    measure: str
    value: str  # a decimal string


class WarningRow(NamedTuple):
    code: str
    sheet: str
    cell: str


# --------------------------------------------------------------------------------------------
# The corpus on disk


@cache
def manifest() -> dict[str, dict[str, Any]]:
    """MANIFEST.yaml: stem → {file, department, writer, tags, description}."""
    return yaml.safe_load((HERE / "MANIFEST.yaml").read_text(encoding="utf-8"))["files"]


def stems() -> list[str]:
    return sorted(manifest())


def known_gaps() -> set[str]:
    """Stems the reader does not read fully right yet (KNOWN_GAPS.txt, one per line, # comments)."""
    path = HERE / "KNOWN_GAPS.txt"
    if not path.exists():
        return set()
    lines = (line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines())
    return {line for line in lines if line}


def expected(stem: str) -> tuple[list[Value], list[WarningRow]]:
    """The hand-written expected values and warnings of one file."""
    with (HERE / f"{stem}.expected.csv").open(encoding="utf-8", newline="") as fh:
        values = [Value(**row) for row in csv.DictReader(fh)]
    with (HERE / f"{stem}.warnings.csv").open(encoding="utf-8", newline="") as fh:
        warnings = [WarningRow(row["code"], row["sheet"], row["cell"]) for row in csv.DictReader(fh)]
    return values, warnings


# --------------------------------------------------------------------------------------------
# Reading a file the way the pipeline does


@cache
def _settings_and_catalog() -> tuple[Any, Any]:
    import bijie_etl  # the public API: stable across the package's reorganisation

    settings = bijie_etl.load_settings()
    return settings, bijie_etl.load_catalog_from_settings(settings)


def catalog() -> Any:
    """The catalog the corpus is read against (the project's own)."""
    return _settings_and_catalog()[1]


def _ingest(path: Path, inbox: Path) -> Any:
    """Read and validate one file (no loading): the package's ``ingest_file``, a Submission."""
    from bijie_etl.run import ingest_file

    settings, catalog = _settings_and_catalog()
    return ingest_file(path, catalog=catalog, settings=settings, as_of=AS_OF, inbox=inbox)


def _ingest_all(paths: list[Path], inbox: Path) -> list[Any]:
    """Read every file, then validate them in one batch, each file seeing no other (``sequential=False``:
    the corpus files are unrelated examples; the same Submissions as one ``ingest_file`` each, ~15x faster)."""
    from bijie_etl.run import read_submission
    from bijie_etl.validate.submissions import validate_submissions

    settings, catalog = _settings_and_catalog()
    opened = [read_submission(path, settings=settings, inbox=inbox) for path in paths]
    return validate_submissions(
        opened,
        catalog=catalog,
        as_of=AS_OF,
        inbox=inbox,
        history=None,
        guard=settings.guard,
        sequential=False,
    )


def _place(stem: str, inbox: Path) -> Path:
    """Copy a corpus file into ``inbox/<its department folder>/`` (the folder says who sent it)."""
    entry = manifest()[stem]
    folder = inbox / entry["department"]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / entry["file"]
    shutil.copyfile(HERE / entry["file"], path)
    return path


@cache
def _submissions() -> dict[str, Any]:
    """Every corpus file's Submission, read in one batch (per file if the batch itself fails)."""
    with tempfile.TemporaryDirectory(prefix="corpus-") as tmp:
        inbox = Path(tmp) / "inbox"
        paths = [_place(stem, inbox) for stem in stems()]
        try:
            subs = _ingest_all(paths, inbox)
        except Exception:  # a reader bug in one file must not hide the others' results
            subs = [_ingest(path, inbox) for path in paths]
    return dict(zip(stems(), subs, strict=True))


def _decimal(value: float) -> str:
    """A float as the decimal a person would type (12 significant digits, no exponent: 100, 0.0312)."""
    return format(Decimal(f"{value:.12g}").normalize(), "f")


def read(stem: str) -> tuple[list[Value], list[WarningRow]]:
    """What today's reader gets from one corpus file, in the corpus format."""
    entry = manifest()[stem]
    _settings, catalog = _settings_and_catalog()
    sub = _submissions()[stem]
    values: list[Value] = []
    for row in sub.observations.to_dict("records"):
        code = str(row["indicator_code"])
        target = catalog.get(code)
        period = row["period"]
        for measure in MEASURES:
            v = row.get(measure)
            if v is None or (isinstance(v, float) and math.isnan(v)) or v is _NA:
                continue
            # `value` repeats the kind's own measure (growth_pct, value_ytd) except for shares and
            # levels, where it is the measure itself: list it only there.
            if measure == "value" and (target is None or target.value_field != "value"):
                continue
            values.append(Value(code, str(row["county"]), f"{period:%Y-%m}", measure, _decimal(float(v))))
    is_csv = entry["file"].lower().endswith(".csv")
    warnings = [
        WarningRow(f.code.value, "" if is_csv else (f.sheet or ""), f.cell or "") for f in sub.failures
    ]
    return values, warnings


try:
    import pandas as _pd

    _NA: Any = _pd.NA
except ImportError:  # pragma: no cover
    _NA = object()


# --------------------------------------------------------------------------------------------
# Comparing


def _key(v: Value) -> tuple[str, str, str, str]:
    return (v.indicator_code, v.county, v.period, v.measure)


def same_number(a: str, b: str) -> bool:
    x, y = float(a), float(b)
    return math.isclose(x, y, rel_tol=TOLERANCE, abs_tol=TOLERANCE)


class Comparison(NamedTuple):
    """One file's result: values right/expected, what is missing, wrong or extra, warning differences."""

    values_right: int
    values_expected: int
    missing: list[Value]  # expected, not read
    wrong: list[tuple[Value, Value]]  # (expected, read) with a different number
    extra: list[Value]  # read, not expected (a value loaded that should not be)
    warnings_missing: list[WarningRow]
    warnings_extra: list[WarningRow]

    @property
    def fully_right(self) -> bool:
        return (
            self.values_right == self.values_expected
            and not self.extra
            and not self.warnings_missing
            and not self.warnings_extra
        )

    def describe(self) -> str:
        lines = []
        lines += [f"missing  {tuple(v)}" for v in self.missing]
        lines += [f"wrong    {tuple(e)} read {r.value}" for e, r in self.wrong]
        lines += [f"extra    {tuple(v)}" for v in self.extra]
        lines += [f"warning missing {tuple(w)}" for w in self.warnings_missing]
        lines += [f"warning extra   {tuple(w)}" for w in self.warnings_extra]
        return "\n".join(lines)


def compare(stem: str) -> Comparison:
    """Read ``stem`` and compare it with its expected files."""
    want_values, want_warnings = expected(stem)
    got_values, got_warnings = read(stem)
    got = {}
    duplicates = []
    for v in got_values:
        if _key(v) in got:
            duplicates.append(v)  # the same value twice is one too many
        got[_key(v)] = v
    right, missing, wrong = 0, [], []
    for v in want_values:
        g = got.pop(_key(v), None)
        if g is None:
            missing.append(v)
        elif same_number(v.value, g.value):
            right += 1
        else:
            wrong.append((v, g))
    extra = list(got.values()) + duplicates
    want, have = Counter(want_warnings), Counter(got_warnings)
    return Comparison(
        right,
        len(want_values),
        missing,
        wrong,
        extra,
        list((want - have).elements()),
        list((have - want).elements()),
    )
