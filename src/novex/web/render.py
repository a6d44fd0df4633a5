"""What every web page shares: templates (autoescaped), the logged-in user, CSRF, refusals shown on forms."""

from __future__ import annotations

import hmac
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader
from pydantic import BaseModel, ConfigDict, Field

from novex import registry
from novex.access import Actor, can
from novex.edge.deps import optional_actor
from novex.edge.errors import TITLES
from novex.errors import Forbidden
from novex.nl import counted, format_fixed, format_moment, format_number
from novex.reference.provinces import province_index

# Every template is autoescaped, whatever its name (`select_autoescape` would skip `*.html.j2`).
templates = Jinja2Templates(
    env=Environment(loader=FileSystemLoader(Path(__file__).with_name("templates")), autoescape=True)
)
templates.env.filters["getal"] = format_number
templates.env.filters["tijdstip"] = format_moment
templates.env.filters["decimaal"] = format_fixed
templates.env.globals["aantal"] = counted


def may(actor: Actor | None, action_key: str, provincie: str | None = None) -> bool:
    """For templates: whether the user may do an action (by key), to show only what they may do."""
    return actor is not None and can(actor, registry.action(action_key), provincie)


class LoginRequired(Exception):
    """The page needs a logged-in user; handled by a redirect to the login page."""

    def __init__(self, next_url: str) -> None:
        self.next_url = next_url


class FormRefused(Exception):
    """A form that could not be saved: shown again with the reason (the unit of work rolls back)."""

    def __init__(self, template: str, actor: Actor | None, status: int, context: dict[str, Any]) -> None:
        super().__init__(template)
        self.template, self.actor, self.status, self.context = template, actor, status, context


def page_actor(request: Request, actor: Annotated[Actor | None, Depends(optional_actor)]) -> Actor:
    """The logged-in user of a page, or a redirect to /inloggen."""
    if actor is None:
        raise LoginRequired(str(request.url.path))
    return actor


PageActor = Annotated[Actor, Depends(page_actor)]
MaybeActor = Annotated[Actor | None, Depends(optional_actor)]


def csrf_token(request: Request) -> str:
    """The CSRF token of the current session ('' when not logged in; set by `optional_actor`)."""
    return getattr(request.state, "csrf", "")


def check_csrf(request: Request, token: str) -> None:
    """Refuse a form post whose CSRF token does not match the session's."""
    expected = csrf_token(request)
    if not expected or not hmac.compare_digest(expected, token):
        raise Forbidden("het formulier is verlopen of niet van deze site (CSRF); laad de pagina opnieuw")


def render(request: Request, name: str, actor: Actor | None, status: int = 200, **context: Any) -> HTMLResponse:
    """Render a page with the common context."""
    context |= {"request": request, "actor": actor, "csrf": csrf_token(request), "kan": may}
    context.setdefault("provincies", province_index().provinces)
    return templates.TemplateResponse(request, name, context, status_code=status)


def show_refused_form(request: Request, exc: FormRefused) -> HTMLResponse:
    """The form again, with what was wrong."""
    return render(request, exc.template, exc.actor, exc.status, **exc.context)


def login_redirect(request: Request, exc: LoginRequired) -> RedirectResponse:
    """Send an anonymous visitor to the login page, and back afterwards."""
    return RedirectResponse(f"/inloggen?volgende={quote(exc.next_url)}", status_code=303)


def error_page(request: Request, status: int, detail: str, _extra: dict[str, Any]) -> HTMLResponse | RedirectResponse:
    """The web app's renderer for `novex.edge.errors.install`: a Dutch page (a login redirect for 401)."""
    if status == 401:
        return login_redirect(request, LoginRequired(str(request.url.path)))
    return render(request, "fout.html.j2", None, status, titel=TITLES.get(status, "Fout"), detail=detail)


class CsrfForm(BaseModel):
    """A posted form: its CSRF token, and whatever else the browser sends is ignored (the service checks it)."""

    model_config = ConfigDict(extra="ignore")

    csrf: str = Field(default="", max_length=200)


class VersionedForm(CsrfForm):
    """A posted form that changes a versioned object: the version the user read (optimistic locking)."""

    versie: int = Field(default=1, ge=1, le=2_147_483_647)
