"""(being written) Process models: list, versions, modeler."""

from flask import abort

from . import bp


@bp.get("/models/<key>/versions/<int:number>/modeler")
def modeler(key: str, number: int):
    abort(404)
