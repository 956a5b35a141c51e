"""The task queue (Huey) and its tasks: send an outbox mail, queue the daily digest, re-send
what a lost queue message left behind. `flask notifications worker` (or `huey_consumer
workflow_app.worker.huey`) runs the consumer; the app only enqueues, after its commit.

The queue is WORKFLOW_HUEY_URL: `redis://...` in production (several app nodes, one queue),
else a SQLite file in instance/ (`make run`)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import click
from flask import Flask, current_app, has_app_context
from flask.cli import AppGroup
from huey import RedisHuey, SqliteHuey, crontab

from .config import queue_url
from .runtime import app_now
from .services import notifications

log = logging.getLogger(__name__)
RETRIES = 5
RETRY_DELAY = 60  # seconds, doubled at each retry: 1, 2, 4, 8, 16 minutes
SWEEP_AFTER = timedelta(minutes=10)


def make_huey(url: str):
    """Redis for a URL that says so, else SQLite at the URL's path. No results are kept: the
    outbox row says what became of each mail."""
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisHuey("workflow", url=url, results=False)
    path = Path(url.removeprefix("sqlite:///"))
    path.parent.mkdir(parents=True, exist_ok=True)
    queue = SqliteHuey("workflow", filename=str(path), results=False)
    queue.storage.close()  # reopened on first use: no SQLite handle crosses gunicorn's fork
    return queue


huey = make_huey(queue_url())
_bound: list[Flask] = []


def bind_app(app: Flask | None) -> None:
    """The app whose database the tasks use (tests; the consumer makes its own)."""
    _bound[:] = [app] if app is not None else []


def _app() -> Flask:
    if _bound:
        return _bound[0]
    if has_app_context():
        return current_app._get_current_object()
    from . import create_app

    bind_app(create_app())
    return _bound[0]


def smtp_settings(app: Flask) -> notifications.SmtpSettings:
    config = app.config
    return notifications.SmtpSettings(
        host=config["MAIL_SMTP_HOST"],
        port=config["MAIL_SMTP_PORT"],
        user=config["MAIL_SMTP_USER"],
        password=config["MAIL_SMTP_PASSWORD"],
        starttls=config["MAIL_SMTP_STARTTLS"],
        sender=config["MAIL_FROM"],
        base_url=config["MAIL_BASE_URL"],
        timezone=config["WEB_TIMEZONE"],
    )


def _unit_of_work(app: Flask):
    @contextmanager
    def unit_of_work() -> Iterator:
        with app.extensions["workflow_db"].unit_of_work() as session:
            yield session

    return unit_of_work


@huey.task(retries=RETRIES, retry_delay=RETRY_DELAY, retry_backoff=2)
def send_mail(mail_id: int) -> str:
    """Send one outbox row; an SMTP failure raises, so Huey retries it later."""
    app = _app()
    with app.app_context():
        return notifications.send_outbox_mail(
            _unit_of_work(app), smtp_settings(app), mail_id, app_now(app)
        )


@huey.periodic_task(crontab(hour="0", minute="30"))  # 07:30 in Hà Nội (the queue runs in UTC)
def daily_digest() -> int:
    return queue_digest(_app())


@huey.periodic_task(crontab(minute="*/10"))
def sweep_outbox() -> int:
    """Enqueue again the rows whose queue message was lost; sending them stays at-most-once.
    (Rows are stamped with the real clock when queued, so the sweep reads the real clock.)"""
    app = _app()
    with app.app_context(), app.extensions["workflow_db"].reading() as session:
        ids = notifications.queued_ids(
            session, datetime.now(UTC).replace(tzinfo=None) - SWEEP_AFTER
        )
    enqueue_mails(app, ids, force=True)
    return len(ids)


def queue_digest(app: Flask) -> int:
    """Queue today's digests (in one transaction); their mails go when it commits."""
    with app.app_context(), app.extensions["workflow_db"].unit_of_work() as session:
        return notifications.queue_digests(session, app_now(app))


def enqueue_mails(app: Flask, ids: list[int], force: bool = False) -> None:
    """After a commit: one queue message per new outbox row. Tests leave rows queued unless
    they ask for the queue (MAIL_QUEUE_IN_TESTS); a queue that is down loses nothing, the
    sweep finds the rows later."""
    if app.testing and not (force or app.config.get("MAIL_QUEUE_IN_TESTS")):
        return
    try:
        for mail_id in ids:
            send_mail(mail_id)
    except Exception:  # the step committed; its mail waits for the sweep
        log.exception("could not enqueue outbox mails %s", ids)


def install(app: Flask) -> None:
    """Queue notices with every step of this app's sessions and enqueue them at commit."""
    notifications.install(
        app.extensions["workflow_db"].session_factory, lambda ids: enqueue_mails(app, ids)
    )


notifications_cli = AppGroup("notifications", help="Mail notices (issue 18).")


@notifications_cli.command("worker")
@click.option("--workers", default=2, show_default=True, help="Threads sending mail.")
def worker_command(workers: int) -> None:
    """Run the queue's consumer: send queued mail, the daily digest, the sweep."""
    bind_app(current_app._get_current_object())
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    huey.create_consumer(workers=workers, worker_type="thread", periodic=True).run()


@notifications_cli.command("digest")
def digest_command() -> None:
    """Queue today's digest of due and overdue tasks now (once per user and day)."""
    click.echo(f"queued {queue_digest(current_app._get_current_object())} digest(s)")


@notifications_cli.command("send-queued")
def send_queued_command() -> None:
    """Send every queued mail now, in this process (no worker needed)."""
    app = current_app._get_current_object()
    with app.extensions["workflow_db"].reading() as session:
        ids = notifications.queued_ids(session)
    for mail_id in ids:
        try:
            click.echo(f"mail {mail_id}: {send_mail.call_local(mail_id)}")
        except notifications.MailNotSent as error:
            click.echo(f"mail {mail_id}: not sent ({error})")
