"""API tokens for API clients."""

from __future__ import annotations

from fastapi import APIRouter, Request

from novex import bootstrap
from novex.api.deps import SessionDep
from novex.api.schemas import TokenOut, TokenRequest

router = APIRouter(tags=["toegang"])


@router.post("/tokens", status_code=201, summary="Bearer-token aanvragen")
def token(body: TokenRequest, request: Request, session: SessionDep) -> TokenOut:
    """Exchange email and password for a bearer token (keep it secret; it is shown once).

    At most 20 attempts per 5 minutes per client address (429 beyond that); an account
    is locked for 15 minutes after 5 wrong passwords in a row.
    """
    request.app.state.login_limiter.hit(request.client.host if request.client else "?")
    service = bootstrap.account_service(session)
    user = service.authenticate(body.email, body.wachtwoord)
    return TokenOut(token=service.issue_token(user, body.label))
