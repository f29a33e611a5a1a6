"""The alert storm guard: when a run would alert on most targets at once, hold the emails.

A night on which far more targets than usual turn 预警/滞后/迟报/无数据 at once is almost always a
fault upstream (an inbox that went missing, a catalog swapped for another year), not the city
falling behind everywhere overnight. Emailing every department that it "has no data" would do
harm and be hard to take back, so the guard holds those emails instead: the messages stay
pending in ``alert_messages``, a row in ``alert_holds`` says why, the run summary and the log
tell the operator, and nothing of the hold is sent until it is released by an explicit
confirmation (``bijie-etl alert --confirm`` or the flow parameter ``confirm_alerts=true``).

The guard trips when at least ``settings.alert_storm_min_alerts`` targets raise an alert
(raised or reminder) in one run and they are more than ``settings.alert_storm_share`` of the
targets assessed.

The desk's deadline reminders queued by the same run are held with the alerts (the nightly step
passes their outbox ids, ``notify(..., also_hold=…)``): a missing inbox makes every department look
late, and reminding all of them is the same harm. They do not count towards the storm (reminding
departments before a deadline is normal), and the feedback emails about files that did arrive are
never held.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from bijie_etl.settings import TZ, Settings
from bijie_etl.warehouse.store import transaction_of

__all__ = ["Hold", "active_holds", "guard", "held_message_ids", "release_holds"]

log = logging.getLogger(__name__)

#: Alert kinds that warn a department (a recovery is good news and never counts towards a storm).
_WARNING_KINDS = ("raised", "reminder")


@dataclass(frozen=True)
class Hold:
    """One held batch of emails and why."""

    hold_id: int
    as_of: date
    alerts: int
    targets: int
    share: float
    threshold: float
    messages: int
    reason_zh: str


def _now() -> datetime:
    return datetime.now(TZ).replace(tzinfo=None)


def _con(warehouse: Any) -> Any:
    return getattr(warehouse, "con", warehouse)


def active_holds(warehouse: Any) -> list[Hold]:
    """Holds not yet released, oldest first."""
    rows = (
        _con(warehouse)
        .execute(
            "SELECT hold_id, as_of, alerts, targets, share, threshold, len(message_ids), reason_zh "
            "FROM alert_holds WHERE released_at IS NULL ORDER BY hold_id"
        )
        .fetchall()
    )
    return [Hold(*row) for row in rows]


def held_message_ids(warehouse: Any) -> set[int]:
    """Ids of the ``alert_messages`` rows an unreleased hold keeps back."""
    rows = (
        _con(warehouse)
        .execute("SELECT DISTINCT unnest(message_ids) FROM alert_holds WHERE released_at IS NULL")
        .fetchall()
    )
    return {int(r[0]) for r in rows}


def release_holds(warehouse: Any, *, by: str) -> int:
    """Release every hold (the operator confirmed); returns how many emails it frees for sending."""
    con = _con(warehouse)
    freed = len(held_message_ids(con))
    if freed or active_holds(con):
        with transaction_of(warehouse):
            con.execute(
                "UPDATE alert_holds SET released_at = ?, released_by = ? WHERE released_at IS NULL",
                [_now(), by],
            )
        log.warning("已确认发送被暂扣的提醒邮件 %d 封（%s）", freed, by)
    return freed


def guard(
    warehouse: Any,
    *,
    raised: Sequence[Any],
    message_ids: Sequence[int],
    targets: int,
    as_of: date,
    settings: Settings,
) -> Hold | None:
    """Record a hold of ``message_ids`` when ``raised`` is a storm; ``None`` when it is not.

    ``raised`` are the alerts this run raised (objects with ``kind`` and ``target_code``),
    ``targets`` the number of targets assessed.
    """
    warned = {a.target_code for a in raised if str(a.kind) in _WARNING_KINDS}
    if not targets or not message_ids or len(warned) < settings.alert_storm_min_alerts:
        return None
    share = len(warned) / targets
    if share <= settings.alert_storm_share:
        return None
    reason = (
        f"本次运行有 {len(warned)} 项目标（占全部 {targets} 项的 {share:.0%}）同时出现预警，"
        f"超过设定的 {settings.alert_storm_share:.0%}，多半是收件目录、目标目录或数据出了问题，而不是各部门同时落后。"
        f"{len(message_ids)} 封提醒邮件已暂扣、未发送。请先核实（bijie-etl doctor、查看运行摘要）；"
        f"确认无误后运行 bijie-etl alert --confirm（或以参数 confirm_alerts=true 运行 nightly）发送。"
    )
    with transaction_of(warehouse) as con:
        (hold_id,) = con.execute("SELECT nextval('seq_alert_hold_id')").fetchall()[
            0
        ]  # no RETURNING in DuckLake
        con.execute(
            "INSERT INTO alert_holds (hold_id, as_of, alerts, targets, share, threshold, message_ids, reason_zh, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                hold_id,
                as_of,
                len(warned),
                targets,
                share,
                settings.alert_storm_share,
                list(message_ids),
                reason,
                _now(),
            ],
        )
    log.warning("提醒邮件已暂扣：%s", reason)
    return Hold(
        int(hold_id), as_of, len(warned), targets, share, settings.alert_storm_share, len(message_ids), reason
    )
