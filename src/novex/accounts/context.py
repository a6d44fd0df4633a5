"""The accounts context: users, roles, API tokens, web sessions."""

from novex.access import MANAGE_USERS
from novex.registry import Command, Context

CONTEXT = Context(
    name="accounts",
    api=("novex.api.routes.auth:router",),
    pages=("novex.web.pages.accounts:router", "novex.web.pages.beheer:router"),
    cli=(Command("user", "novex.cli.users:users_app", group=True),),
    actions=(MANAGE_USERS,),
    audit_kinds={"gebruiker.": "accounts", "token.": "API-tokens"},
    tables=("novex.store.tables.accounts",),
    services={"novex.accounts.service:AccountService": "novex.bootstrap:account_service"},
    feeds_analysis=False,
)
