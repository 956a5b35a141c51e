"""Flask extensions of the web UI, created without an app (flaskr style)."""

from flask_babel import Babel
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

babel = Babel()
csrf = CSRFProtect()
login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = None  # the sign-in page explains itself
login_manager.session_protection = "strong"
