"""Code that runs inside the separate app processes of the race tests (spawned, not forked)."""

from __future__ import annotations

import tempfile
import threading
import time
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm.exc import StaleDataError

from workflow_app import create_app
from workflow_app.domain.errors import Conflict
from workflow_app.domain.quota import QuotaFull
from workflow_app.persistence.models import User
from workflow_app.services.accounts import actor_for
from workflow_app.services.context import ServiceContext
from workflow_app.services.deadlines import fire_due_deadlines
from workflow_app.services.selection.sittings import SittingInput, hold_sitting
from workflow_app.services.tasks import complete_task

APPROVE = {"decision": "approve", "reason": ""}
_APP = None


def init_worker(url: str) -> None:
    """One app per process, as a real app server would have."""
    global _APP
    _APP = create_app({"DATABASE_URL": url, "SECRET_KEY": "race", "UPLOAD_DIR": tempfile.mkdtemp()})


@contextmanager
def _context(username: str | None, now: datetime):
    db = _APP.extensions["workflow_db"]
    with db.unit_of_work() as session:
        actor = None
        if username:
            actor = actor_for(session.scalar(select(User).where(User.username == username)))
        yield ServiceContext(
            session, actor, now, _APP.extensions["workflow_engine"], Path(_APP.config["UPLOAD_DIR"])
        )


def _complete(task_id: int, username: str, now: datetime) -> str:
    """One reviewer's approval: 'ok', 'full' (cap reached) or 'conflict' (someone was first)."""
    try:
        with _context(username, now) as ctx:
            complete_task(ctx, task_id, APPROVE)
        return "ok"
    except QuotaFull:
        return "full"
    except (Conflict, StaleDataError):
        return "conflict"
    except OperationalError as error:  # a database that gave up waiting would be a bug
        return f"error: {error}"


def _wait_until(start_at: float) -> None:
    time.sleep(max(0.0, start_at - time.time()))


def _all_at_once(action, jobs: list[tuple], start_at: float) -> list[str]:
    """Run `action(*job)` for each job from its own thread, all released at `start_at`."""
    results: list[str] = [""] * len(jobs)

    def run(index: int, *job) -> None:
        _wait_until(start_at)
        results[index] = action(*job)

    threads = [threading.Thread(target=run, args=(i, *job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def complete_concurrently(jobs: list[tuple[int, str]], now: datetime, start_at: float):
    """Complete each (task, user) from its own thread, all released at `start_at`."""
    return _all_at_once(lambda task_id, user: _complete(task_id, user, now), jobs, start_at)


def _sit(username: str, sitting: SittingInput, now: datetime) -> str:
    """One sitting confirmed: 'ok', or 'conflict' (another sitting decided first: its
    candidates no longer wait, or the cap has no room left)."""
    try:
        with _context(username, now) as ctx:
            hold_sitting(ctx, sitting)
        return "ok"
    except (Conflict, StaleDataError):
        return "conflict"
    except OperationalError as error:  # a database that gave up waiting would be a bug
        return f"error: {error}"


def sit_concurrently(jobs: list[tuple[str, SittingInput]], now: datetime, start_at: float):
    """Confirm each (user, sitting) from its own thread, all released at `start_at`."""
    return _all_at_once(lambda user, sitting: _sit(user, sitting, now), jobs, start_at)


def fire_deadlines(now: datetime, start_at: float) -> int:
    """One timer runner's pass over due deadlines."""
    _wait_until(start_at)
    return fire_due_deadlines(lambda: _context(None, now), now)


def complete_in_threads(chunks: list[list[tuple[int, str]]], now: datetime, start_at: float):
    """A benchmark's share for this process: one thread per chunk, completing its jobs in turn;
    (outcome, finish time) for every job."""
    results: list[tuple[str, float]] = []
    lock = threading.Lock()

    def run(chunk):
        _wait_until(start_at)
        for task_id, username in chunk:
            outcome = _complete(task_id, username, now)
            with lock:
                results.append((outcome, time.time()))

    threads = [threading.Thread(target=run, args=(chunk,)) for chunk in chunks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def warm_up(_: int) -> None:
    """Parse the model and open connections before the clock starts."""
    with _context(None, datetime(2026, 1, 1)) as ctx:
        ctx.session.execute(select(User.id)).first()
