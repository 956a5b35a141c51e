"""An API task completion, this tree against an earlier commit, measured in one run.

`python -m bench.against REV [ROUNDS]` checks REV out into a temporary git worktree, then
alternates fresh processes of the two trees (ROUNDS each, default 3) that each complete
SAMPLES tasks at Sở GDĐT's appraisal over the API on a SQLite file, and records the median
wall and CPU milliseconds per completion and the load average, in the `against` section of
docs/benchmarks.md. Alternating keeps the shared machine's noise on both sides alike.

With `--postgres` (issue 15) the same completions run on PostgreSQL
(WORKFLOW_BENCH_DATABASE_URL, default the local server; databases `..._before` and
`..._after`, recreated), and the database backend's CPU time is recorded beside the app's,
in the `against_postgres` section.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from .__main__ import OUTPUT, _wrapped

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = 200
SAMPLES_POSTGRES = int(os.environ.get("WORKFLOW_BENCH_AGAINST_SAMPLES", "100"))

# Runs inside one tree: only the API helpers every version of bench/task_completion.py has.
PROBE = r"""
import json, statistics, sys, tempfile, time
from pathlib import Path
from bench import task_completion as tc

samples = int(sys.argv[1])
with tempfile.TemporaryDirectory() as tmp:
    call = tc._Caller(tc._api_client(Path(tmp)))
    task_ids = [tc._dossier_at_appraisal(call) for _ in range(samples)]
    wall, cpu = [], []
    for task_id in task_ids:
        began_wall, began_cpu = time.perf_counter(), time.process_time()
        call("POST", f"/tasks/{task_id}/complete", "hcm-sgd", json={"data": tc.APPROVE})
        cpu.append(time.process_time() - began_cpu)
        wall.append(time.perf_counter() - began_wall)
print(json.dumps({"wall_ms": statistics.median(wall) * 1000,
                  "cpu_ms": statistics.median(cpu) * 1000}))
"""


# The same completions on PostgreSQL (issue 15), with the CPU the database's own backend
# process spent on them (read from /proc: the server runs on this machine).
PROBE_POSTGRES = r"""
import json, os, statistics, sys, tempfile, time
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool
from bench import task_completion as tc
from bench.seeded import seeded_app
from workflow_app.persistence import migrate

samples, url = int(sys.argv[1]), sys.argv[2]
migrate.recreate_postgres_database(url)
app = seeded_app(url, tempfile.mkdtemp(), tc.CLOCK)
call = tc._Caller(app.test_client())
task_ids = [tc._dossier_at_appraisal(call) for _ in range(samples + 5)]
meter = create_engine(url, poolclass=NullPool)
asked = text("SELECT pid FROM pg_stat_activity WHERE datname = :name "
             "AND backend_type = 'client backend' AND pid <> pg_backend_pid()")

def server_cpu():
    with meter.connect() as connection:
        pids = connection.execute(asked, {"name": url.rsplit("/", 1)[1]}).scalars().all()
    ticks = 0
    for pid in pids:
        try:
            fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")

for task_id in task_ids[:5]:  # warm: specs parsed, statements prepared
    call("POST", f"/tasks/{task_id}/complete", "hcm-sgd", json={"data": tc.APPROVE})
wall, cpu = [], []
began_server, began_app = server_cpu(), time.process_time()
for task_id in task_ids[5:]:
    began_wall, began_cpu = time.perf_counter(), time.process_time()
    call("POST", f"/tasks/{task_id}/complete", "hcm-sgd", json={"data": tc.APPROVE})
    cpu.append(time.process_time() - began_cpu)
    wall.append(time.perf_counter() - began_wall)
app_ms = (time.process_time() - began_app) / samples * 1000
server_ms = (server_cpu() - began_server) / samples * 1000
meter.dispose()
app.extensions["workflow_db"].engine.dispose()
print(json.dumps({"wall_ms": statistics.median(wall) * 1000,
                  "cpu_ms": statistics.median(cpu) * 1000,
                  "app_cpu_ms": app_ms, "db_cpu_ms": server_ms}))
"""
POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/workflow_bench_against"


def _probe(tree: Path, postgres_url: str | None = None) -> dict:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    command = [sys.executable, "-c", PROBE, str(SAMPLES)]
    if postgres_url:
        command = [sys.executable, "-c", PROBE_POSTGRES, str(SAMPLES_POSTGRES), postgres_url]
    done = subprocess.run(
        command,
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure(rev: str, rounds: int, postgres_url: str | None = None) -> dict[str, list[dict]]:
    results: dict[str, list[dict]] = {"before": [], "after": []}
    with tempfile.TemporaryDirectory() as tmp:
        before = Path(tmp) / "before"
        subprocess.run(
            ["git", "worktree", "add", "--detach", str(before), rev],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        try:
            for _ in range(rounds):
                url = postgres_url and f"{postgres_url}_before"
                results["before"].append(_probe(before, url) | {"load": os.getloadavg()[0]})
                url = postgres_url and f"{postgres_url}_after"
                results["after"].append(_probe(ROOT, url) | {"load": os.getloadavg()[0]})
        finally:
            subprocess.run(
                ["git", "worktree", "remove", "--force", str(before)],
                cwd=ROOT,
                check=True,
                capture_output=True,
            )
    return results


def section(rev: str, label: str, results: dict[str, list[dict]]) -> str:
    def row(name: str, runs: list[dict]) -> str:
        walls = " / ".join(f"{r['wall_ms']:.2f}" for r in runs)
        cpus = " / ".join(f"{r['cpu_ms']:.2f}" for r in runs)
        wall = statistics.median(r["wall_ms"] for r in runs)
        cpu = statistics.median(r["cpu_ms"] for r in runs)
        return f"| {name} | {walls} (**{wall:.2f}**) | {cpus} (**{cpu:.2f}**) |"

    loads = [r["load"] for runs in results.values() for r in runs]
    return "\n".join(
        [
            f"## Completing a task over the API: this tree against `{label}`",
            "",
            f"`python -m bench.against {rev}`: fresh processes of each tree, alternated, "
            f"{SAMPLES} completions each (SQLite). Medians per completion; the median of the "
            f"runs in bold. 1-minute load average during the runs: {min(loads):.2f} to "
            f"{max(loads):.2f} on 2 cores.",
            "",
            "| tree | wall ms per run | CPU ms per run |",
            "|---|---|---|",
            row(f"`{label}` (before)", results["before"]),
            row("this tree (after)", results["after"]),
            "",
        ]
    )


def section_postgres(rev: str, label: str, results: dict[str, list[dict]]) -> str:
    def row(name: str, runs: list[dict]) -> str:
        cells = []
        for key in ("wall_ms", "app_cpu_ms", "db_cpu_ms"):
            values = " / ".join(f"{r[key]:.2f}" for r in runs)
            cells.append(f"{values} (**{statistics.median(r[key] for r in runs):.2f}**)")
        both = statistics.median(r["app_cpu_ms"] + r["db_cpu_ms"] for r in runs)
        return f"| {name} | {' | '.join(cells)} | **{both:.2f}** |"

    loads = [r["load"] for runs in results.values() for r in runs]
    return "\n".join(
        [
            f"## Completing a task over the API on PostgreSQL: this tree against `{label}`",
            "",
            f"`python -m bench.against {rev} ROUNDS --postgres`: fresh processes of each tree, "
            f"alternated, {SAMPLES_POSTGRES} completions each on a fresh PostgreSQL database "
            "(local "
            "server). Wall: median per completion. CPU: the app process's CPU time per "
            "completion (mean over the run, Flask test client included) and the database "
            "backend's, read from /proc; the median of the runs in bold. 1-minute load "
            f"average during the runs: {min(loads):.2f} to {max(loads):.2f} on 2 cores.",
            "",
            "| tree | wall ms per run | app CPU ms per run | database CPU ms per run "
            "| app + database CPU ms |",
            "|---|---|---|---|---|",
            row(f"`{label}` (before)", results["before"]),
            row("this tree (after)", results["after"]),
            "",
        ]
    )


def _write_section(name: str, body: str) -> None:
    text = OUTPUT.read_text(encoding="utf-8")
    marker, closing = f"<!-- bench:{name} -->", f"<!-- /bench:{name} -->\n"
    if marker in text:
        start, end = text.index(marker), text.index(closing) + len(closing)
        text = text[:start] + _wrapped(name, body) + text[end:]
    else:
        text = text.rstrip() + "\n\n" + _wrapped(name, body)
    OUTPUT.write_text(text, encoding="utf-8")


def main(argv: list[str]) -> None:
    postgres = "--postgres" in argv
    argv = [arg for arg in argv if arg != "--postgres"]
    rev = argv[0] if argv else "HEAD~1"
    rounds = int(argv[1]) if len(argv) > 1 else 3
    label = subprocess.run(
        ["git", "log", "-1", "--format=%h %s", rev],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()[:70]
    if postgres:
        url = os.environ.get("WORKFLOW_BENCH_DATABASE_URL", POSTGRES_URL)
        name, body = "against_postgres", section_postgres(rev, label, measure(rev, rounds, url))
    else:
        name, body = "against", section(rev, label, measure(rev, rounds))
    _write_section(name, body)
    print(body)


if __name__ == "__main__":
    main(sys.argv[1:])
