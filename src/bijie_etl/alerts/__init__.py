"""Alerts: raised from status transitions (``state``), worded (``compose``), held when a storm of
them would go out at once (``storm``), then recorded in the warehouse outbox and sent exactly once
(``outbox``). ``bijie_etl.mail`` only carries the emails.
"""

from bijie_etl.alerts.outbox import compose_messages, notify, send_pending
from bijie_etl.alerts.state import (
    ALERTING_STATUSES,
    REMINDER_STATUSES,
    Alert,
    AlertKind,
    Delivery,
    OutboxMessage,
    SendReport,
    list_alerts,
    list_messages,
    raise_alerts,
)

__all__ = [
    "ALERTING_STATUSES",
    "REMINDER_STATUSES",
    "Alert",
    "AlertKind",
    "Delivery",
    "OutboxMessage",
    "SendReport",
    "compose_messages",
    "list_alerts",
    "list_messages",
    "notify",
    "raise_alerts",
    "send_pending",
]
