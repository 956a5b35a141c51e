"""POST /tokens: exchange a username and password for a bearer token."""

from flask import current_app, request

from ..services.accounts import authenticate, issue_token
from . import bp
from ..domain.errors import NotSignedIn
from .context import use_case
from .schemas import TokenIn, TokenOut

# Schema instances are built once: constructing one per request costs more than using it.
TOKEN_IN = TokenIn()
TOKEN_OUT = TokenOut()


@bp.post("/tokens")
def create_token():
    body = TOKEN_IN.load(request.get_json() or {})
    with use_case(anonymous=True) as ctx:
        user = authenticate(ctx.session, body["username"], body["password"])
        if user is None:
            raise NotSignedIn("wrong_credentials")
        token = issue_token(current_app.config["SECRET_KEY"], user)
        return TOKEN_OUT.dump({"token": token, "user": user}), 201
