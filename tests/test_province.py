"""Province mode without servers: the province file, per-city settings, the benchmark's section."""

from __future__ import annotations

from pathlib import Path

import pytest

from bijie_etl.province import city_settings, load_province, settings_for_city
from bijie_etl.settings import MissingSecret, Settings
from bijie_etl.warehouse.lake import LakeUnavailable, analyst_attach_sql, check_city


def test_province_file_resolves_each_citys_folders_against_its_own_folder(tmp_path: Path) -> None:
    """Relative folders in the province file are read from the file's folder; each city gets its own warehouse folder."""
    (tmp_path / "province.yaml").write_text(
        "cities:\n"
        "  - {code: bijie, name_zh: 毕节市, inbox_dir: bijie/inbox, schemas_dir: /srv/bijie/schemas}\n"
        "  - {code: zunyi, name_zh: 遵义市, inbox_dir: zunyi/inbox}\n",
        encoding="utf-8",
    )
    cities = load_province(tmp_path / "province.yaml")
    assert [(c.code, c.name_zh) for c in cities] == [("bijie", "毕节市"), ("zunyi", "遵义市")]
    base = Settings(warehouse_dir=tmp_path / "wh", province_file=tmp_path / "province.yaml")
    bijie = city_settings(base, cities[0])
    assert (bijie.city, bijie.inbox_dir, bijie.schemas_dir, bijie.warehouse_dir) == (
        "bijie",
        tmp_path / "bijie" / "inbox",
        Path("/srv/bijie/schemas"),
        tmp_path / "wh" / "bijie",
    )
    assert settings_for_city("zunyi", base).inbox_dir == tmp_path / "zunyi" / "inbox"
    with pytest.raises(ValueError, match="不在"):
        settings_for_city("anshun", base)


def test_province_file_refuses_duplicate_and_malformed_city_codes(tmp_path: Path) -> None:
    """A city code must be a lower-case ASCII identifier (it names a lake schema) and appear once."""
    path = tmp_path / "province.yaml"
    path.write_text("cities:\n  - {code: bijie}\n  - {code: bijie}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="重复"):
        load_province(path)
    for bad in ("Bijie", "毕节", "1city", "main", "a-b", ""):
        with pytest.raises(LakeUnavailable, match="城市代码"):
            check_city(bad)


def test_single_file_stays_the_default_and_an_s3_key_needs_its_secret() -> None:
    """Without BIJIE_WAREHOUSE_URL the warehouse is the single file; an S3 key id without its secret fails at start-up."""
    settings = Settings()
    assert not settings.lake_mode
    assert settings.database_path.name == "bijie.duckdb"
    assert Settings(warehouse_url="ducklake:postgres:dbname=x").lake_mode
    with pytest.raises(MissingSecret, match="BIJIE_LAKE_S3_SECRET"):
        Settings(warehouse_url="ducklake:postgres:dbname=x", lake_data_path="s3://b/", lake_s3_key_id="k")


def test_analyst_attach_is_read_only_and_pinned_to_the_snapshot() -> None:
    """The published attach script opens the lake read-only at the run's snapshot and never contains the S3 secret."""
    settings = Settings(
        warehouse_url="ducklake:postgres:dbname=lake host=127.0.0.1",
        lake_data_path="s3://b/data/",
        lake_s3_key_id="key",
        lake_s3_secret="s3cr3t-value",
    )
    sql = analyst_attach_sql(settings, 42)
    assert (
        "ATTACH 'ducklake:postgres:dbname=lake host=127.0.0.1' AS lake (READ_ONLY, SNAPSHOT_VERSION 42);"
        in sql
    )
    assert "s3cr3t-value" not in sql


def test_benchmark_section_replaces_only_its_own_part(tmp_path: Path) -> None:
    """The province benchmark rewrites the text between its markers and keeps the rest of RESULTS.md."""
    from benchmarks.province import BEGIN, END, render, write_section

    out = tmp_path / "RESULTS.md"
    out.write_text("# Results\n\nfirst part\n", encoding="utf-8")
    figures = {
        "cities": 3,
        "files_per_city": 12,
        "single_file_s": (2.0, 1.0, 0.5),  # wall s, CPU s, load average
        "lake_one_city_s": (5.0, 2.0, 0.5),
        "sequential_s": (15.0, 6.0, 0.5),
        "parallel_s": (9.0, 6.0, 0.5),
        "cores": 2,
    }
    write_section(out, render(figures))
    write_section(out, render({**figures, "parallel_s": (7.5, 6.6, 1.0)}))
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Results\n\nfirst part\n")
    assert text.count(BEGIN) == 1
    assert text.count(END) == 1
    assert "lake / file = 2.50; 2.00" in text
    assert "parallel / sequential = 0.50; 1.10" in text
