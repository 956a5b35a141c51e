"""Task completions per second with 2 gunicorn workers on PostgreSQL, this tree against an
earlier commit, measured in one run (issue 15).

`python -m bench.throughput [REV] [N]` checks REV out into a temporary git worktree (as
`bench.against` does). For each tree, alternated: a fresh PostgreSQL database gets N + 20
dossiers waiting at Sở GDĐT's appraisal (through that tree's own API, in process), then
gunicorn serves that tree with 2 gthread workers (4 threads each, the deploy settings) and 8
client threads over keep-alive connections complete all N appraisals, 20 first as warm-up.
Recorded: completions per second, and the CPU time per completion of the two workers and of
the database's backends (from /proc: the server runs on this machine), so a busy machine
shows in the wall figures but not in the CPU ones. Needs PostgreSQL at
WORKFLOW_BENCH_DATABASE_URL (default the local server; databases `workflow_bench_rate_*`).
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .against import ROOT
from .against import _write_section as write_section

WARM = 20
CLIENTS = 8
DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/workflow_bench_rate"

# Runs inside one tree: only helpers every version of bench/ has.
PREPARE = r"""
import json, sys, tempfile
from bench import task_completion as tc
from bench.seeded import seeded_app
from workflow_app.persistence import migrate

count, url = int(sys.argv[1]), sys.argv[2]
migrate.recreate_postgres_database(url)
app = seeded_app(url, tempfile.mkdtemp(), tc.CLOCK)
call = tc._Caller(app.test_client())
ids = [tc._dossier_at_appraisal(call) for _ in range(count)]
login = {"username": "hcm-sgd", "password": "bench"}
token = app.test_client().post("/api/v1/tokens", json=login).json["token"]
app.extensions["workflow_db"].engine.dispose()
print(json.dumps({"task_ids": ids, "token": token}))
"""

WSGI = """
import os
from datetime import datetime
from workflow_app import create_app

CLOCK = datetime(2025, 5, 5, 8, 0)  # bench.task_completion's clock: inside so-ket-2025
app = create_app({"DATABASE_URL": os.environ["BENCH_URL"], "SECRET_KEY": "bench",
                  "DEMO_PASSWORD": "bench", "UPLOAD_DIR": os.environ["BENCH_UPLOADS"],
                  "CLOCK": lambda: CLOCK})
"""


def _cpu_seconds(pids: list[int]) -> float:
    ticks = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def _children(pid: int) -> list[int]:
    found = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [int(child) for child in found]


def _backends(database: str) -> list[int]:
    query = (
        "SELECT pid FROM pg_stat_activity WHERE backend_type = 'client backend' "
        f"AND datname = '{database}'"
    )
    done = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-Atc", query],
        capture_output=True,
        text=True,
        check=True,
    )
    return [int(line) for line in done.stdout.split()]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(port: int, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start")


def _complete_all(port: int, token: str, task_ids: list[int]) -> None:
    """CLIENTS threads, each over its own keep-alive connection."""
    body = json.dumps({"data": {"decision": "approve", "reason": ""}})
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}

    def worker(ids: list[int]) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        for task_id in ids:
            connection.request("POST", f"/api/v1/tasks/{task_id}/complete", body, headers)
            response = connection.getresponse()
            response.read()
            assert response.status == 200, (task_id, response.status)
        connection.close()

    with ThreadPoolExecutor(CLIENTS) as pool:
        list(pool.map(worker, [task_ids[i::CLIENTS] for i in range(CLIENTS)]))


def measure_tree(tree: Path, count: int, url: str) -> dict:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    prepared = subprocess.run(
        [sys.executable, "-c", PREPARE, str(count + WARM), url],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    ready = json.loads(prepared.stdout.strip().splitlines()[-1])
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "bench_wsgi.py").write_text(WSGI, encoding="utf-8")
        port = _free_port()
        server_env = {  # the tree's own code, never the installed checkout's
            **env,
            "PWD": str(tree),
            "PYTHONPATH": f"{tree}{os.pathsep}{tmp}",
            "BENCH_URL": url,
            "BENCH_UPLOADS": tmp,
        }
        gunicorn = Path(sys.executable).with_name("gunicorn")
        command = [str(gunicorn), "-w", "2", "-k", "gthread", "--threads", "4"]
        command += ["-b", f"127.0.0.1:{port}", "--chdir", str(tree), "bench_wsgi:app"]
        log = Path(tmp, "gunicorn.log").open("w", encoding="utf-8")
        server = subprocess.Popen(command, cwd=tree, env=server_env, stdout=log, stderr=log)
        try:
            _wait_for(port)
            ids = ready["task_ids"]
            _complete_all(port, ready["token"], ids[:WARM])
            workers, backends = _children(server.pid), _backends(url.rsplit("/", 1)[1])
            app_before, db_before = _cpu_seconds(workers), _cpu_seconds(backends)
            began = time.perf_counter()
            _complete_all(port, ready["token"], ids[WARM:])
            seconds = time.perf_counter() - began
            app_cpu = _cpu_seconds(workers) - app_before
            db_cpu = _cpu_seconds(_backends(url.rsplit("/", 1)[1])) - db_before
        except Exception:
            print(Path(tmp, "gunicorn.log").read_text(encoding="utf-8")[-3000:], file=sys.stderr)
            raise
        finally:
            server.terminate()
            server.wait(timeout=60)
            log.close()
    return {
        "rate": count / seconds,
        "seconds": seconds,
        "app_cpu_ms": app_cpu / count * 1000,
        "db_cpu_ms": db_cpu / count * 1000,
        "load": os.getloadavg()[0],
    }


def measure(rev: str, count: int, rounds: int) -> dict[str, list[dict]]:
    url = os.environ.get("WORKFLOW_BENCH_DATABASE_URL", DEFAULT_URL)
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
                results["before"].append(measure_tree(before, count, f"{url}_before"))
                results["after"].append(measure_tree(ROOT, count, f"{url}_after"))
        finally:
            subprocess.run(
                ["git", "worktree", "remove", "--force", str(before)],
                cwd=ROOT,
                check=True,
                capture_output=True,
            )
    return results


def section(rev: str, label: str, count: int, results: dict[str, list[dict]]) -> str:
    def row(name: str, runs: list[dict]) -> str:
        cells = [
            " / ".join(f"{r['rate']:.0f}" for r in runs),
            " / ".join(f"{r['app_cpu_ms']:.2f}" for r in runs),
            " / ".join(f"{r['db_cpu_ms']:.2f}" for r in runs),
            " / ".join(f"{r['app_cpu_ms'] + r['db_cpu_ms']:.2f}" for r in runs),
            " / ".join(f"{r['load']:.1f}" for r in runs),
        ]
        return f"| {name} | {' | '.join(cells)} |"

    return "\n".join(
        [
            f"## Completions per second: 2 gunicorn workers on PostgreSQL, against `{label}`",
            "",
            __doc__.strip(),
            "",
            f"`python -m bench.throughput {rev} {count}`: {count} completions per run.",
            "",
            "| tree | completions/s per run | workers' CPU ms per completion "
            "| database CPU ms per completion | both | 1-min load after |",
            "|---|---|---|---|---|---|",
            row(f"`{label}` (before)", results["before"]),
            row("this tree (after)", results["after"]),
            "",
        ]
    )


def main(argv: list[str]) -> None:
    rev = argv[0] if argv else "HEAD"
    count = int(argv[1]) if len(argv) > 1 else 200
    rounds = int(argv[2]) if len(argv) > 2 else 1
    label = subprocess.run(
        ["git", "log", "-1", "--format=%h %s", rev],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()[:70]
    body = section(rev, label, count, measure(rev, count, rounds))
    write_section("throughput", body)
    print(body)


if __name__ == "__main__":
    main(sys.argv[1:])
