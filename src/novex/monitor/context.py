"""Step 6 of the cycle: the uniform monitor — one progress meter for the agreements of every province."""

from novex.monitor.actions import MONITOR_ACTIONS
from novex.registry import Command, Context

CONTEXT = Context(
    name="monitor",
    api=("novex.api.routes.monitor:router",),
    pages=("novex.web.pages.monitor:router",),
    cli=(Command("monitor", "novex.cli.monitor:monitor_app", group=True),),
    actions=MONITOR_ACTIONS,
    audit_kinds={"monitor-afspraak.": "monitor: metingen en statussen", "monitorronde.": "monitorrondes"},
    tables=("novex.store.tables.monitor",),
    services={"novex.monitor.service:MonitorService": "novex.bootstrap:monitor_service"},
    feeds_analysis=False,
)
