"""Alert emails in Chinese: subjects, rows and bodies (jinja2 templates, text + HTML).

Composition turns a batch of :class:`~bijie_etl.alerts.state.Alert` rows into a subject plus a
text and an HTML body (autoescaped: target names are data and may contain ``<script>``; the HTML
uses inline styles only, no external resource). Delivery is :mod:`bijie_etl.mail`'s business.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from bijie_etl.vocabulary import ALERTING, STATUS_ORDER, fmt_number

if TYPE_CHECKING:
    from bijie_etl.alerts.state import Alert


__all__ = [
    "SYSTEM_NAME_ZH",
    "Composed",
    "compose_department",
    "compose_digest",
    "format_value",
    "subject_for",
]

SYSTEM_NAME_ZH = "毕节市政府工作报告目标监测系统"

#: Subject phrases per target status, most urgent first.
_STATUS_ORDER = tuple(s.value for s in STATUS_ORDER if s in ALERTING)
_PHRASE_ZH = {s.value: s.words.phrase_zh for s in ALERTING}
_SHORT_ZH = {s.value: s.label_zh for s in ALERTING}


def format_value(value: float | None, unit: str | None) -> str:
    """``1,234.5亿元``, ``8.5%``; ``—`` when there is no number."""
    if value is None or not math.isfinite(value):
        return "—"
    unit = unit or ""
    return f"{fmt_number(value)}{unit}"


def _pace_text(alert: Alert) -> str:
    if alert.pace_ratio is not None and math.isfinite(alert.pace_ratio):
        return f"完成进度 {alert.pace_ratio * 100:.1f}%"
    if alert.gap_pp is not None and math.isfinite(alert.gap_pp):
        return f"差距 {alert.gap_pp:+.2f}个百分点"
    return "—"


def _required_text(alert: Alert) -> str:
    value = alert.required_monthly
    if value is None or not math.isfinite(value):
        return "—"
    if value <= 0:
        return "已达全年目标"
    return f"{format_value(value, alert.unit)}/月"


def _period_text(period: date | None) -> str:
    return f"{period.year}年{period.month}月" if period else "尚无数据"


def _change_text(alert: Alert) -> str:
    if alert.kind == "reminder":
        return f"持续{alert.target_status_zh}，再次提醒"
    if alert.kind == "recovered":
        return f"{alert.previous_status_zh or '—'} → 正常"
    if alert.previous_status is None:
        return "首次评估"
    return f"{alert.previous_status_zh} → {alert.target_status_zh}"


def _row(alert: Alert, department_names: Mapping[str, str]) -> dict[str, Any]:
    return {
        "name": alert.name_zh,
        "code": alert.target_code,
        "department": department_names.get(alert.department, alert.department),
        "status": alert.target_status,
        "status_zh": "正常" if alert.kind == "recovered" else alert.target_status_zh,
        "kind": alert.kind,
        "change": _change_text(alert),
        "period": _period_text(alert.period),
        "target": format_value(alert.target, alert.unit),
        "stretch": format_value(alert.stretch, alert.unit) if alert.stretch is not None else "",
        "actual": format_value(alert.actual, alert.unit),
        "expected": format_value(alert.expected, alert.unit),
        "pace": _pace_text(alert),
        "projected": format_value(alert.projected_year_end, alert.unit),
        "required": _required_text(alert),
        "explain": None,  # the digest fills in the department's 情况说明 for 预警/滞后 targets
    }


def _explain_text(explanation: Mapping[str, Any] | None) -> str:
    """One line for the digest: the department's latest 情况说明, or that it is missing."""
    if not explanation:
        return "责任单位尚未提交情况说明"
    text = (
        f"进展：{explanation['progress']}；问题：{explanation['problems']}；措施：{explanation['measures']}"
    )
    if explanation.get("recovery_month"):
        text += f"；预计{explanation['recovery_month']}恢复正常"
    return f"{text}（{explanation.get('author_name') or ''}）"


def _as_of_text(alerts: Sequence[Alert], as_of: date) -> str:
    periods = [a.period for a in alerts if a.period is not None]
    if periods:
        latest = max(periods)
        return f"{latest.year}年{latest.month}月"
    return f"{as_of.year}年{as_of.month}月{as_of.day}日"


def subject_for(alerts: Sequence[Alert], *, year: int, as_of: date, digest: bool = False) -> str:
    """``【毕节市2024年目标监测】3项指标进度滞后（截至2024年6月）`` and its variants."""
    problems = [a for a in alerts if a.kind != "recovered"]
    recovered = len(alerts) - len(problems)
    counts = Counter(a.target_status for a in problems)
    parts: list[str] = []
    if len(counts) == 1:
        ((status, n),) = counts.items()
        parts.append(f"{n}项指标{_PHRASE_ZH.get(status, '需关注')}")
    elif counts:
        order = [s for s in _STATUS_ORDER if s in counts] + sorted(
            s for s in counts if s not in _STATUS_ORDER
        )
        detail = "、".join(f"{_SHORT_ZH.get(s, s)}{counts[s]}项" for s in order)
        parts.append(f"{len(problems)}项指标需关注：{detail}")
    if recovered:
        parts.append(f"{recovered}项指标恢复正常")
    lead = (
        "汇总：" if digest else ("提醒：" if problems and all(a.kind == "reminder" for a in problems) else "")
    )
    return f"【毕节市{year}年目标监测】{lead}{'，'.join(parts)}（截至{_as_of_text(alerts, as_of)}）"


# --------------------------------------------------------------------------------------------
# Templates

_ENV = Environment(
    loader=PackageLoader("bijie_etl", "templates"),
    autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=True, default=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)
# Text templates must not be escaped: they are plain text, never rendered by a browser.
_TEXT_ENV = _ENV.overlay(autoescape=False)


@dataclass(frozen=True)
class Composed:
    """One email as composed: subject, plain-text body and HTML body."""

    subject: str
    text: str
    html: str


def _render(name: str, context: dict[str, Any]) -> tuple[str, str]:
    text = _TEXT_ENV.get_template(f"{name}.txt").render(**context)
    html = _ENV.get_template(f"{name}.html").render(**context)
    return text, html


def compose_department(alerts: Sequence[Alert], *, department_name: str, year: int, as_of: date) -> Composed:
    """The email to one department about its own targets."""
    rows = [_row(a, {}) for a in alerts]
    subject = subject_for(alerts, year=year, as_of=as_of)
    context = {
        "subject": subject,
        "department": department_name,
        "rows": rows,
        "year": year,
        "as_of": f"{as_of.year}年{as_of.month}月{as_of.day}日",
        "data_as_of": _as_of_text(alerts, as_of),
        "system": SYSTEM_NAME_ZH,
    }
    text, html = _render("alert_department", context)
    return Composed(subject, text, html)


def compose_digest(
    alerts: Sequence[Alert],
    *,
    department_names: Mapping[str, str],
    year: int,
    as_of: date,
    explanations: Mapping[str, Mapping[str, Any]] | None = None,
) -> Composed:
    """The leadership digest: every alert of the run grouped by status, then 恢复正常.

    ``explanations`` (target code → latest 情况说明) puts the department's explanation, or
    "尚未提交", beside every 预警/滞后 target.
    """
    rows = [_row(a, department_names) for a in alerts]
    if explanations is not None:
        for r in rows:
            if r["kind"] != "recovered" and r["status"] in ("at_risk", "off_track"):
                r["explain"] = _explain_text(explanations.get(r["code"]))
    groups = []
    for status in _STATUS_ORDER:
        members = [r for r in rows if r["kind"] != "recovered" and r["status"] == status]
        if members:
            groups.append({"title": _PHRASE_ZH[status], "rows": members})
    others = [r for r in rows if r["kind"] != "recovered" and r["status"] not in _STATUS_ORDER]
    if others:
        groups.append({"title": "其他", "rows": others})
    recovered = [r for r in rows if r["kind"] == "recovered"]
    subject = subject_for(alerts, year=year, as_of=as_of, digest=True)
    context = {
        "subject": subject,
        "groups": groups,
        "recovered": recovered,
        "total": len(rows) - len(recovered),
        "year": year,
        "as_of": f"{as_of.year}年{as_of.month}月{as_of.day}日",
        "data_as_of": _as_of_text(alerts, as_of),
        "system": SYSTEM_NAME_ZH,
    }
    text, html = _render("alert_digest", context)
    return Composed(subject, text, html)
