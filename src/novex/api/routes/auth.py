"""API tokens for API clients."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from novex.accounts.service import AccountService
from novex.api.problems import problem
from novex.api.schemas import TokenOut, TokenRequest
from novex.edge.deps import UowDep, client_address
from novex.errors import Forbidden

router = APIRouter(tags=["toegang"])


@router.post("/tokens", status_code=201, summary="Bearer-token aanvragen", response_model=TokenOut)
def token(body: TokenRequest, request: Request, uow: UowDep) -> TokenOut | Response:
    """Exchange email and password for a bearer token (keep it secret; it is shown once).

    At most 20 attempts per 5 minutes per client address (429 beyond that); an account
    is locked for 15 minutes, from that address, after 5 wrong passwords in a row from it.
    """
    address = client_address(request)
    request.app.state.login_limiter.hit(address)
    accounts = uow.get(AccountService)
    try:
        user = accounts.authenticate(body.email, body.wachtwoord, address)
    except Forbidden as exc:
        # Answered, not raised: the unit of work then commits the failed attempt, so the lockout counts it.
        return problem(request, 403, str(exc))
    return TokenOut(token=accounts.issue_token(user, body.label))
