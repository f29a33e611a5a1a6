"""The reader's configuration parsed once by the read workers' server (bijie_etl.ingest.warm_start)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from bijie_etl.ingest import reading
from bijie_etl.ingest.grammar import load_grammar
from bijie_etl.ingest.headers import load_header_spec
from bijie_etl.ingest.warm_start import drop_if_changed, parse_ahead
from bijie_etl.settings import PROJECT_ROOT, Settings, export_config


def _settings(tmp_path: Path) -> Settings:
    export_config(tmp_path / "config")
    return Settings(config_dir=tmp_path / "config", warehouse_dir=tmp_path / "warehouse", inbox_dir=tmp_path)


def test_what_was_parsed_ahead_is_kept_until_a_file_changes(tmp_path: Path) -> None:
    """A worker keeps the grammar and header words parsed ahead while headers.yaml holds the same bytes; once
    it is edited, the worker parses the edited file."""
    settings = _settings(tmp_path)
    headers = settings.sources_dir / "headers.yaml"
    assert parse_ahead(settings) is True
    spec, grammar = load_header_spec(headers), load_grammar(headers)

    drop_if_changed()
    assert load_header_spec(headers) is spec
    assert load_grammar(headers) is grammar

    headers.write_text(headers.read_text(encoding="utf-8") + "\n# 已修改\n", encoding="utf-8")
    drop_if_changed()
    assert load_header_spec(headers) is not spec
    assert load_grammar(headers) is not grammar


def test_nothing_is_kept_when_a_file_cannot_be_parsed(tmp_path: Path) -> None:
    """Settings naming a missing unit registry: nothing is parsed ahead, the run reports the problem itself."""
    settings = _settings(tmp_path)
    headers = settings.sources_dir / "headers.yaml"
    (settings.schemas_dir / "units.yaml").unlink()
    assert parse_ahead(settings) is False
    assert load_header_spec.cache_info().currsize == 0
    assert reading._unit_registry.cache_info().currsize == 0
    assert load_header_spec(headers) is not None


_TWO_RUNS = """
import json, sys
from pathlib import Path
from bijie_etl.ingest.parallel import ReadAhead
from bijie_etl.settings import load_settings
import test_warm_start
settings = load_settings(read_workers=1, read_pool_min_files=1)
headers = settings.sources_dir / "headers.yaml"
seen = []
for edit in (False, True):
    if edit:
        headers.write_text(headers.read_text(encoding="utf-8") + "\\n# 已修改\\n", encoding="utf-8")
    with ReadAhead(settings, settings.inbox_dir, 1, n_batches=2, read=test_warm_start.memos_then_read, steal=False) as ahead:
        reads = ahead.submit([Path(sys.argv[1])])
        seen.append(reads.read(Path(sys.argv[1]), sha256=reads.sha256(Path(sys.argv[1])), file_name="a.csv")[0].error)
print(json.dumps(seen))
"""


def memos_then_read(
    path: Path, file_name: str, settings: Settings, inbox: Path
) -> tuple[str, object, object]:
    """(In a worker) the file read, with an error saying how many grammars the worker had before reading it."""
    from bijie_etl.ingest.parallel import read_one

    before = load_grammar.cache_info().currsize
    sha, sub, read = read_one(path, file_name, settings, inbox)
    sub.error = str(before)
    return sha, sub, read


def test_a_worker_starts_with_the_servers_parse_unless_the_file_changed(tmp_path: Path) -> None:
    """The workers' server parses the configuration of its environment once: the first run's worker starts
    with the grammar parsed; after headers.yaml is edited, the next run's worker parses it itself."""
    _settings(tmp_path)
    (tmp_path / "inbox").mkdir()
    csv = tmp_path / "inbox" / "a.csv"
    csv.write_text("指标名称,本月\n原煤产量,1\n", encoding="utf-8")
    env = dict(
        os.environ,
        PYTHONPATH=os.pathsep.join([str(Path(__file__).parent), *sys.path]),
        BIJIE_CONFIG_DIR=str(tmp_path / "config"),
        BIJIE_WAREHOUSE_DIR=str(tmp_path / "warehouse"),
        BIJIE_INBOX_DIR=str(tmp_path / "inbox"),
    )
    done = subprocess.run(
        [sys.executable, "-c", _TWO_RUNS, str(csv)],
        capture_output=True,
        text=True,
        env=env,
        cwd=PROJECT_ROOT,
        timeout=120,
        check=True,
    )
    assert json.loads(done.stdout.strip().splitlines()[-1]) == ["1", "0"]
