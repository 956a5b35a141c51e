"""Dry runs of a version against sample dossiers (issue 4): tick samples, type dossier ids,
override decisions per task; the results show each sample's path and where it stopped.
Nothing is kept; who may run it is decided by services.dry_run."""

from __future__ import annotations

import re

from flask import redirect, render_template, request, url_for

from ...domain.errors import Invalid, NotFound
from ...domain.vocabulary import DECISIONS
from ...messages.dry_run import shown_dry_run
from ...messages.model_problems import shown_problems
from ...services import dry_run as service
from ...services.dry_run_samples import sample_rows
from ..context import web_use_case
from ..errors import describe
from . import bp

# Samples ticked when the page opens: one of each kind of ending.
DEFAULT_SAMPLES = ("bang-khen-thu-tuong", "bang-khen-ubnd-tra-lai", "giay-khen-so")


def _dossier_ids(text: str) -> list[int]:
    """Dossier numbers typed as "12, 15" or "HS-12 HS-15"."""
    return [int(number) for number in re.findall(r"\d+", text or "")][: service.MAX_RUNS]


def _chosen_decisions(tasks: list[dict], chosen) -> dict[str, str]:
    """The decision overrides picked in the form (an empty choice keeps the samples' script)."""
    picked = {t["id"]: chosen.get(f"decision-{t['id']}", "") for t in tasks if t["decides"]}
    return {task: value for task, value in picked.items() if value in DECISIONS}


@bp.route("/models/<key>/versions/<int:number>/dry-run", methods=["GET", "POST"])
def dry_run(key: str, number: int):
    """The form (GET), and its run: the POST (CSRF-checked) redirects to the GET of its choices
    (`run=1`), which runs them in a rolled-back transaction, so a reload re-sends nothing."""
    if request.method == "POST":
        chosen = {k: v for k, v in request.form.items() if k.startswith("decision-")}
        return redirect(
            url_for(
                "admin.dry_run",
                key=key,
                number=number,
                run=1,
                samples=request.form.getlist("samples"),
                dossier_ids=request.form.get("dossier_ids", "").strip(),
                **chosen,
            )
        )
    with web_use_case() as ctx:
        version = service.dry_run_version(ctx, key, number)  # 403 / 404 before anything else
        try:
            tasks, problems = service.decision_tasks(ctx, version), []
        except Invalid as error:
            tasks, problems = [], shown_problems(error.details.get("problems"))
        form = {"samples": list(DEFAULT_SAMPLES), "dossier_ids": "", "decisions": {}}
        result, error, status = None, None, 200
        if request.args.get("run") and not problems:
            form = {
                "samples": request.args.getlist("samples"),
                "dossier_ids": request.args.get("dossier_ids", "").strip(),
                "decisions": _chosen_decisions(tasks, request.args),
            }
            ids = _dossier_ids(form["dossier_ids"])
            try:
                if not form["samples"] and not ids:
                    raise Invalid("dry_run_nothing_chosen")
                ran = service.dry_run(ctx, key, number, form["samples"], ids, form["decisions"])
                result = shown_dry_run(ran)
            except (Invalid, NotFound) as refused:  # a typed dossier id or a bad choice
                error, status = describe(refused), 422
        return render_template(
            "admin/dry_run.html",
            key=key,
            version=version,
            tasks=tasks,
            problems=problems,
            samples=sample_rows(),
            decisions=DECISIONS,
            form=form,
            result=result,
            error=error,
        ), status
