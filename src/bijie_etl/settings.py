"""One typed settings object for the whole package.

Values come from ``BIJIE_*`` environment variables, then an optional ``bijie.toml``-style
``.env`` file named by ``BIJIE_ENV_FILE``, then the defaults below. Build it once at the edge
(CLI command, flow) with :func:`load_settings` and pass it down; library code never reads
``os.environ`` itself.
"""

from __future__ import annotations

import os
from datetime import date, datetime
from importlib.resources import files
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import Field, SecretStr, ValidationError, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bijie_etl.errors import BijieError, Misconfigured

__all__ = [
    "PACKAGED_CONFIG",
    "PROJECT_ROOT",
    "MissingSecret",
    "Settings",
    "Thresholds",
    "export_config",
    "load_settings",
    "today_in_bijie",
]

_CHECKOUT = Path(__file__).resolve().parents[2]
#: The repository root when running from a checkout (src layout: src/bijie_etl/settings.py); an
#: installed wheel has none and works from the current folder.
PROJECT_ROOT = _CHECKOUT if (_CHECKOUT / "pyproject.toml").is_file() else Path.cwd()
#: The configuration shipped inside the package: ``schemas/`` (catalog, exclusions, units),
#: ``sources/`` (departments, counties, header grammar, layouts), ``sql/`` (migrations, views)
#: and ``reference/`` (the report text). In a checkout these are links to the editable top-level
#: folders; ``BIJIE_CONFIG_DIR`` (``--config``) points at a deployment's own copy of any of them.
PACKAGED_CONFIG = Path(str(files(__package__ or "bijie_etl").joinpath("config")))
#: The folders of a configuration directory, and the setting each one overrides.
CONFIG_FOLDERS = {
    "schemas": "schemas_dir",
    "sources": "sources_dir",
    "sql": "sql_dir",
    "reference": "reference_dir",
}
TZ = ZoneInfo("Asia/Shanghai")


class MissingSecret(BijieError, RuntimeError):
    """A setting that must be given (e.g. the SMTP password once a user is set) is absent."""


class Thresholds(BaseSettings):
    """Pace thresholds; the catalog may override them per target."""

    model_config = SettingsConfigDict(env_prefix="BIJIE_PACE_", extra="ignore")

    on_track_ratio: float = 0.95
    at_risk_ratio: float = 0.85
    on_track_gap_pp: float = -0.5
    at_risk_gap_pp: float = -1.5


#: Default severity of each plausibility-guard rule (validate/guard.py): reject where the cause is
#: near certain, warn otherwise.
GUARD_SEVERITY: dict[str, str] = {
    "guard_percent_as_fraction": "error",
    "guard_unit_scale": "error",
    "guard_ytd_jump": "warning",
    "guard_prior_year_copy": "error",
    "guard_prior_month_copy": "error",
    "guard_month_in_ytd": "error",
    "guard_county_sum": "warning",
    "guard_ytd_below_month": "error",
}


class GuardSettings(BaseSettings):
    """Severity and factors of the plausibility guard (env ``BIJIE_GUARD_…``)."""

    model_config = SettingsConfigDict(env_prefix="BIJIE_GUARD_", extra="ignore")

    enabled: bool = True
    #: ``{code: "error" | "warning"}``; a code not listed keeps its default (see module docstring).
    severity: dict[str, str] = Field(default_factory=dict)
    #: Year-to-date over last month's year-to-date × (m / m_prev) beyond this factor: guard_ytd_jump.
    ytd_jump_factor: float = 3.0
    #: A log10 ratio counts as a power-of-ten slip within this distance of a whole number.
    scale_tolerance: float = 0.3
    #: Robust z (deviation / (1.4826 × MAD)) a ratio must also exceed among ≥ 3 peers.
    robust_z: float = 5.0
    #: City total vs sum of the counties: relative tolerance (rounding is allowed on top).
    county_sum_tolerance: float = 0.002

    def severity_of(self, code: str) -> str:
        """``"error"`` (the row is rejected) or ``"warning"`` (kept, the department is told) for a guard code."""
        return self.severity.get(code, GUARD_SEVERITY.get(code, "warning"))


class Settings(BaseSettings):
    """Everything configurable about a bijie-etl installation."""

    model_config = SettingsConfigDict(env_prefix="BIJIE_", extra="ignore", env_nested_delimiter="__")

    # Where things live
    project_root: Path = PROJECT_ROOT
    #: A deployment's configuration: any of schemas/, sources/, sql/, reference/ found there
    #: replaces the packaged folder of that name (copy the whole folder you change).
    config_dir: Path | None = None
    schemas_dir: Path = PACKAGED_CONFIG / "schemas"
    sources_dir: Path = PACKAGED_CONFIG / "sources"
    sql_dir: Path = PACKAGED_CONFIG / "sql"
    #: The reports' texts, one per year: ``*<year>*.txt`` (e.g. bijie-2024-government-work-report.txt).
    reference_dir: Path = PACKAGED_CONFIG / "reference"
    warehouse_dir: Path = PROJECT_ROOT / "warehouse"
    inbox_dir: Path = PROJECT_ROOT / "inbox"
    #: Outputs (dashboard, feedback reports, outbox) default to <warehouse_dir>/out.
    output_dir: Path | None = None
    #: The catalog year commands work on. None: the year of the as-of date (the latest catalogued
    #: year when a command has no date); see bijie_etl.catalog.years.
    year: int | None = None

    # Ingest limits: anything above rejects the file, never the run.
    max_file_bytes: int = 50 * 1024 * 1024
    max_uncompressed_bytes: int = 200 * 1024 * 1024
    max_rows_per_sheet: int = 100_000
    #: Files per ingest batch (one validation pass, one load transaction, one Prefect task run).
    #: 1000 rather than 200: each batch has a fixed cost (frame operations, pandera's checks, the
    #: load's statements), ~25 % of a 5,000-file backfill's CPU at 200 (benchmarks/RESULTS.md).
    batch_size: int = 1000
    #: A batch also ends before its files add up to more than this many bytes (memory stays
    #: bounded whatever the files' size; bench files average ~7.5 kB, so 1000 of them is ~7.5 MB).
    batch_bytes: int = 32 * 1024 * 1024
    #: Worker processes that read (hash and decode) a run's files while the main process validates
    #: and loads the batch before (bijie_etl.ingest.parallel). None: one per usable CPU but the
    #: main process's, at most 4 (2 CPUs: 1; one CPU: none); 0: every file is read in the main process.
    read_workers: int | None = None
    #: A run with fewer files to read than this reads them in the main process: starting the
    #: workers (~0.5 s) costs more than a small run's reading (desk uploads, tests, quiet nights).
    read_pool_min_files: int = 64
    #: Seconds a run waits for another run holding the warehouse writer lock.
    lock_timeout: float = 600.0

    # Pace
    thresholds: Thresholds = Field(default_factory=Thresholds)
    #: The plausibility guard of validation (severity per rule, factors).
    guard: GuardSettings = Field(default_factory=GuardSettings)
    default_deadline_day: int = 10
    reminder_days: int = 28

    # Alerts
    smtp_host: str | None = None
    smtp_port: int = 25
    smtp_user: str | None = None
    smtp_password: SecretStr | None = None
    smtp_starttls: bool = False
    smtp_timeout: float = 10.0
    smtp_block: str | None = None  # name of a Prefect EmailServerCredentials block
    #: A message refused permanently (5xx) is marked failed after this many attempts (one per run).
    smtp_max_attempts: int = 3
    alert_from: str = "bijie-etl@example.org"
    alert_digest_to: list[str] = Field(default_factory=lambda: ["leadership@example.org"])

    # Prefect
    prefect_home: Path = PROJECT_ROOT / ".prefect"

    # The department desk (bijie-etl serve, issue #16)
    desk_host: str = "127.0.0.1"
    desk_port: int = 8080
    #: Signs the desk's session cookies. Unset: a random key is created once in
    #: <warehouse_dir>/desk/secret_key (mode 600) and kept there.
    desk_secret: SecretStr | None = None
    #: The desk's address as departments reach it (the link in emails).
    desk_url: str = "http://127.0.0.1:8080"
    #: A reminder goes to departments that have not sent the month this many days before the deadline.
    desk_reminder_days: int = 3
    desk_session_hours: float = 12.0
    #: Failed logins allowed per user name (and ten times that per address) in desk_login_window seconds.
    desk_login_attempts: int = 5
    desk_login_window: float = 900.0
    #: Fixed as-of date for the desk's checks and pages (the demo's); unset: today in Beijing.
    desk_as_of: date | None = None

    #: The alert storm guard (bijie_etl.alerts.storm): when at least alert_storm_min_alerts targets, and more
    #: than this share of the targets assessed, raise alerts in one run, the emails are held.
    alert_storm_share: float = 0.5
    alert_storm_min_alerts: int = 20

    # Archive: processed inbox files move to <archive_dir>/<department>/<YYYY-MM>/ (bijie_etl.archive).
    archive_processed: bool = True
    #: Default: an "archive" folder beside the inbox (same file system, so the move is a rename).
    archive_dir: Path | None = None

    # Operations
    #: `bijie-etl doctor` fails when the warehouse's disk has less free space than this.
    min_free_disk_mb: int = 500

    # Province mode (docs/PROVINCE.md): a DuckLake shared by many cities instead of one file.
    #: ``ducklake:postgres:dbname=… host=…`` (or ``ducklake:<file>.ducklake`` for one machine);
    #: unset = the single-file warehouse (the default, needs no server).
    warehouse_url: str | None = None
    #: Where the lake's Parquet files live: a folder or ``s3://bucket/prefix/``.
    lake_data_path: str | None = None
    #: This run's city: the tenant key (lower-case ASCII), the lake schema its tables live in.
    city: str = "bijie"
    #: Folder the DuckDB extensions are installed into from their PyPI wheels (default <warehouse_dir>/duckdb_extensions).
    lake_extension_dir: Path | None = None
    lake_s3_endpoint: str | None = None  # host:port of an S3-compatible server (unset: AWS)
    lake_s3_region: str = "us-east-1"
    lake_s3_key_id: str | None = None
    lake_s3_secret: SecretStr | None = None
    lake_s3_use_ssl: bool = True
    lake_s3_url_style: str = "path"
    #: How many times a transaction refused for a write conflict is retried (exponential back-off).
    lake_retries: int = 8
    #: Seconds a city's writer lease in the lake stays valid after the holder's last write
    #: (a holder on another machine that died is taken over after this; on this machine at once).
    lake_lease_seconds: float = 3600.0
    #: The province's cities (YAML, see bijie_etl.province); used by the Prefect ``province`` flow and the desk.
    province_file: Path | None = None
    #: The desk's state folder (default ``<warehouse_dir>/desk``); a city of a province uses the province's.
    desk_root: Path | None = None

    @model_validator(mode="after")
    def _config_dir_overrides(self) -> Settings:
        if self.config_dir is None:
            return self
        if not self.config_dir.is_dir():
            raise ValueError(f"配置目录不存在 (BIJIE_CONFIG_DIR / --config): {self.config_dir}")
        for folder, name in CONFIG_FOLDERS.items():
            if name not in self.model_fields_set and (self.config_dir / folder).is_dir():
                setattr(self, name, self.config_dir / folder)
        return self

    @model_validator(mode="after")
    def _secrets_complete(self) -> Settings:
        if self.smtp_user and self.smtp_password is None:
            raise MissingSecret(
                "BIJIE_SMTP_USER is set but BIJIE_SMTP_PASSWORD is not: refusing to send mail unauthenticated"
            )
        s3 = bool(self.warehouse_url and self.lake_data_path and self.lake_data_path.startswith("s3://"))
        if s3 and self.lake_s3_key_id and self.lake_s3_secret is None:
            raise MissingSecret("BIJIE_LAKE_S3_KEY_ID is set but BIJIE_LAKE_S3_SECRET is not")
        return self

    # Derived locations -------------------------------------------------------------------
    @property
    def out_dir(self) -> Path:
        return self.output_dir or (self.warehouse_dir / "out")

    @property
    def archive_root(self) -> Path:
        """Where processed inbox files are moved: ``archive_dir``, else ``archive`` beside the inbox."""
        return self.archive_dir or (self.inbox_dir.parent / "archive")

    @property
    def database_path(self) -> Path:
        """The writable warehouse (only the nightly job opens it)."""
        return self.warehouse_dir / "bijie.duckdb"

    @property
    def analytics_path(self) -> Path:
        """The read-only copy analysts open; replaced atomically after each run."""
        return self.warehouse_dir / "analytics.duckdb"

    @property
    def outbox_dir(self) -> Path:
        return self.out_dir / "outbox"

    @property
    def feedback_dir(self) -> Path:
        return self.out_dir / "feedback"

    @property
    def dashboard_dir(self) -> Path:
        return self.out_dir / "dashboard"

    @property
    def desk_dir(self) -> Path:
        """The desk's private state: accounts database, staged uploads, session key
        (``desk_root``, else ``<warehouse_dir>/desk``; in province mode every city shares the province's)."""
        return self.desk_root or (self.warehouse_dir / "desk")

    @property
    def desk_db_path(self) -> Path:
        return self.desk_dir / "desk.sqlite"

    @property
    def catalog_years(self) -> list[int]:
        """Every year with a ``schemas/targets_<year>.yaml``, ascending."""
        years = []
        for path in self.schemas_dir.glob("targets_*.yaml"):
            stem = path.stem.removeprefix("targets_")
            if len(stem) == 4 and stem.isdigit():
                years.append(int(stem))
        return sorted(years)

    @property
    def default_year(self) -> int:
        """``year`` if set, else the latest catalogued year (2024 when none is found)."""
        if self.year is not None:
            return self.year
        years = self.catalog_years
        return years[-1] if years else 2024

    @property
    def catalog_path(self) -> Path:
        return self.catalog_path_for(self.default_year)

    def catalog_path_for(self, year: int) -> Path:
        return self.schemas_dir / f"targets_{year}.yaml"

    @property
    def exclusions_path(self) -> Path:
        return self.schemas_dir / f"exclusions_{self.default_year}.yaml"

    @property
    def report_path(self) -> Path:
        """The report text of the default year (see :meth:`report_path_for`)."""
        return self.report_path_for(self.default_year) or self.reference_dir / f"{self.default_year}.txt"

    def report_path_for(self, year: int) -> Path | None:
        """The report text of ``year`` in ``reference_dir`` (a ``.txt`` whose name holds the year), or None."""
        found = sorted(p for p in self.reference_dir.glob(f"*{year}*.txt") if p.is_file())
        return found[0] if found else None

    @property
    def departments_path(self) -> Path:
        return self.sources_dir / "departments.yaml"

    @property
    def lock_path(self) -> Path:
        """The writer lock: one per warehouse file, or one per city in province mode."""
        name = f"bijie-{self.city}.lock" if self.lake_mode else "bijie.lock"
        return self.warehouse_dir / name

    @property
    def lake_mode(self) -> bool:
        """True when the warehouse is a DuckLake (province mode), not the single file."""
        return bool(self.warehouse_url and self.warehouse_url.startswith("ducklake:"))

    @property
    def smtp_configured(self) -> bool:
        return bool(self.smtp_host or self.smtp_block)


def load_settings(**overrides: Any) -> Settings:
    """Build the settings from the environment (and ``BIJIE_ENV_FILE`` if set), then overrides."""
    env_file = os.environ.get("BIJIE_ENV_FILE")
    try:
        return Settings(_env_file=env_file, **overrides)  # type: ignore[call-arg]
    except ValidationError as exc:  # one Chinese line per wrong setting, not pydantic's report
        raise Misconfigured("设置有误：" + "；".join(_problem(e) for e in exc.errors())) from None


def _problem(error: Any) -> str:
    message = str(error.get("msg", "")).removeprefix("Value error, ")
    loc = error.get("loc") or ()
    return f"BIJIE_{str(loc[0]).upper()}：{message}" if loc else message


def export_config(target: Path, *, force: bool = False) -> list[Path]:
    """Copy the packaged configuration (schemas/, sources/, sql/, reference/) into ``target``.

    The copy is a deployment's own configuration: point ``BIJIE_CONFIG_DIR`` at it and edit it
    there. A folder that already exists in ``target`` is left alone unless ``force``.
    """
    import shutil

    copied = []
    for folder in CONFIG_FOLDERS:
        dest = target / folder
        if dest.exists() and not force:
            raise Misconfigured(f"{dest} 已存在；要覆盖请加 --force（原有文件将被替换）。")
        if dest.exists():
            shutil.rmtree(dest)
        ignore = shutil.ignore_patterns("*.duckdb", "*.wal", "*.lock", "out", "desk", "__pycache__")
        shutil.copytree(PACKAGED_CONFIG / folder, dest, ignore=ignore, symlinks=False)
        copied.append(dest)
    return copied


def today_in_bijie(now: datetime | None = None) -> date:
    """The default as-of date: today in Asia/Shanghai."""
    return (now or datetime.now(TZ)).astimezone(TZ).date()
