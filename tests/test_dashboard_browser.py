"""The dashboard in a real browser: headless Chromium (Debian's ``chromium``) renders it offline.

Needs ``apt-get install chromium fonts-noto-cjk``. Without ``/usr/bin/chromium`` the tests skip,
unless ``BIJIE_REQUIRE_BROWSER=1`` (CI) makes that a failure.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import zlib
from html import escape
from pathlib import Path

import pytest

from bijie_etl.dashboard import FONT_STACK, STATUSES, render_dashboard
from test_dashboard import Node, parse_html, realistic_dashboard, squash

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def chromium() -> Path:
    """Debian's Chromium, or a skip (a failure when BIJIE_REQUIRE_BROWSER=1)."""
    if CHROMIUM.exists():
        return CHROMIUM
    reason = "needs /usr/bin/chromium (apt-get install chromium fonts-noto-cjk)"
    if os.environ.get("BIJIE_REQUIRE_BROWSER") == "1":
        pytest.fail(f"BIJIE_REQUIRE_BROWSER=1 but {reason}")
    pytest.skip(reason)


def run_chromium(chromium: Path, tmp: Path, url: str, *args: str) -> str:
    profile = tmp / "profile"
    profile.mkdir(exist_ok=True)
    done = subprocess.run(
        [str(chromium), *FLAGS, f"--user-data-dir={profile}", *args, url],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "HOME": str(tmp)},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def screenshot(chromium: Path, tmp: Path, page: Path, size: tuple[int, int]) -> Path:
    png = tmp / f"{page.stem}.png"
    run_chromium(chromium, tmp, page.as_uri(), f"--screenshot={png}", f"--window-size={size[0]},{size[1]}")
    return png


# --------------------------------------------------------------------------------------------
# A minimal PNG reader (stdlib): 8-bit RGB/RGBA, non-interlaced, as Chromium writes them


def read_png(path: Path, max_rows: int | None = None) -> tuple[int, int, list[bytes]]:
    """(width, height, rows of RGB bytes) for the first ``max_rows`` rows."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat = 8, bytearray()
    width = height = channels = 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert (depth, interlace) == (8, 0), (depth, interlace)
            assert colour in (2, 6), colour
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(bytes(idat))
    stride = width * channels
    rows: list[bytes] = []
    prev = bytearray(stride)
    for y in range(min(height, max_rows or height)):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        if kind == 1:
            for i in range(channels, stride):
                line[i] = (line[i] + line[i - channels]) & 0xFF
        elif kind == 2:
            line = bytearray((a + b) & 0xFF for a, b in zip(line, prev, strict=True))
        elif kind == 3:
            for i in range(stride):
                left = line[i - channels] if i >= channels else 0
                line[i] = (line[i] + ((left + prev[i]) >> 1)) & 0xFF
        elif kind == 4:
            for i in range(stride):
                a = line[i - channels] if i >= channels else 0
                b, c = prev[i], prev[i - channels] if i >= channels else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        prev = line
        rgb = bytes(line) if channels == 3 else bytes(b for i, b in enumerate(line) if i % 4 != 3)
        rows.append(rgb)
    return width, height, rows


def cell_bitmap(rows: list[bytes], x0: int, y0: int, size: int) -> tuple[int, ...]:
    """The ink pattern (dark pixels) of one square cell, as a tuple of row bit masks."""
    out = []
    for y in range(y0, y0 + size):
        row, bits = rows[y], 0
        for x in range(x0, x0 + size):
            if sum(row[3 * x : 3 * x + 3]) < 384:
                bits |= 1 << (x - x0)
        out.append(bits)
    return tuple(out)


# --------------------------------------------------------------------------------------------
# Tests

GLYPHS = "毕节市目标监测正常预警滞后迟报"
NO_GLYPHS = "".join(chr(0xF0000 + i) for i in range(len(GLYPHS)))  # private use plane: no font has them
CELL, PITCH = 44, 52


def test_a_cjk_font_is_installed() -> None:
    """fontconfig knows at least one font covering Chinese (fonts-noto-cjk)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None or not CHROMIUM.exists():
        if os.environ.get("BIJIE_REQUIRE_BROWSER") == "1":
            pytest.fail("BIJIE_REQUIRE_BROWSER=1 but fontconfig/chromium is missing")
        pytest.skip("needs fontconfig and chromium")
    out = subprocess.run([fc_list, ":lang=zh", "family"], capture_output=True, text=True, check=True).stdout
    assert out.strip(), "no CJK font: apt-get install fonts-noto-cjk"


def test_chinese_labels_render_as_glyphs_not_boxes(chromium: Path, tmp_path: Path) -> None:
    """With the page's font stack every Chinese label character draws a distinct glyph; a no-glyph control draws identical boxes."""
    cells = []
    for row, text in enumerate((GLYPHS, NO_GLYPHS)):
        for i, ch in enumerate(text):
            cells.append(f'<div style="left:{i * PITCH}px;top:{row * PITCH}px">{escape(ch)}</div>')
    page = tmp_path / "glyphs.html"
    page.write_text(
        "<!DOCTYPE html><html><head><meta charset='utf-8'><style>"
        f"html,body{{margin:0;background:#fff}} div{{position:absolute;width:{CELL}px;height:{CELL}px;"
        f"font:36px/{CELL}px {FONT_STACK};color:#000;text-align:center;overflow:hidden}}"
        "</style></head><body>" + "".join(cells) + "</body></html>",
        encoding="utf-8",
    )
    png = screenshot(chromium, tmp_path, page, (len(GLYPHS) * PITCH, 2 * PITCH + 20))
    _, _, rows = read_png(png, max_rows=2 * PITCH)
    chinese = [cell_bitmap(rows, i * PITCH, 0, CELL) for i in range(len(GLYPHS))]
    control = [cell_bitmap(rows, i * PITCH, PITCH, CELL) for i in range(len(NO_GLYPHS))]
    ink = [sum(bin(r).count("1") for r in bm) for bm in chinese]
    assert min(ink) > 40, ink  # every character drew something
    assert len(set(chinese)) == len(GLYPHS)  # and each a different shape: real glyphs
    assert len(set(control)) <= 2  # the detector's control: missing glyphs all look alike


@pytest.fixture(scope="module")
def rendered(chromium: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Node, Path]:
    """The realistic dashboard after Chromium ran its JS (DOM) and its screenshot."""
    tmp = tmp_path_factory.mktemp("browser")
    page = render_dashboard(realistic_dashboard(), tmp / "dashboard")
    dom = run_chromium(chromium, tmp, page.as_uri(), "--dump-dom", "--virtual-time-budget=2000")
    png = screenshot(chromium, tmp, page, (1400, 2000))
    return parse_html(dom), png


def test_browser_shows_chinese_title_and_status_labels(rendered: tuple[Node, Path]) -> None:
    """After its script ran, the page shows the Chinese title, as-of date and every status label with its count."""
    doc, _ = rendered
    assert doc.find("html").attrs.get("data-js") == "ready"
    assert squash(doc.find("h1").text) == "毕节市2024年政府工作报告目标监测"
    assert squash(doc.find(id="as-of").text) == "2024年11月15日"
    tiles = [
        squash(t.find("span", class_="tile-label").text).split()[0]
        for t in doc.find_all("button", class_="tile")
    ]
    assert tiles == [s.label_zh for s in STATUSES]
    assert squash(doc.find(id="f-count").text) == "20"  # the filter script counted the visible rows


def test_browser_every_card_has_a_drawn_chart(rendered: tuple[Node, Path]) -> None:
    """Every target card holds an SVG chart whose lines have points (an actual line wherever there is data)."""
    doc, _ = rendered
    cards = doc.find_all("article", class_="card")
    assert len(cards) == 20
    for card in cards:
        svg = card.find("svg")
        drawn = [p for p in svg.find_all("polyline") if len((p.attrs.get("points") or "").split()) >= 1]
        drawn += [p for p in svg.find_all("path") if (p.attrs.get("d") or "").startswith("M")]
        assert drawn, card.attrs["id"]
        if card.attrs["data-status"] not in ("no_data", "not_assessed"):
            assert svg.find_all("polyline", class_="actual"), card.attrs["id"]


def test_screenshot_shows_the_status_colours(rendered: tuple[Node, Path]) -> None:
    """The screenshot is 1400×2000 and its top shows the status colours of the overview (the page painted)."""
    _, png = rendered
    width, height, rows = read_png(png, max_rows=420)
    assert (width, height) == (1400, 2000)
    seen = {row[i : i + 3] for row in rows for i in range(0, len(row), 3)}
    wanted = {s.label_zh: bytes.fromhex(s.color[1:]) for s in STATUSES[:5]}
    missing = [label for label, rgb in wanted.items() if rgb not in seen]
    assert missing == [], f"colours not painted for {missing}"
