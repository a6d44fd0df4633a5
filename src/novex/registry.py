"""The contexts of the planning cycle, and how each plugs into the platform.

A context (the claims register, the analysis, and the coming dialogue, meetings,
arrangement, monitor, …) declares in one `Context` record what it adds: API routers,
web pages, CLI commands, actions, audit kinds, tables and service factories. The app, the
CLI, access, the store and bootstrap discover them from `CONTEXTS`, the one ordered list
(the cycle order is also the import order). Edge parts are named by import path
(``"package.module:attribute"``), so this module and the domain packages import no web,
CLI or database framework, and nothing is imported before it is needed.

Adding a context: a new folder with a `context.py` declaring `CONTEXT`, and one line here.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from novex.access import PLATFORM_ACTIONS, Action

CONTEXTS: tuple[str, ...] = (
    "novex.audit.context",
    "novex.catalog.context",
    "novex.reference.context",
    "novex.accounts.context",
    "novex.claims.context",
    "novex.analysis.context",
    "novex.dialogue.context",
    "novex.meetings.context",
    "novex.arrangement.context",
    "novex.monitor.context",
    "novex.gebieden.context",
    "novex.scenarios.context",
)
"""Where each context declares itself, in the order of the planning cycle."""


@dataclass(frozen=True)
class Command:
    """A CLI entry: a Typer sub-app (`group`) or a single command, by import path."""

    name: str
    target: str
    group: bool = False


@dataclass(frozen=True)
class Context:
    """What one context adds to the platform (import paths as ``module:attribute``)."""

    name: str
    api: tuple[str, ...] = ()  # FastAPI routers, mounted under /api/v1
    pages: tuple[str, ...] = ()  # FastAPI routers of web pages (templates in web/templates/)
    cli: tuple[Command, ...] = ()
    actions: tuple[Action, ...] = ()
    audit_kinds: Mapping[str, str] = field(default_factory=dict)  # action prefix -> Dutch label
    tables: tuple[str, ...] = ()  # modules defining tables on `novex.store.tables.base.Base`
    services: Mapping[str, str] = field(default_factory=dict)  # service class -> factory(session)
    feeds_analysis: bool = True  # False: its changes (audit kinds) leave cached analyses valid
    vraagstuk_panels: Mapping[str, str] = field(default_factory=dict)  # name -> builder(uow, actor, vraagstuk)


def load(reference: str) -> Any:
    """The object an import path ``package.module:attribute`` names."""
    module, _, attribute = reference.partition(":")
    loaded = importlib.import_module(module)
    return getattr(loaded, attribute) if attribute else loaded


_extra: list[Context] = []


@cache
def _declared() -> tuple[Context, ...]:
    return tuple(load(f"{path}:CONTEXT") for path in CONTEXTS)


def contexts() -> tuple[Context, ...]:
    """Every context, in cycle order (plus any registered at run time, e.g. by a test)."""
    return _declared() + tuple(_extra)


@contextmanager
def registered(context: Context) -> Iterator[Context]:
    """Plug in one more context for the duration of a `with` block (tests, experiments)."""
    _extra.append(context)
    try:
        yield context
    finally:
        _extra.remove(context)


def actions() -> dict[str, Action]:
    """Every action of the platform and its contexts, by key."""
    found = {a.key: a for a in PLATFORM_ACTIONS}
    for context in contexts():
        found |= {a.key: a for a in context.actions}
    return found


def action(key: str) -> Action:
    """One action by its key (`KeyError` for an unknown one: a typo in a template fails loudly)."""
    return actions()[key]


def vraagstuk_panels() -> dict[str, Any]:
    """The panels other contexts add to the vraagstuk page, by the name its template uses."""
    return {name: load(path) for c in contexts() for name, path in c.vraagstuk_panels.items()}


def kinds_outside_analysis() -> tuple[str, ...]:
    """Audit action prefixes of contexts whose changes do not alter an analysis (its cache stays valid)."""
    return tuple(kind for c in contexts() if not c.feeds_analysis for kind in c.audit_kinds)


def audit_kinds() -> dict[str, str]:
    """Audit action prefixes with their Dutch label, for filters ('' = all)."""
    kinds = {"": "alle"}
    for context in contexts():
        kinds |= dict(context.audit_kinds)
    return kinds
