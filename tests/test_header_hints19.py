"""A file refused for want of a header it understands says which labels of its header-like row were not
understood (session 19: it said only that no 指标名称 was found, when the header was there)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bijie_etl.errors import Code, FileRejected
from bijie_etl.ingest.reading import read_file
from bijie_etl.settings import Settings, load_settings
from spreadsheets import write_xlsx


@pytest.fixture(scope="module")
def settings() -> Settings:
    return load_settings()


def test_the_labels_not_understood_are_named(tmp_path: Path, settings: Settings) -> None:
    rows = [
        ["2024年6月居民消费价格指数"],
        ["指标", "本月（上年同月=100）", "1-6月（上年同期=100）"],
        ["居民消费价格指数", 100.3, 100.1],
    ]
    with pytest.raises(FileRejected) as caught:
        read_file(write_xlsx(tmp_path / "h.xlsx", {"Sheet1": rows}), settings)
    assert caught.value.code is Code.FILE_NO_HEADER
    assert (
        "第2行像是表头，但其中“本月（上年同月=100）”“1-6月（上年同期=100）”无法识别"
        in caught.value.message_zh
    )


def test_a_sheet_with_no_header_like_row_says_no_more(tmp_path: Path, settings: Settings) -> None:
    rows = [["毕节市能源局"], ["2024年能源生产月报"], ["报送日期：2024年7月8日"]]
    with pytest.raises(FileRejected) as caught:
        read_file(write_xlsx(tmp_path / "h.xlsx", {"Sheet1": rows}), settings)
    assert caught.value.code is Code.FILE_NO_HEADER
    assert "像是表头" not in caught.value.message_zh
