"""(being written) Editing a version's form and decision-table files."""

from flask import abort

from . import bp


@bp.get("/models/<key>/versions/<int:number>/files/<name>/edit")
def edit_file(key: str, number: int, name: str):
    abort(404)
