"""Alerts: raised from status transitions, recorded in the warehouse outbox, then sent (``state``)."""
