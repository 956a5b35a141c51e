"""Browser-side packages installed from npm (bpmn-js), served locally: no external CDN."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, current_app, send_from_directory

# Also the home of the UI's own templates and static files (one base layout for all pages).
bp = Blueprint(
    "vendor",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/static/web",
)


@bp.get("/vendor/bpmn-js/<path:filename>")
def bpmn_js(filename: str):
    """The prebuilt bpmn-js bundles and their CSS and fonts (`node_modules/bpmn-js/dist`)."""
    dist = Path(current_app.config["NODE_MODULES_DIR"]) / "bpmn-js" / "dist"
    return send_from_directory(dist, filename, max_age=86400)
