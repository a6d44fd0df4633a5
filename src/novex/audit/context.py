"""The audit trail: every change, who made it, when and why."""

from novex.access import READ_AUDIT
from novex.registry import Command, Context

CONTEXT = Context(
    name="audit",
    api=("novex.api.routes.audit:router",),
    pages=("novex.web.pages.audit:router",),
    cli=(Command("logboek", "novex.cli.audit:logboek"),),
    actions=(READ_AUDIT,),
    audit_kinds={"backup.": "back-ups"},
    tables=("novex.store.tables.audit",),
    services={"novex.audit:AuditService": "novex.bootstrap:audit_service"},
)
