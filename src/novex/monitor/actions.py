"""What the monitor lets users do (actions as data; see `novex.access`).

VRO monitors the progress every year together with the provinces and the ministries (seed 002
Bijlage 3 §4): all three enter measurements; an agreement's owner sets its status (VRO, which
coordinates the monitoring, may always); VRO runs the yearly round and the province writes its
part of the qualitative picture. The meter of adopted agreements is readable by every role. How
this maps to rights is this platform's design.
"""

from __future__ import annotations

from novex.access import EVERY_ROLE, Action, Role

READ_MONITOR = Action("monitor-lezen", "de voortgangsmeter en de monitorrondes lezen", EVERY_ROLE)
MEASURE = Action(
    "monitor-meten",
    "metingen van afspraken invoeren en importeren",
    frozenset({Role.VRO, Role.PROVINCIE, Role.DEPARTEMENT}),
    province_refusal="mag geen metingen invoeren voor de afspraken van {provincie}",
)
SET_STATUS = Action(
    "monitor-status-zetten",
    "als eigenaar de status van een afspraak vaststellen, met motivering",
    frozenset({Role.VRO, Role.PROVINCIE, Role.DEPARTEMENT}),
    province_refusal="mag de status van de afspraken van {provincie} niet zetten",
)
RUN_ROUND = Action(
    "monitorronde-voeren",
    "de jaarlijkse monitorronde openen en afsluiten (momentopname)",
    frozenset({Role.VRO}),
)
WRITE_PICTURE = Action(
    "monitorbeeld-schrijven",
    "de deelnemers en het kwalitatieve beeld van een monitorronde schrijven",
    frozenset({Role.VRO, Role.PROVINCIE}),
    province_refusal="mag het kwalitatieve beeld van {provincie} niet schrijven",
)
MONITOR_ACTIONS = (READ_MONITOR, MEASURE, SET_STATUS, RUN_ROUND, WRITE_PICTURE)
