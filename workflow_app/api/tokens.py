"""POST /tokens: exchange a username and password for a bearer token, under the same
wrong-password limits as the sign-in page (one limiter for every way to sign in)."""

from flask import current_app, request

from ..services.accounts import issue_token
from ..services.login_guard import LoginPolicy, sign_in
from . import bp
from .context import use_case
from .schemas import TokenIn, TokenOut

# Schema instances are built once: constructing one per request costs more than using it.
TOKEN_IN = TokenIn()
TOKEN_OUT = TokenOut()


@bp.post("/tokens")
def create_token():
    body = TOKEN_IN.load(request.get_json() or {})
    config = current_app.config
    with use_case(anonymous=True) as ctx:
        result = sign_in(
            ctx.session,
            body["username"],
            body["password"],
            request.remote_addr or "",
            ctx.now,
            LoginPolicy.from_settings(config),
        )
        issued = result.user and TOKEN_OUT.dump(
            {"token": issue_token(config["SECRET_KEY"], result.user), "user": result.user}
        )
    if not issued:
        # Refused after the block: the failed attempt is committed, so it counts (429 with
        # Retry-After when locked, else 401 wrong_credentials).
        raise result.refusal()
    return issued, 201
