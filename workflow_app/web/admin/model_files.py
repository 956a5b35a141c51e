"""Editing a version's files in the browser: a form's JSON Schema beside a live preview of the
form as reviewers see it, and a DMN file's decision tables as HTML tables. Saving creates a
new draft version (the edited version never changes); a BPMN file opens in the modeler."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ...domain.errors import Invalid
from ...services.decision_tables import DecisionTable, Rule, read_tables, write_tables
from ...services.model_file_editor import OpenFile, open_file, preview_forms, save_file
from ..context import web_use_case
from ..errors import describe
from ..forms import form_fields
from . import bp

EDIT = "/models/<key>/versions/<int:number>/files/<name>/edit"


@bp.route(EDIT, methods=["GET", "POST"])
def edit_file(key: str, number: int, name: str):
    with web_use_case() as ctx:
        opened = open_file(ctx, key, number, name)
        files = {f.name: f.content for f in opened.version.files}
        page = _page_facts(opened)
    if opened.kind == "bpmn":
        return redirect(url_for("admin.modeler", key=key, number=number, file=name))
    if opened.kind == "form":
        return _form_editor(page, files)
    if opened.kind == "dmn":
        return _table_editor(page, opened.content)
    abort(404)


def _page_facts(opened: OpenFile) -> dict:
    """What the templates show about the file, read while the session is open."""
    return {
        "key": opened.model.key,
        "model_name": opened.model.name,
        "number": opened.version.version,
        "status": opened.version.status,
        "name": opened.name,
        "content": opened.content,
        "writable": opened.writable,
        "latest": opened.latest,
    }


def _after_save(page: dict, number: int) -> str:
    if "admin.version" in current_app.view_functions:
        return url_for("admin.version", key=page["key"], number=number)
    return url_for("admin.edit_file", key=page["key"], number=number, name=page["name"])


def _save(page: dict, content: str):
    """Save as a new draft and go to it; a refused save is raised as Invalid."""
    with web_use_case() as ctx:
        version = save_file(ctx, page["key"], page["name"], content)
        number, problems = version.version, len(version.problems)
    if problems:
        message = _(
            "Đã lưu bản nháp phiên bản %(n)s; còn %(p)s lỗi cần sửa trước khi phát hành.",
            n=number,
            p=problems,
        )
        flash(message, "error")
    else:
        flash(_("Đã lưu bản nháp phiên bản %(n)s.", n=number), "success")
    return redirect(_after_save(page, number))


# --- forms (JSON Schema) -----------------------------------------------------------------


def _preview(files: dict[str, str], name: str, text: str) -> tuple[str, bool]:
    """The form drawn exactly as on the task page, or the reason it cannot be drawn."""
    try:
        schema, ui_schema = preview_forms(files, name, text)
        fields = form_fields(schema, ui_schema, {}, {})
    except Invalid as error:
        return render_template("admin/_form_preview.html", error=describe(error)), False
    except (KeyError, TypeError, AttributeError, ValueError) as error:
        message = _("Không vẽ được biểu mẫu từ JSON Schema này: %(e)s", e=error)
        return render_template("admin/_form_preview.html", error=message), False
    return render_template("admin/_form_preview.html", schema=schema, fields=fields), True


def _form_editor(page: dict, files: dict[str, str]):
    text, error, status = page["content"], None, 200
    if request.method == "POST":
        text = request.form.get("content", "")
        try:
            return _save(page, text)
        except Invalid as refused:
            error, status = describe(refused), 422
    preview, _ok = _preview(files, page["name"], text)
    return render_template(
        "admin/form_editor.html", page=page, text=text, error=error, preview=preview
    ), status


@bp.post("/models/<key>/versions/<int:number>/files/<name>/preview")
def preview_file(key: str, number: int, name: str):
    """The rendered form for the JSON being typed (the editor's live preview), or 422 with
    the error shown in its place."""
    with web_use_case() as ctx:
        opened = open_file(ctx, key, number, name)
        files = {f.name: f.content for f in opened.version.files}
    if opened.kind != "form":
        abort(404)
    html, ok = _preview(files, name, request.form.get("content", ""))
    return html, 200 if ok else 422


# --- decision tables (DMN) ---------------------------------------------------------------


def _rules_from_form(index: int, table: DecisionTable) -> list[Rule]:
    """The rows as posted: each row's id (empty for a new row) and its cells."""
    form, prefix = request.form, f"t{index}"
    rows = form.get(f"{prefix}-rows", type=int) or 0
    return [
        Rule(
            id=form.get(f"{prefix}-r{r}-id", ""),
            inputs=[form.get(f"{prefix}-r{r}-in{c}", "") for c in range(len(table.inputs))],
            outputs=[form.get(f"{prefix}-r{r}-out{c}", "") for c in range(len(table.outputs))],
            description=form.get(f"{prefix}-r{r}-note", ""),
        )
        for r in range(min(rows, 500))
    ]


def _apply(tables: list[DecisionTable], action: str) -> None:
    """A row action: add:<t>, delete:<t>:<r>, up:<t>:<r>, down:<t>:<r>."""
    verb, _sep, where = action.partition(":")
    parts = [int(p) for p in where.split(":") if p.isdigit()]
    if not parts or parts[0] >= len(tables):
        return
    table = tables[parts[0]]
    rules, row = table.rules, parts[1] if len(parts) > 1 else None
    if verb == "add":
        rules.append(Rule("", [""] * len(table.inputs), [""] * len(table.outputs)))
    elif row is None or row >= len(rules):
        return
    elif verb == "delete":
        del rules[row]
    elif verb == "up" and row > 0:
        rules[row - 1], rules[row] = rules[row], rules[row - 1]
    elif verb == "down" and row + 1 < len(rules):
        rules[row + 1], rules[row] = rules[row], rules[row + 1]


def _table_editor(page: dict, content: str):
    try:
        tables = read_tables(content)
    except Invalid as error:
        return _table_page(page, [], describe(error), 422)
    if request.method == "GET":
        return _table_page(page, tables)
    for index, table in enumerate(tables):
        table.rules = _rules_from_form(index, table)
    action = request.form.get("action", "save")
    if action != "save":
        _apply(tables, action)
        return _table_page(page, tables, edited=True)
    try:
        return _save(page, write_tables(content, tables))
    except Invalid as refused:
        return _table_page(page, tables, describe(refused), 422, edited=True)


def _table_page(page: dict, tables, error: str | None = None, status=200, edited=False):
    return render_template(
        "admin/decision_table.html", page=page, tables=tables, error=error, edited=edited
    ), status
