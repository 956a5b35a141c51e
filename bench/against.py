"""An API task completion, this tree against an earlier commit, measured in one run.

`python -m bench.against REV [ROUNDS]` checks REV out into a temporary git worktree, then
alternates fresh processes of the two trees (ROUNDS each, default 3) that each complete
SAMPLES tasks at Sở GDĐT's appraisal over the API on a SQLite file, and records the median
wall and CPU milliseconds per completion and the load average, in the `against` section of
docs/benchmarks.md. Alternating keeps the shared machine's noise on both sides alike.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from .__main__ import OUTPUT, _previous_sections, _wrapped

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = 200

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


def _probe(tree: Path) -> dict:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(SAMPLES)],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure(rev: str, rounds: int) -> dict[str, list[dict]]:
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
                results["before"].append(_probe(before) | {"load": os.getloadavg()[0]})
                results["after"].append(_probe(ROOT) | {"load": os.getloadavg()[0]})
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


def main(argv: list[str]) -> None:
    rev = argv[0] if argv else "HEAD~1"
    rounds = int(argv[1]) if len(argv) > 1 else 3
    label = subprocess.run(
        ["git", "log", "-1", "--format=%h %s", rev],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()[:70]
    sections = _previous_sections()
    sections["against"] = section(rev, label, measure(rev, rounds))
    text = OUTPUT.read_text(encoding="utf-8")
    marker = "<!-- bench:against -->"
    if marker in text:
        start, end = text.index(marker), text.index("<!-- /bench:against -->\n") + 24
        text = text[:start] + _wrapped("against", sections["against"]) + text[end:]
    else:
        text = text.rstrip() + "\n\n" + _wrapped("against", sections["against"])
    OUTPUT.write_text(text, encoding="utf-8")
    print(sections["against"])


if __name__ == "__main__":
    main(sys.argv[1:])
