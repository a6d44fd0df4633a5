"""Step 6 of the cycle: the uniform monitor — one progress meter for the agreements of every province."""

from novex.monitor.actions import MONITOR_ACTIONS
from novex.registry import Context

CONTEXT = Context(
    name="monitor",
    actions=MONITOR_ACTIONS,
    audit_kinds={"monitor-afspraak.": "monitor: metingen en statussen", "monitorronde.": "monitorrondes"},
    tables=("novex.store.tables.monitor",),
    services={"novex.monitor.service:MonitorService": "novex.bootstrap:monitor_service"},
    feeds_analysis=False,
)
