"""The target catalog: every quantified target of the year's Government Work Report.

The catalog is data (``schemas/targets_<year>.yaml``, ``sources/departments.yaml``,
``sources/counties.yaml``, ``schemas/units.yaml``); this module reads it, checks it against
itself and the report text, and answers lookups (code, name, alias → :class:`Target`).
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from bijie_etl.catalog.memo import parsed_once
from bijie_etl.errors import CatalogError
from bijie_etl.text import label_core, normalize_name
from bijie_etl.units import UnitRegistry, load_units

__all__ = [
    "CITY",
    "Catalog",
    "Comparator",
    "County",
    "Department",
    "Direction",
    "Frequency",
    "Kind",
    "PaceMethod",
    "Target",
    "load_catalog",
    "load_catalog_from_settings",
    "load_counties",
    "load_departments",
    "parse_targets",
]

CITY = "全市"

_YEAR_BASELINE = re.compile(r"baseline_(\d{4})")


class Kind(StrEnum):
    GROWTH_RATE = "growth_rate"
    CUMULATIVE = "cumulative"
    COUNT = "count"
    SHARE = "share"
    LEVEL = "level"


class PaceMethod(StrEnum):
    CUMULATIVE = "cumulative"
    GROWTH = "growth"
    THRESHOLD = "threshold"
    TRAJECTORY = "trajectory"
    ANNUAL = "annual"


class Comparator(StrEnum):
    APPROX = "approx"  # 左右
    AT_LEAST = "at_least"  # 以上 / 不低于 / 突破
    AT_MOST = "at_most"
    EXACTLY = "exactly"


class Direction(StrEnum):
    HIGHER_IS_BETTER = "higher_is_better"
    LOWER_IS_BETTER = "lower_is_better"


class Frequency(StrEnum):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    ANNUAL = "annual"


#: Which submitted column carries the measure a target's kind tracks.
VALUE_FIELD = {
    Kind.GROWTH_RATE: "growth_pct",
    Kind.CUMULATIVE: "value_ytd",
    Kind.COUNT: "value_ytd",
    Kind.SHARE: "value",
    Kind.LEVEL: "value",
}


class Target(BaseModel):
    """One quantified promise of the report."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str
    name_zh: str
    name_en: str
    aliases: tuple[str, ...] = ()
    #: Names of the level measure whose growth this target is (地区生产总值 for 地区生产总值增速): a row
    #: or column with such a name is this target; its growth column is the value, its level is kept
    #: as the level (value_ytd) of the same indicator, and a bare column of it is the level.
    level_aliases: tuple[str, ...] = ()
    section: str
    clause: str
    department: str
    unit: str
    target: float | None = None
    stretch: float | None = None
    comparator: Comparator
    direction: Direction = Direction.HIGHER_IS_BETTER
    kind: Kind
    pace: PaceMethod
    frequency: Frequency = Frequency.MONTHLY
    #: The previous year's actual the pace compares with. In YAML also ``baseline_<previous year>``
    #: (``baseline_2023`` in the 2024 catalog). Without one, a run takes last December's warehouse value.
    baseline: float | None = None
    #: Where the baseline came from (the report text, the warehouse's December value …); set on load or by the run.
    baseline_source: str | None = None
    #: 12 cumulative shares of the year's total reached by the end of each month (ends at 1.0).
    profile: tuple[float, ...] | None = None
    #: ``catalog`` for a profile written in the catalog, ``last_year`` for one a run computed from the warehouse.
    profile_source: str | None = None
    #: Per-target overrides of the pace thresholds (keys as in settings.Thresholds).
    thresholds: dict[str, float] | None = None
    notes: str = ""

    @model_validator(mode="before")
    @classmethod
    def _year_named_baseline(cls, data: Any) -> Any:
        # `baseline_2023: 45` in the 2024 catalog is the 2023 actual stated in the report.
        if isinstance(data, dict):
            named = [k for k in data if isinstance(k, str) and _YEAR_BASELINE.fullmatch(k)]
            if named:
                if len(named) > 1 or "baseline" in data:
                    raise ValueError(
                        f"give one baseline, not {', '.join(sorted([*named, *(['baseline'] if 'baseline' in data else [])]))}"
                    )
                data = dict(data)
                key = named[0]
                data["baseline"] = data.pop(key)
                if data["baseline"] is not None:
                    data.setdefault("baseline_source", f"目录（{key[-4:]}年实绩，取自政府工作报告）")
        return data

    @field_validator("code")
    @classmethod
    def _snake_case(cls, value: str) -> str:
        if (
            not value.isascii()
            or not value.replace("_", "").isalnum()
            or value != value.lower()
            or value[0].isdigit()
        ):
            raise ValueError("must be ASCII snake_case, e.g. coal_output")
        return value

    @field_validator("clause", "section", "name_zh", "name_en", "department", "unit")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value or not value.strip():
            raise ValueError("must not be empty")
        return value

    @field_validator("target", "stretch", "baseline", mode="before")
    @classmethod
    def _not_a_boolean(cls, value: Any) -> Any:
        # YAML reads `yes`/`true` as booleans, which pydantic would quietly turn into 1.0.
        if isinstance(value, bool):
            raise ValueError("must be a number, not true/false")
        return value

    @field_validator("target", "stretch", "baseline")
    @classmethod
    def _finite(cls, value: float | None) -> float | None:
        if value is not None and not math.isfinite(value):
            raise ValueError("must be a finite number")
        return value

    @field_validator("profile")
    @classmethod
    def _profile_shape(cls, value: tuple[float, ...] | None) -> tuple[float, ...] | None:
        if value is None:
            return None
        if (
            len(value) != 12
            or abs(value[-1] - 1.0) > 1e-9
            or any(b < a for a, b in itertools.pairwise(value))
        ):
            raise ValueError("must be 12 non-decreasing cumulative shares ending at 1.0")
        return value

    @property
    def baseline_2023(self) -> float | None:
        """The baseline under its 2024 name (kept for callers written before years side by side)."""
        return self.baseline

    @property
    def value_field(self) -> str:
        """The submitted column this target is measured by (growth_pct, value_ytd or value)."""
        return VALUE_FIELD[self.kind]

    @property
    def is_numeric(self) -> bool:
        return self.target is not None


class Department(BaseModel):
    """A department that owns targets and sends monthly files."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str
    name_zh: str
    name_en: str = ""
    inbox: str
    deadline_day: int = Field(10, ge=1, le=28)  # of the next month, ≤ 28 (bijie_etl.months)
    contacts: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    #: Indicator codes owned by another department that this one may report too (e.g. 统计局
    #: publishes 规上工业增加值增速 although 工信局 owns the target). Its own targets always may.
    may_report: tuple[str, ...] = ()


@dataclass(frozen=True)
class County:
    name: str
    code: str
    aliases: tuple[str, ...] = ()


@dataclass
class Catalog:
    """The year's targets with their departments, counties and units, indexed for lookup."""

    year: int
    targets: tuple[Target, ...]
    departments: tuple[Department, ...]
    counties: tuple[County, ...]
    units: UnitRegistry
    #: The years whose periods this catalog accepts (several for the ingest catalog, see years.py).
    years: tuple[int, ...] = ()
    _by_code: dict[str, Target] = field(init=False, repr=False)
    _by_name: dict[str, Target] = field(init=False, repr=False)
    _departments: dict[str, Department] = field(init=False, repr=False)
    _counties: dict[str, str] = field(init=False, repr=False)
    _levels: set[str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if not self.years:
            self.years = (self.year,)
        self._by_code = {t.code: t for t in self.targets}
        self._by_name = {}
        for t in self.targets:
            for name in (t.name_zh, *t.aliases, *t.level_aliases):
                self._by_name[normalize_name(name)] = t
        self._levels = {normalize_name(n) for t in self.targets for n in t.level_aliases}
        self._departments = {}
        for d in self.departments:
            for key in (d.code, d.name_zh, d.inbox, *d.aliases):
                self._departments[normalize_name(key)] = d
        self._counties = {}
        for c in self.counties:
            for key in (c.name, c.code, *c.aliases):
                self._counties[normalize_name(key)] = c.name

    def __iter__(self) -> Iterator[Target]:
        return iter(self.targets)

    def __len__(self) -> int:
        return len(self.targets)

    def get(self, code: str) -> Target | None:
        return self._by_code.get(code.strip().lower()) if code else None

    def find(self, name: str) -> Target | None:
        """The target whose code, name or alias matches ``name`` after normalisation."""
        if not name:
            return None
        return self._by_code.get(name.strip().lower()) or self._by_name.get(normalize_name(name))

    def names_level(self, name: str) -> bool:
        """True when ``name`` is a level alias (地区生产总值) rather than the target's own measure."""
        return bool(name) and normalize_name(name) in self._levels

    def department(self, name: str) -> Department | None:
        """A department by code, Chinese name, inbox folder name or alias."""
        return self._departments.get(normalize_name(name)) if name else None

    def county(self, name: str) -> str | None:
        """The official county name for any spelling (威宁县 → 威宁彝族回族苗族自治县, ``1.七星关区``,
        ``其中：金沙县``, ``七星关区*``), or None; bracketed qualifiers are never dropped (``全市（不含…）``)."""
        if not name:
            return None  # else as typed, then without numbering / 其中 / footnote marks (brackets kept)
        return self._counties.get(normalize_name(name)) or self._counties.get(
            normalize_name(label_core(name))
        )

    def targets_of(self, department: str) -> list[Target]:
        dept = self.department(department)
        return [t for t in self.targets if dept and t.department == dept.code]

    def may_report(self, department: str, indicator_code: str) -> bool:
        """True when ``department`` (code or any name) owns the indicator or is allowed to report it.

        Ownership is the target's ``department`` in the catalog; the permission to report another
        department's indicator is that department's ``may_report`` list in sources/departments.yaml.
        An indicator not in the catalog is not this rule's business (``unknown_indicator`` is).
        """
        dept = self.department(department)
        target = self.get(indicator_code)
        if target is None:
            return True
        if dept is None:
            return False
        return target.department == dept.code or target.code in dept.may_report


# --------------------------------------------------------------------------------------------
# Loading and checking


_SAFE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read_yaml(path: Path) -> Any:
    try:
        # libyaml's safe loader when available: the same YAML, ~20x faster (0.5 s → 0.03 s for the catalog).
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER)
    except FileNotFoundError as exc:
        raise CatalogError(f"file not found: {path}") from exc
    except yaml.YAMLError as exc:
        raise CatalogError(f"{path.name} is not valid YAML: {exc}") from exc


def _model(cls: type[BaseModel], raw: Any, entry: str) -> Any:
    if not isinstance(raw, dict):
        raise CatalogError("must be a mapping", entry=entry)
    try:
        return cls.model_validate(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = ".".join(str(p) for p in err["loc"]) or None
        raise CatalogError(err["msg"], entry=entry, field=loc) from None


def check_catalog(catalog: Catalog, report_text: str | None) -> None:
    """Raise :class:`CatalogError` naming the entry and field of the first problem found."""
    dept_codes = {d.code for d in catalog.departments}
    for d in catalog.departments:
        for code in d.may_report:
            # departments.yaml serves every year: a code this year's catalog lacks is simply unused
            # (`bijie-etl doctor` lists them); one the department owns itself is a contradiction.
            target = catalog.get(code)
            if target is not None and target.department == d.code:
                raise CatalogError(
                    f"may_report names {code!r}, which the department already owns",
                    entry=d.code,
                    field="may_report",
                )
    seen_names: dict[str, str] = {}
    seen_codes: set[str] = set()
    compact_report = normalize_name(report_text) if report_text else None
    for t in catalog.targets:
        if t.code in seen_codes:
            raise CatalogError("duplicate code", entry=t.code, field="code")
        seen_codes.add(t.code)
        for fld, name in [
            ("name_zh", t.name_zh),
            *(("aliases", a) for a in t.aliases),
            *(("level_aliases", a) for a in t.level_aliases),
        ]:
            key = normalize_name(name)
            if key in seen_names and seen_names[key] != t.code:
                raise CatalogError(
                    f"name {name!r} is already used by {seen_names[key]!r}", entry=t.code, field=fld
                )
            seen_names[key] = t.code
        if t.unit not in catalog.units:
            raise CatalogError(
                f"unknown unit {t.unit!r} (add it to schemas/units.yaml)", entry=t.code, field="unit"
            )
        if t.department not in dept_codes:
            raise CatalogError(
                f"unknown department {t.department!r} (see sources/departments.yaml)",
                entry=t.code,
                field="department",
            )
        if t.target is None and t.pace is not PaceMethod.ANNUAL:
            raise CatalogError("a target without a number must use pace: annual", entry=t.code, field="pace")
        if t.stretch is not None:
            if t.target is None:
                raise CatalogError("stretch given without a target", entry=t.code, field="stretch")
            if t.direction is Direction.HIGHER_IS_BETTER and t.stretch < t.target:
                raise CatalogError(
                    f"stretch {t.stretch:g} is below target {t.target:g} for a higher-is-better target",
                    entry=t.code,
                    field="stretch",
                )
            if t.direction is Direction.LOWER_IS_BETTER and t.stretch > t.target:
                raise CatalogError(
                    f"stretch {t.stretch:g} is above target {t.target:g} for a lower-is-better target",
                    entry=t.code,
                    field="stretch",
                )
        if compact_report is not None and normalize_name(t.clause) not in compact_report:
            raise CatalogError(
                f"clause not found verbatim in the report: {t.clause!r}", entry=t.code, field="clause"
            )


def load_departments(path: Path) -> tuple[Department, ...]:
    raw = _read_yaml(path)
    items = raw.get("departments") if isinstance(raw, dict) else None
    if not isinstance(items, list):
        raise CatalogError(f"{path.name} must have a 'departments' list")
    depts = tuple(
        _model(Department, item, entry=str(item.get("code", i)) if isinstance(item, dict) else str(i))
        for i, item in enumerate(items)
    )
    seen: set[str] = set()
    for d in depts:
        if d.code in seen:
            raise CatalogError("duplicate department code", entry=d.code, field="code")
        seen.add(d.code)
    return depts


def load_counties(path: Path) -> tuple[County, ...]:
    """The counties of ``counties.yaml``, each county's names also after each ``county_prefixes`` (毕节市七星关区)."""
    raw = _read_yaml(path)
    pre = tuple(str(p) for p in raw.get("county_prefixes") or ())
    out = []
    for c in raw["counties"]:
        names = (c["name"], *(c.get("aliases", []) or []))
        prefixed = (
            () if c["name"] == CITY else tuple(p + n for p in pre for n in names if not n.startswith(p))
        )
        out.append(County(c["name"], c["code"], (*names[1:], *prefixed)))
    return tuple(out)


def parse_targets(items: Iterable[Any]) -> tuple[Target, ...]:
    out = []
    for i, item in enumerate(items):
        entry = str(item.get("code", f"#{i}")) if isinstance(item, dict) else f"#{i}"
        out.append(_model(Target, item, entry=entry))
    return tuple(out)


def load_catalog(
    catalog_path: Path,
    *,
    departments_path: Path,
    counties_path: Path,
    units_path: Path,
    report_path: Path | None = None,
) -> Catalog:
    """Read and check the catalog. ``report_path`` enables the verbatim-clause check.

    The same files (by content) give the same :class:`Catalog` object without parsing them again:
    a night asks for each year's catalog at start, in the preflight and in the reader.
    """
    paths = (catalog_path, departments_path, counties_path, units_path, report_path)
    return parsed_once(paths, lambda: _parse_catalog(*paths))


def _parse_catalog(
    catalog_path: Path,
    departments_path: Path,
    counties_path: Path,
    units_path: Path,
    report_path: Path | None,
) -> Catalog:
    raw = _read_yaml(catalog_path)
    if not isinstance(raw, dict) or not isinstance(raw.get("targets"), list):
        raise CatalogError(f"{catalog_path.name} must have a 'targets' list")
    catalog = Catalog(
        year=int(raw.get("year", 2024)),
        targets=parse_targets(raw["targets"]),
        departments=load_departments(departments_path),
        counties=load_counties(counties_path),
        units=load_units(units_path),
    )
    report_text = report_path.read_text(encoding="utf-8") if report_path else None
    check_catalog(catalog, report_text)
    return catalog


def load_catalog_from_settings(settings: Any, year: int | None = None) -> Catalog:
    """The catalog of ``year`` (default: the settings' year, else the latest catalogued one).

    The clauses are checked against that year's report text when ``reference/`` holds it.
    """
    year = settings.default_year if year is None else year
    report = settings.report_path_for(year)
    catalog = load_catalog(
        settings.catalog_path_for(year),
        departments_path=settings.departments_path,
        counties_path=settings.sources_dir / "counties.yaml",
        units_path=settings.schemas_dir / "units.yaml",
        report_path=report,
    )
    if catalog.year != year:
        raise CatalogError(f"targets_{year}.yaml says year: {catalog.year}", field="year")
    return catalog
