"""Flask commands: db upgrade, models import, seed-demo, audit verify."""

from __future__ import annotations

import sys
import time
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext

from .messages.model_problems import shown_problems
from .persistence import migrate
from .runtime import app_now, service_context
from .services.context import ServiceContext
from .services.deadlines import fire_due_deadlines
from .services.demo import seed_demo
from .services.documents import sweep_documents
from .services.process_models import import_bundle, read_bundles
from .services.replay import dossier_ids, replay_dossiers


def _now() -> datetime:
    return app_now()


def _system_context(session) -> ServiceContext:
    return service_context(session, None)


db_cli = AppGroup("db", help="Database schema.")
models_cli = AppGroup("models", help="Process models.")
audit_cli = AppGroup("audit", help="Audit checks.")
timers_cli = AppGroup("timers", help="Timers and deadlines.")
documents_cli = AppGroup("documents", help="Uploaded dossier documents.")


@db_cli.command("upgrade")
def db_upgrade() -> None:
    """Apply the Alembic migrations."""
    url = current_app.config["DATABASE_URL"]
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    migrate.upgrade(url)
    click.echo("Database is up to date.")


@models_cli.command("import")
@click.argument("directory", required=False, type=click.Path(file_okay=False, path_type=Path))
def models_import(directory: Path | None) -> None:
    """Load DIR/bpmn and DIR/forms bundles as published versions, skipping unchanged ones."""
    root = directory or Path(current_app.config["MODELS_DIR"])
    db = current_app.extensions["workflow_db"]
    for bundle in read_bundles(root):
        with db.unit_of_work() as session:
            version = import_bundle(_system_context(session), bundle)
            if version is None:
                click.echo(f"{bundle.key}: unchanged")
            elif version.problems:
                click.echo(f"{bundle.key}: v{version.version} has problems:")
                for found in shown_problems(version.problems):
                    click.echo(f"  - {found['message']} ({found.get('file') or ''})")
                sys.exit(1)
            else:
                click.echo(f"{bundle.key}: published v{version.version}")


@click.command("seed-demo")
@with_appcontext
def seed_demo_command() -> None:
    """Create the demo jurisdictions, units and users (idempotent)."""
    db = current_app.extensions["workflow_db"]
    with db.unit_of_work() as session:
        seed_demo(session, current_app.config["DEMO_PASSWORD"], _now())
    click.echo("Demo data is in place.")


@timers_cli.command("run")
@click.option("--once", is_flag=True, help="Fire what is due now and exit.")
@click.option("--interval", default=60, show_default=True, help="Seconds between rounds.")
def timers_run(once: bool, interval: int) -> None:
    """Fire due deadlines (T1-T3); several runners may work at once without double firing."""
    db = current_app.extensions["workflow_db"]

    @contextmanager
    def unit_of_work():
        with db.unit_of_work() as session:
            yield _system_context(session)

    while True:
        excluded = fire_due_deadlines(unit_of_work, _now())
        click.echo(f"{_now():%Y-%m-%d %H:%M:%S} excluded {excluded} late dossier(s)")
        if once:
            return
        time.sleep(interval)


@audit_cli.command("verify")
@click.option("--dossier", "dossier_id", type=int, default=None, help="Check only this dossier.")
def audit_verify(dossier_id: int | None) -> None:
    """Re-check every history chain and replay every history (X4); exit 1 naming each dossier
    that fails, with the event where it fails and why."""
    db = current_app.extensions["workflow_db"]
    with db.unit_of_work() as session:
        ids = dossier_ids(session, dossier_id)
        if dossier_id is not None and not ids:
            raise click.ClickException(f"No dossier {dossier_id}.")
        results = replay_dossiers(_system_context(session), ids)
        with click.progressbar(results, length=len(ids), label="Verifying", file=sys.stderr) as bar:
            failed = [result for result in bar if not result.verified]
        session.rollback()  # an audit reads; nothing it touched is kept
    for result in failed:
        click.echo(
            f"dossier {result.dossier_id}: broken at event {result.mismatch_at} ({result.reason})"
        )
    if failed:
        sys.exit(1)
    click.echo(
        f"{len(ids)} dossier(s) verified: every history chain holds and every replay matches."
    )


@documents_cli.command("sweep")
@click.option("--remove-orphans", is_flag=True, help="Delete files that no document row names.")
def documents_sweep(remove_orphans: bool) -> None:
    """Reconcile document rows and upload files, both ways; exit 1 while any stays unsettled
    (a row whose file is gone, or an orphan file not removed)."""
    db = current_app.extensions["workflow_db"]
    upload_dir = Path(current_app.config["UPLOAD_DIR"])
    with db.unit_of_work() as session:
        report = sweep_documents(session, upload_dir, _now(), remove_orphans)
    for name in report.recovered:
        click.echo(f"recovered: {name} (committed before a crash, now under its name)")
    for document_id, name in report.missing:
        click.echo(f"missing file: document {document_id} ({name})")
    for name in report.orphans:
        state = "removed" if name in report.removed else "kept; --remove-orphans deletes it"
        click.echo(f"orphan file: {name} ({state})")
    click.echo(
        f"{len(report.recovered)} recovered, {len(report.missing)} missing, "
        f"{len(report.orphans)} orphan(s), {len(report.removed)} removed."
    )
    if report.missing or len(report.removed) < len(report.orphans):
        sys.exit(1)


def register_commands(app: Flask) -> None:
    commands = (db_cli, models_cli, audit_cli, timers_cli, documents_cli, seed_demo_command)
    for command in commands:
        app.cli.add_command(command)
