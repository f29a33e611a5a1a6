"""The leadership dashboard: one self-contained Chinese HTML page with a pace chart per target.

Three steps, each usable alone:

* :func:`load_dashboard_data` reads the warehouse views (``v_indicator_status``,
  ``v_observation_current``, ``v_missing_submissions``) into a :class:`DashboardData`;
* :func:`render_dashboard` turns a :class:`DashboardData` into ``out_dir/index.html`` (pure:
  no database, no clock, no network);
* :func:`render` does both, as the nightly run and ``bijie-etl report`` call it.

The page has no external resources at all (no CDN, fonts, scripts or images): CSS and a little
vanilla JS from ``templates/`` are inlined and charts are inline SVG drawn here, so the file
works from ``file://`` offline, by e-mail, and on paper. Everything shown is escaped (Jinja2
autoescape for HTML, :func:`html.escape` for SVG text): target names come from a YAML file
that many people edit.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date, datetime
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import duckdb
import jinja2
from markupsafe import Markup

from bijie_etl.catalog import Catalog

if TYPE_CHECKING:
    from bijie_etl.warehouse.store import Warehouse

from bijie_etl.dashboard.charts import pace_chart_svg
from bijie_etl.dashboard.data import (
    FONT_STACK,
    SEVERITY,
    STATUSES,
    DashboardData,
    TargetCard,
    format_number,
    load_dashboard_data,
    month_zh,
    progress_cell,
    with_unit,
)

# --------------------------------------------------------------------------------------------
# Rendering


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("bijie_etl", "templates"),
        autoescape=True,  # every file, whatever its extension
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["num"] = format_number
    env.filters["with_unit"] = with_unit
    env.filters["month_zh"] = month_zh
    return env


@lru_cache(maxsize=4)
def _asset(name: str) -> Markup:
    """A CSS or JS file from templates/, inlined as is (it is ours, not user data)."""
    text = (files("bijie_etl") / "templates" / name).read_text(encoding="utf-8")
    if "</style" in text.lower() or "</script" in text.lower():
        raise ValueError(f"{name} must not contain a closing </style> or </script> tag")
    return Markup(text)


def _department_rows(data: DashboardData) -> list[dict[str, Any]]:
    order = list(data.departments)
    known = {code for code, _ in order}
    for card in data.cards:
        if card.department not in known:
            order.append((card.department, card.department_zh))
            known.add(card.department)
    counts: dict[str, Counter[str]] = {code: Counter() for code, _ in order}
    for card in data.cards:
        counts[card.department][card.status] += 1
    rows = []
    for code, name in order:
        c = counts[code]
        if not c:
            continue
        rows.append(
            {
                "code": code,
                "name": name,
                "counts": [c.get(s.code, 0) for s in STATUSES],
                "total": sum(c.values()),
            }
        )
    return rows


def _table_row(card: TargetCard) -> dict[str, Any]:
    progress, progress_key = progress_cell(card)
    return {
        "progress": progress,
        "progress_key": progress_key,
        "severity": SEVERITY.get(card.status, len(SEVERITY)),
    }


def render_dashboard(data: DashboardData, out_dir: Path) -> Path:
    """Write the dashboard for ``data`` to ``out_dir/index.html`` and return that path."""
    html = dashboard_html(data)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "index.html"
    tmp = path.with_suffix(".html.tmp")
    tmp.write_text(html, encoding="utf-8")
    tmp.replace(path)
    return path


def dashboard_html(
    data: DashboardData, *, script_nonce: str | None = None, back_link: str | None = None
) -> str:
    """The dashboard page as a string (the desk serves it live; ``script_nonce`` for its CSP)."""
    cards = sorted(data.cards, key=lambda c: (SEVERITY.get(c.status, 99), c.department_zh, c.code))
    counts = Counter(c.status for c in cards)
    template = _environment().get_template("dashboard.html.j2")
    html = template.render(
        data=data,
        title=data.title,
        font_stack=Markup(FONT_STACK),
        css=_asset("dashboard.css"),
        js=_asset("dashboard.js"),
        statuses=STATUSES,
        status_counts=[(s, counts.get(s.code, 0)) for s in STATUSES],
        total=len(cards),
        cards=[(c, _table_row(c), pace_chart_svg(c)) for c in cards],
        departments=_department_rows(data),
        late=sorted(data.late, key=lambda item: (item.periods[:1], item.department_zh)),
        script_nonce=script_nonce,
        back_link=back_link,
    )
    return html


def render(
    warehouse: Warehouse | duckdb.DuckDBPyConnection | Path,
    catalog: Catalog,
    as_of: date,
    out_dir: Path,
    *,
    assessments: Sequence[Any] | None = None,
    others: Sequence[Catalog] = (),
) -> Path:
    """Read the warehouse (a ``Warehouse``, a DuckDB connection, or a database path) and write the dashboard.

    ``assessments`` (a what-if) replaces the stored statuses and marks the page as not saved.
    ``out_dir/index.html`` shows ``catalog``'s year. With ``others`` (the catalogs of other years),
    every year also gets ``out_dir/<year>/index.html`` and each page a year switch linking them.
    """
    if isinstance(warehouse, Path):
        with duckdb.connect(str(warehouse), read_only=True) as con:
            return _render_years(con, catalog, as_of, out_dir, others, assessments)
    con = warehouse if isinstance(warehouse, duckdb.DuckDBPyConnection) else warehouse.con
    return _render_years(con, catalog, as_of, out_dir, others, assessments)


def _render_years(
    con: duckdb.DuckDBPyConnection,
    catalog: Catalog,
    as_of: date,
    out_dir: Path,
    others: Sequence[Catalog],
    assessments: Sequence[Any] | None,
) -> Path:
    generated = datetime.now(ZoneInfo("Asia/Shanghai")).replace(tzinfo=None, second=0, microsecond=0)
    catalogs = {c.year: c for c in (*others, catalog)}
    years = sorted(catalogs)

    def page(cat: Catalog, target_dir: Path, prefix: str) -> Path:
        what_if = assessments if cat.year == catalog.year else None
        data = load_dashboard_data(con, cat, as_of, assessments=what_if)
        data.what_if = what_if is not None
        data.generated_at = generated
        if len(years) > 1:
            data.year_links = [(y, f"{prefix}{y}/index.html") for y in years]
        return render_dashboard(data, target_dir)

    if len(years) > 1:
        for year in years:
            page(catalogs[year], out_dir / str(year), "../")
    return page(catalog, out_dir, "")


def _as_of_marks(day: date) -> tuple[str, str]:
    """The two places a page states its as-of date (the title and the header), as rendered."""
    text = f"{day.year}年{day.month}月{day.day}日"
    return f"（截至{text}）</title>", f'id="as-of">{text}</div>'


def restamp(path: Path, old: date, new: date) -> bool:
    """Change a rendered page's as-of date from ``old`` to ``new`` without rebuilding it.

    For a night whose :func:`page_digest` equals the one the page was rendered with. Returns
    False (and leaves the file alone) unless the page states ``old`` exactly once in each place.
    """
    try:
        html = path.read_text(encoding="utf-8")
    except OSError:
        return False
    for before, after in zip(_as_of_marks(old), _as_of_marks(new), strict=True):
        if html.count(before) != 1:
            return False
        html = html.replace(before, after)
    tmp = path.with_suffix(".html.tmp")
    tmp.write_text(html, encoding="utf-8")
    tmp.replace(path)
    return True


def page_paths(out_dir: Path, catalog: Catalog, others: Sequence[Catalog] = ()) -> list[Path]:
    """The files :func:`render` writes for ``catalog`` (and ``others``): the front page first."""
    years = sorted({c.year for c in (*others, catalog)})
    return [out_dir / "index.html", *((out_dir / str(y) / "index.html") for y in years if len(years) > 1)]
