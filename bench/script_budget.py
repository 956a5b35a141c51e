"""What the script budget costs a normal step: CPU-time and memory budgets on versus off.

The step measured is the HCMC unit council's completion on a stored state
(`WorkflowEngine.complete`: load, the council tally script, two gateway conditions, save),
the step that evaluates the most model code in the chain. "Off" is the first release's
sandbox: RestrictedPython without operator guards, no timer, no memory cap. "Guards only"
adds the guarded `*`, `**`, `<<`, `+`, `%`, `pow`, `range`, `sum` and string methods. "Full
budget" adds, per evaluation, the SIGPROF timer and the RLIMIT_AS cap (main thread, as in
gunicorn's sync workers); "full budget, other thread" the watchdog that replaces the signal
outside the main thread (the threaded dev server). The last rows time one condition
evaluation, and a worst case for the guards: a script doing 100,000 multiplications.
"""

from __future__ import annotations

import contextlib
import statistics
import threading
import time
from pathlib import Path

from RestrictedPython.transformer import RestrictingNodeTransformer

from workflow_app.config import PROJECT_ROOT
from workflow_app.engine import scripting
from workflow_app.engine.engine import WorkflowEngine
from workflow_app.engine.specs import parse_model
from workflow_app.services.process_models import read_bundle

SAMPLES = 300
EVALUATIONS = 20_000
START = {"award_form": "bang-khen-ubnd", "round": "so-ket-2025", "nominee_kind": "individual"}
COUNCIL = {"meeting_date": "2025-04-20", "members_total": 9, "members_present": 9, "votes_for": 9}
CONDITION = "votes_for * 100 >= min_approval_percent * members_total"
ARITHMETIC = "total = 0\nfor i in range(100000):\n    total = total + i * 3"


@contextlib.contextmanager
def _variant(name: str):
    """Switch the sandbox to one variant for the block (the compile cache is cleared)."""
    policy, spending = scripting.BudgetedTransformer, scripting.spending
    if name in ("off",):
        scripting.BudgetedTransformer = RestrictingNodeTransformer
    if name in ("off", "guards only"):
        scripting.spending = lambda limits: contextlib.nullcontext()
    scripting._compile.cache_clear()
    try:
        yield
    finally:
        scripting.BudgetedTransformer, scripting.spending = policy, spending
        scripting._compile.cache_clear()


def _stored_councils(engine, model) -> list[tuple[str, str]]:
    """Stored states waiting at the unit council, with that task's id."""
    councils = []
    for _ in range(SAMPLES):
        step = engine.start(model, START)
        councils.append((step.state, step.ready_tasks[0].spiff_id))
    return councils


def _step_ms(engine, model, councils) -> float:
    timings = []
    for state, task_id in councils:
        began = time.perf_counter()
        engine.complete(model, state, task_id, COUNCIL)
        timings.append(time.perf_counter() - began)
    return statistics.median(timings) * 1000


def _evaluation_us(environment) -> float:
    data = {"votes_for": 7, "min_approval_percent": 75, "members_total": 9}
    began = time.perf_counter()
    for _ in range(EVALUATIONS):
        environment.evaluate(CONDITION, data)
    return (time.perf_counter() - began) / EVALUATIONS * 1e6


def _arithmetic_ms(environment) -> float:
    began = time.perf_counter()
    environment.execute(ARITHMETIC, {})
    return (time.perf_counter() - began) * 1000


def _in_thread(work):
    result = {}
    thread = threading.Thread(target=lambda: result.setdefault("value", work()))
    thread.start()
    thread.join()
    return result["value"]


def measure() -> dict[str, tuple[float, float, float]]:
    """Per variant: (step ms, evaluation µs, arithmetic script ms)."""
    bundle = read_bundle(Path(PROJECT_ROOT), "hcm")
    engine, model = WorkflowEngine(), parse_model(bundle.files, bundle.process_id)
    results = {}
    for name in ("off", "guards only", "full budget", "full budget, other thread"):
        with _variant(name):
            councils = _stored_councils(engine, model)
            environment = scripting.RestrictedEnvironment()

            def work(councils=councils, environment=environment):
                return (
                    _step_ms(engine, model, councils),
                    _evaluation_us(environment),
                    _arithmetic_ms(environment),
                )

            results[name] = _in_thread(work) if name.endswith("other thread") else work()
    return results


def run() -> str:
    """Measure and return the Markdown section for docs/benchmarks.md."""
    results = measure()
    off_step = results["off"][0]
    rows = [
        f"| {name} | {step:.2f} | {100 * (step / off_step - 1):+.0f}% | {evaluation:.1f} "
        f"| {arithmetic:.1f} |"
        for name, (step, evaluation, arithmetic) in results.items()
    ]
    return "\n".join(
        [
            "## Script budget: a normal step with the budget on versus off",
            "",
            __doc__.strip(),
            "",
            f"{SAMPLES} council completions per variant (median); {EVALUATIONS:,} condition "
            "evaluations (mean).",
            "",
            "| variant | council step (ms) | vs off | one condition (µs) "
            "| 100,000 multiplications (ms) |",
            "|---|---|---|---|---|",
            *rows,
            "",
        ]
    )


if __name__ == "__main__":
    print(run())
