"""Province mode: the cities of a province and one city's nightly run (docs/PROVINCE.md).

A city is a configuration (its catalog and departments: ``schemas_dir``/``sources_dir``) plus an
inbox, listed in a province file (``BIJIE_PROVINCE_FILE``, YAML)::

    cities:
      - code: bijie              # lake schema, lower-case ASCII
        name_zh: 毕节市
        schemas_dir: /srv/bijie/schemas
        sources_dir: /srv/bijie/sources
        inbox_dir: /srv/bijie/inbox
        output_dir: /srv/bijie/out   # optional; dashboards and feedback reports

Every city writes into the same lake (``BIJIE_WAREHOUSE_URL``/``BIJIE_LAKE_DATA_PATH``), each in its
own transactions. The Prefect ``province`` flow runs :func:`run_city` once per city, in parallel.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from bijie_etl.settings import Settings, load_settings, today_in_bijie
from bijie_etl.warehouse.lake import check_city

__all__ = ["City", "city_limit_name", "city_settings", "load_province", "run_city", "settings_for_city"]

#: Settings a city entry may set (paths are resolved against the province file's folder).
_PATH_FIELDS = ("schemas_dir", "sources_dir", "inbox_dir", "output_dir", "warehouse_dir")


@dataclass(frozen=True)
class City:
    """One city of the province: its code (the lake schema), name and where its configuration lives."""

    code: str
    name_zh: str
    overrides: dict[str, Any] = field(default_factory=dict)


def load_province(path: Path) -> list[City]:
    """The cities listed in a province file; codes checked, duplicates refused."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    cities: list[City] = []
    for entry in data.get("cities") or []:
        code = check_city(str(entry["code"]))
        if any(c.code == code for c in cities):
            raise ValueError(f"省级配置 {path} 中城市代码 {code} 重复 / duplicate city code")
        overrides: dict[str, Any] = {}
        for name in _PATH_FIELDS:
            if entry.get(name):
                p = Path(entry[name])
                overrides[name] = p if p.is_absolute() else (Path(path).parent / p).resolve()
        cities.append(City(code, str(entry.get("name_zh") or code), overrides))
    return cities


def city_settings(base: Settings, city: City) -> Settings:
    """``base`` (the province's lake settings) with the city's code and folders."""
    values = base.model_dump()
    values.update(city.overrides, city=city.code)
    if "warehouse_dir" not in city.overrides:
        values["warehouse_dir"] = Path(base.warehouse_dir) / city.code
    values["desk_root"] = base.desk_dir  # one desk for the province: its accounts, uploads, 情况说明
    return Settings(**values)


def settings_for_city(code: str, base: Settings | None = None) -> Settings:
    """The settings of city ``code`` from the province file (``BIJIE_PROVINCE_FILE``)."""
    base = base or load_settings()
    if base.province_file is None:
        raise ValueError("未设置 BIJIE_PROVINCE_FILE（省级模式的城市清单） / BIJIE_PROVINCE_FILE is not set")
    for city in load_province(base.province_file):
        if city.code == code:
            return city_settings(base, city)
    raise ValueError(f"城市 {code} 不在 {base.province_file} 中 / city not in the province file")


def city_limit_name(code: str) -> str:
    """The Prefect global concurrency limit (1 slot) that keeps one run per city at a time."""
    return f"bijie-city-{code}"


def run_city(settings: Settings, as_of: date, *, steps: Any = None) -> dict[str, Any]:
    """One city's nightly run into the lake (or its single file when no lake is configured)."""
    from bijie_etl.run import run_nightly

    return run_nightly(settings, as_of, steps=steps).as_dict(every_file=False)


def _main(argv: list[str] | None = None) -> None:
    """``python -m bijie_etl.province [--as-of D]``: one city's run, settings from the environment."""
    parser = argparse.ArgumentParser(description="One city's nightly run (province mode).")
    parser.add_argument("--as-of", type=date.fromisoformat, default=None)
    args = parser.parse_args(argv)
    settings = load_settings()
    report = run_city(settings, args.as_of or today_in_bijie())
    print(
        f"{settings.city}: files {report['files_seen']}, loaded {report['files_loaded']},"
        f" rows {report['rows_loaded']}"
    )


if __name__ == "__main__":
    _main()
