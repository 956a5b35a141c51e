"""(being written) Dry runs of a version against sample dossiers."""

from flask import abort

from . import bp


@bp.route("/models/<key>/versions/<int:number>/dry-run", methods=["GET", "POST"])
def dry_run(key: str, number: int):
    abort(404)
