"""Run every benchmark and write docs/benchmarks.md."""

from __future__ import annotations

import platform
import sys
from datetime import UTC, datetime
from pathlib import Path

from . import task_completion

BENCHMARKS = {"task_completion": task_completion}
OUTPUT = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"


def main(names: list[str]) -> None:
    chosen = names or list(BENCHMARKS)
    sections = [BENCHMARKS[name].run() for name in chosen]
    header = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`python -m bench [name ...]`). "
        f"Last run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.node() or 'this machine'}: "
        f"Python {platform.python_version()}, {platform.machine()}, 2 cores.",
        "",
    ]
    OUTPUT.parent.mkdir(exist_ok=True)
    OUTPUT.write_text("\n".join(header + sections), encoding="utf-8")
    print(OUTPUT.read_text(encoding="utf-8"))


if __name__ == "__main__":
    main(sys.argv[1:])
