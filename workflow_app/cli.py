"""Flask commands: db upgrade, models import, seed-demo, audit verify."""

from __future__ import annotations

import multiprocessing
import os
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
from .services.audit_verify import (
    RangeReport,
    forget_checkpoints,
    id_ranges,
    save_checkpoints,
    verify_range,
)
from .services.consultation import fire_due_consultations
from .services.context import ServiceContext
from .services.deadlines import fire_due_deadlines
from .services.demo import seed_demo
from .services.documents import sweep_documents
from .services.postings import fire_due_postings
from .services.process_models import import_bundle, read_bundles
from .services.reports.bundles import import_report_bundle, read_report_bundles


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
    _import_report_models(root)


def _import_report_models(root: Path) -> None:
    """Issue 14: the yearly-report models (bpmn/<j>/reports/) are imported the same way."""
    db = current_app.extensions["workflow_db"]
    for bundle in read_report_bundles(root):
        with db.unit_of_work() as session:
            version = import_report_bundle(_system_context(session), bundle)
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
        config = current_app.config
        seed_demo(session, config["DEMO_PASSWORD"], _now(), Path(config["UPLOAD_DIR"]))
    click.echo("Demo data is in place.")


@timers_cli.command("run")
@click.option("--once", is_flag=True, help="Fire what is due now and exit.")
@click.option("--interval", default=60, show_default=True, help="Seconds between rounds.")
def timers_run(once: bool, interval: int) -> None:
    """Fire due deadlines (T1-T3), close ended public postings (P1) and consultations no
    agency answered in time (C2); several runners may work at once without double firing."""
    db = current_app.extensions["workflow_db"]

    @contextmanager
    def unit_of_work():
        with db.unit_of_work() as session:
            yield _system_context(session)

    while True:
        excluded = fire_due_deadlines(unit_of_work, _now())
        click.echo(f"{_now():%Y-%m-%d %H:%M:%S} excluded {excluded} late dossier(s)")
        closed = fire_due_postings(unit_of_work, _now())  # P1: posting periods that ended
        click.echo(f"{_now():%Y-%m-%d %H:%M:%S} closed {closed} public posting(s)")
        answered = fire_due_consultations(unit_of_work, _now())  # C2: no answer in time
        click.echo(f"{_now():%Y-%m-%d %H:%M:%S} closed {answered} consultation(s) unanswered")
        if once:
            return
        time.sleep(interval)


@audit_cli.command("verify")
@click.option("--dossier", "dossier_id", type=int, default=None, help="Check only this dossier.")
@click.option("--full", is_flag=True, help="Replay every dossier, whatever its checkpoint says.")
@click.option("--jobs", type=int, default=None, help="Processes to verify in (default: CPUs).")
def audit_verify(dossier_id: int | None, full: bool, jobs: int | None) -> None:
    """Re-check every history chain and replay every history that moved since its checkpoint,
    or all with --full (X4); exit 1 naming each dossier that fails, with the event where it
    fails and why."""
    app = current_app._get_current_object()
    with app.extensions["workflow_db"].unit_of_work() as session:
        size = app.config.get("AUDIT_RANGE_SIZE", AUDIT_RANGE_SIZE)
        ranges, count = id_ranges(session, size, dossier_id)
    if dossier_id is not None and not count:
        raise click.ClickException(f"No dossier {dossier_id}.")
    report = RangeReport()
    with click.progressbar(length=count, label="Verifying", file=sys.stderr) as bar:
        for part in _range_reports(app, ranges, full, jobs or os.cpu_count() or 1):
            report.add(part)
            bar.update(part.checked)
    for result in sorted(report.failures, key=lambda failed: failed.dossier_id):
        click.echo(
            f"dossier {result.dossier_id}: broken at event {result.mismatch_at} ({result.reason})"
        )
    if report.failures:
        sys.exit(1)
    click.echo(
        f"{report.checked} dossier(s) verified: every history chain holds and every replay matches."
    )
    click.echo(
        f"{report.replayed} replayed, {report.checked - report.replayed} unchanged since their "
        "checkpoint (chain checked)."
    )


AUDIT_RANGE_SIZE = 200  # dossiers per unit of work handed to a process
_POOL_APP: Flask | None = None  # the app each audit process makes for itself
# What an audit process needs to make its own app: a freshly started process (spawn), never a
# fork of this one, whose other threads (a server, a mail worker) may hold locks at the fork.
_POOL_CONFIG = ("DATABASE_URL", "SECRET_KEY", "UPLOAD_DIR")


def _verify_one(app: Flask, first: int, last: int, full: bool) -> RangeReport:
    """One id range on this process's own connection; then its checkpoints are saved."""
    db, key = app.extensions["workflow_db"], str(app.config["SECRET_KEY"]).encode()
    with db.reading() as session:  # a replay reads; nothing it touched is kept
        report, rows = verify_range(
            service_context(session, None, app), first, last, full=full, key=key
        )
    with db.unit_of_work() as session:
        save_checkpoints(session, rows)
        forget_checkpoints(session, [failed.dossier_id for failed in report.failures])
    return report


def _init_audit_process(config: dict) -> None:
    global _POOL_APP
    from . import create_app

    _POOL_APP = create_app(config)


def _verify_in_process(job: tuple[int, int, bool]) -> RangeReport:
    return _verify_one(_POOL_APP, *job)


def _range_reports(app: Flask, ranges: list, full: bool, jobs: int):
    """Each range's report: in this process when one job (or a test's bound connection) is
    asked, else in `jobs` new processes, each with its own app and database connection."""
    if jobs <= 1 or len(ranges) < 2 or app.config.get("DATABASE_BIND") is not None:
        for first, last in ranges:
            yield _verify_one(app, first, last, full)
        return
    config = {name: app.config[name] for name in _POOL_CONFIG if name in app.config}
    context = multiprocessing.get_context("spawn")
    processes = min(jobs, len(ranges))
    with context.Pool(processes, initializer=_init_audit_process, initargs=(config,)) as pool:
        yield from pool.imap_unordered(_verify_in_process, [(*r, full) for r in ranges])


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
    from .worker import notifications_cli  # issue 18: the mail queue's worker and digest

    commands = (db_cli, models_cli, audit_cli, timers_cli, documents_cli, seed_demo_command)
    app.cli.add_command(notifications_cli)
    for command in commands:
        app.cli.add_command(command)
