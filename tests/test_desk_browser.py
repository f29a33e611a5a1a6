"""The desk in a real browser: Debian's headless Chromium driven by Playwright (no browser download).

A department signs in, uploads a file with two bad rows, sees both cells and messages, uploads the
corrected file, submits it; the nightly run loads it; the department writes a 情况说明 for its
lagging target; an analyst signs in and reads it on the live dashboard. Screenshots are saved in
``tmp_path`` (and in ``$BIJIE_SCREENSHOT_DIR`` when set). Without ``/usr/bin/chromium`` the test
skips, unless ``BIJIE_REQUIRE_BROWSER=1`` (CI) makes that a failure.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from bijie_etl.run import run_nightly
from desking import AS_OF, PASSWORDS, DeskServer, energy_rows, make_world, serve_desk
from spreadsheets import write_xlsx

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

#: Distinct characters of the walk; with a missing CJK font they would all draw the same box.
GLYPH_CHECK = """(chars) => {
  const seen = new Set();
  for (const ch of chars) {
    const c = document.createElement("canvas"); c.width = 40; c.height = 40;
    const g = c.getContext("2d");
    g.font = "32px " + getComputedStyle(document.body).fontFamily;
    g.fillText(ch, 2, 32);
    seen.add(c.toDataURL());
  }
  return seen.size;
}"""


@pytest.fixture(scope="module")
def browser_path() -> Path:
    if CHROMIUM.exists():
        return CHROMIUM
    reason = "needs /usr/bin/chromium (apt-get install chromium fonts-noto-cjk)"
    if os.environ.get("BIJIE_REQUIRE_BROWSER") == "1":
        pytest.fail(f"BIJIE_REQUIRE_BROWSER=1 but {reason}")
    pytest.skip(reason)


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[DeskServer]:
    settings = make_world(tmp_path / "world", months=4)
    with serve_desk(settings, as_of=AS_OF) as server:
        yield server


def _shot(target: object, tmp_path: Path, name: str, *, full_page: bool = True) -> Path:
    """Screenshot a page (whole) or one element, into tmp_path and $BIJIE_SCREENSHOT_DIR."""
    path = tmp_path / f"{name}.png"
    if hasattr(target, "goto"):
        target.screenshot(path=str(path), full_page=full_page)  # type: ignore[attr-defined]
    else:
        target.screenshot(path=str(path))  # type: ignore[attr-defined]
    extra = os.environ.get("BIJIE_SCREENSHOT_DIR")
    if extra:
        Path(extra).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(extra) / path.name)
    return path


def _login(page: object, url: str, username: str) -> None:
    page.goto(f"{url}/login")  # type: ignore[attr-defined]
    page.fill("input[name=username]", username)  # type: ignore[attr-defined]
    page.fill("input[name=password]", PASSWORDS[username])  # type: ignore[attr-defined]
    page.click("button[type=submit]")  # type: ignore[attr-defined]
    page.wait_for_load_state()  # type: ignore[attr-defined]


def test_department_to_analyst_walk_in_chromium(browser_path: Path, desk: DeskServer, tmp_path: Path) -> None:
    """Upload with two bad rows → both cells shown → corrected upload → submit → run → 情况说明 → analyst sees it."""
    from playwright.sync_api import sync_playwright

    bad = write_xlsx(
        tmp_path / "能源局_2024-05.xlsx",
        {
            "数据": energy_rows(
                5,
                extra=[
                    [
                        "coal_output",
                        "煤炭产量",
                        "万吨",
                        "2024-05",
                        "七星关区",
                        None,
                        "暂无",
                        None,
                        None,
                        None,
                        None,
                    ],
                    ["bogus", "不存在的指标", "吨", "2024-05", "全市", 1, 2, None, None, None, None],
                ],
            )
        },
    )
    good_dir = tmp_path / "fixed"
    good_dir.mkdir()
    good = write_xlsx(good_dir / "能源局_2024-05.xlsx", {"数据": energy_rows(5)})
    url = desk.url
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(browser_path), args=ARGS, headless=True)
        try:
            context = browser.new_context(viewport={"width": 1100, "height": 900}, locale="zh-CN")
            context.route(
                "**/*",
                lambda route: route.continue_() if route.request.url.startswith(url) else route.abort(),
            )
            page = context.new_page()
            _login(page, url, "energy1")
            assert page.url.endswith("/dept/energy")
            assert "市能源局" in page.inner_text("h1")

            page.set_input_files("#file", str(bad))
            page.click("#upload-form button[type=submit]")
            page.wait_for_selector("table.problems")
            problems = page.inner_text("table.problems")
            assert "数据!G4" in problems
            assert "1-本月累计" in problems
            assert "数据!A5" in problems
            assert "bogus" in problems
            assert "2 行有错误" in page.inner_text("#h-verdict")
            assert page.evaluate(GLYPH_CHECK, "煤炭产量情况说明问题清单") == 12, (
                "CJK characters render as boxes"
            )
            _shot(page, tmp_path, "1_upload_with_problems")

            page.goto(f"{url}/dept/energy")
            page.set_input_files("#file", str(good))
            page.click("#upload-form button[type=submit]")
            page.wait_for_selector("#submit-btn")
            assert "全部通过" in page.inner_text("#h-verdict")
            page.click("#submit-btn")
            page.wait_for_selector("#submitted")
            _shot(page, tmp_path, "2_submitted")
            assert [p.name for p in (desk.settings.inbox_dir / "能源局").glob("2024-05_desk_*.xlsx")]

            summary = run_nightly(desk.settings, AS_OF)  # the nightly run loads the submitted file
            assert summary.as_dict()["files_loaded"] == 1

            page.goto(f"{url}/dept/energy")
            card = page.locator("#target-coal_output")
            assert "滞后" in card.inner_text()
            assert "尚未提交情况说明" in card.inner_text()
            card.locator("textarea[name=progress]").fill("1-5月完成煤炭产量2500万吨")
            card.locator("textarea[name=problems]").fill("两座煤矿停产整改，产能释放滞后")
            card.locator("textarea[name=measures]").fill("督促6月复产，加快新矿联合试运转")
            card.locator("input[name=recovery_month]").fill("2024-09")
            card.locator("button[type=submit]").click()
            page.wait_for_load_state()
            assert "两座煤矿停产整改" in page.locator("#target-coal_output").inner_text()
            _shot(page, tmp_path, "3_explanation")
            page.click("button.link")  # 退出
            page.wait_for_load_state()

            _login(page, url, "analyst1")
            page.goto(f"{url}/dashboard")
            section = page.locator("[data-explanation=coal_output]")
            text = section.inner_text()
            assert "两座煤矿停产整改，产能释放滞后" in text
            assert "督促6月复产" in text
            assert "2024-09" in text
            assert page.evaluate(GLYPH_CHECK, "煤炭产量情况说明问题清单") == 12
            section.scroll_into_view_if_needed()
            _shot(page.locator("#card-coal_output"), tmp_path, "4_dashboard_explanation")
            _shot(page, tmp_path, "5_dashboard_top", full_page=False)
            context.close()
        finally:
            browser.close()
    assert (tmp_path / "4_dashboard_explanation.png").stat().st_size > 5_000
