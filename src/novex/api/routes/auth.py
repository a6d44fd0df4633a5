"""API tokens for API clients."""

from __future__ import annotations

from fastapi import APIRouter

from novex import bootstrap
from novex.api.deps import SessionDep
from novex.api.schemas import TokenOut, TokenRequest

router = APIRouter(tags=["toegang"])


@router.post("/tokens", status_code=201, summary="Bearer-token aanvragen")
def token(body: TokenRequest, session: SessionDep) -> TokenOut:
    """Exchange email and password for a bearer token (keep it secret; it is shown once)."""
    service = bootstrap.account_service(session)
    user = service.authenticate(body.email, body.wachtwoord)
    return TokenOut(token=service.issue_token(user, body.label))
