"""The built wheel works on its own: installed into a fresh venv and run from an empty folder.

The wheel is built with ``pip wheel --no-deps`` and installed without an index into a venv that
borrows only the third-party dependencies of the test environment (a path entry, not its
``.pth`` files, so the checkout's editable ``bijie_etl`` stays invisible). Nothing is read from
the checkout: the catalog, sources, header grammar and SQL come from inside the package.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from bijie_etl.settings import PROJECT_ROOT
from prefect_servers import seed_prefect_home

pytestmark = pytest.mark.slow


def _clean_env() -> dict[str, str]:
    """The environment without this checkout's Python, bijie or Prefect settings."""
    return {k: v for k, v in os.environ.items() if not k.startswith(("BIJIE_", "PREFECT_", "PYTHON"))}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheelhouse")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), "."],
        cwd=PROJECT_ROOT,
        env=_clean_env(),
        check=True,
        timeout=300,
    )
    (built,) = out.glob("bijie_etl-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the wheel installed; its ``bin`` folder."""
    venv = tmp_path_factory.mktemp("venv")
    subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", str(venv)], env=_clean_env(), check=True, timeout=120
    )
    pure = Path(
        subprocess.run(
            [str(venv / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            env=_clean_env(),
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(venv / "bin" / "python"),
            "install",
            "-q",
            "--no-deps",
            "--no-index",
            str(wheel),
        ],
        env=_clean_env(),
        check=True,
        timeout=300,
    )
    # Dependencies only: a plain path line does not run that folder's .pth files (the editable hook).
    (pure / "_bijie_test_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    return venv / "bin"


def _run(bin_dir: Path, cwd: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = _clean_env()
    env["PREFECT_HOME"] = str(cwd / ".prefect")
    return subprocess.run(
        [str(bin_dir / "bijie-etl"), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )


def test_wheel_ships_the_configuration_and_the_sql(wheel: Path) -> None:
    """The catalog, units, sources, header grammar, migrations and views are inside the wheel."""
    names = set(zipfile.ZipFile(wheel).namelist())
    for want in (
        "bijie_etl/config/schemas/targets_2024.yaml",
        "bijie_etl/config/schemas/units.yaml",
        "bijie_etl/config/sources/departments.yaml",
        "bijie_etl/config/sources/headers.yaml",
        "bijie_etl/config/sql/migrations/001_core.sql",
        "bijie_etl/config/sql/views/50_v_indicator_status.sql",
        "bijie_etl/flows/nightly.py",
    ):
        assert want in names, want
    assert not [n for n in names if n.endswith((".duckdb", ".wal"))]


def test_installed_wheel_lists_targets_outside_the_checkout(installed: Path, tmp_path: Path) -> None:
    """`bijie-etl targets --format csv` works from an empty folder with only the wheel installed."""
    done = _run(installed, tmp_path, "targets", "--format", "csv")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("code,")
    assert len(lines) == 158  # the header and the 157 targets of 2024
    assert not any(tmp_path.iterdir()) or {p.name for p in tmp_path.iterdir()} <= {".prefect"}


@pytest.mark.timeout(900)  # a whole Prefect run with a temporary server, on a shared 2-core machine
def test_installed_wheel_runs_the_demo_and_answers_sql(
    installed: Path, tmp_path: Path, migrated_prefect_db: Path
) -> None:
    """`bijie-etl demo --dir DIR` then `bijie-etl sql` on its warehouse, all from the installed wheel."""
    demo = tmp_path / "demo"
    # The temporary server's database already migrated (a first start on an empty one: test_prefect_server.py).
    seed_prefect_home(tmp_path / ".prefect", migrated_prefect_db)
    done = _run(installed, tmp_path, "demo", "--dir", str(demo), timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (demo / "warehouse" / "analytics.duckdb").exists()
    query = "SELECT count(*) AS n FROM v_indicator_status"
    done = _run(installed, tmp_path, "--warehouse", str(demo / "warehouse"), "sql", "--csv", query)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["n", "157"]


def test_config_dir_overrides_the_packaged_catalog(installed: Path, tmp_path: Path) -> None:
    """`--config DIR` with its own schemas/ changes what the installed wheel reads; a missing DIR is an error."""
    import shutil

    from bijie_etl.settings import PACKAGED_CONFIG

    config = tmp_path / "config"
    shutil.copytree(PACKAGED_CONFIG / "schemas", config / "schemas")
    targets = config / "schemas" / "targets_2024.yaml"
    text = targets.read_text(encoding="utf-8")
    assert text.count("name_zh: 地区生产总值增速\n") == 1
    targets.write_text(
        text.replace("name_zh: 地区生产总值增速\n", "name_zh: 本地GDP增速\n"), encoding="utf-8"
    )
    done = _run(installed, tmp_path, "--config", str(config), "targets", "--format", "csv")
    assert done.returncode == 0, done.stderr
    assert "gdp_growth,本地GDP增速," in done.stdout
    done = _run(installed, tmp_path, "--config", str(tmp_path / "missing"), "targets", "--format", "csv")
    assert done.returncode == 1
    assert "配置目录不存在" in done.stderr
