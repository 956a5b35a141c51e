"""CPU-time and memory budgets for BPMN scripts, gateway conditions and DMN expressions.

A model's Python runs inside a request, so a script that never ends, allocates gigabytes or
computes `10 ** 10 ** 7` must stop its own step, never the service. Three layers:

- guards (engine/guards.py) refuse, before they run, the single operations that would build
  an object over the memory budget or a number too big to compute in the CPU budget;
- a CPU timer: SIGPROF from `setitimer(ITIMER_PROF)` in the main thread (gunicorn's sync
  workers and the test client run requests there), else a watchdog thread that reads the
  thread's CPU clock and raises in it (the threaded development server);
- an address-space cap (RLIMIT_AS) while the code runs, only when the process has one thread:
  the limit is process-wide, and another thread's request must never feel it.

Going over raises BudgetSpent, a BaseException: a script's `except Exception` cannot swallow
it (bare `except:` and `finally` are refused when the script is checked).
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import resource
import signal
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass

CPU = "cpu"
MEMORY = "memory"
_REPEAT_SECONDS = 0.05  # how often a late script is stopped again (and the watchdog looks)


@dataclass(frozen=True)
class ScriptLimits:
    """The budget of one script or expression evaluation (WORKFLOW_SCRIPT_* settings)."""

    cpu_seconds: float = 1.0
    memory_mb: int = 256

    @property
    def memory_bytes(self) -> int:
        return self.memory_mb * 1024 * 1024

    def describe(self, resource_name: str) -> str:
        """The limit as the refusal names it: `1 s CPU` or `256 MB`."""
        if resource_name == CPU:
            return f"{self.cpu_seconds:g} s CPU"
        return f"{self.memory_mb} MB"


class BudgetSpent(BaseException):  # noqa: N818 - a signal to unwind, not an error to catch
    """A script went over its budget; unwinds the script past any `except Exception`."""

    def __init__(self, resource_name: str = CPU, limit: str = ""):
        super().__init__(f"script budget exceeded: {limit}")
        self.resource = resource_name
        self.limit = limit


class _SignalTimer:
    """CPU budget in the main thread: SIGPROF after `cpu_seconds` of process CPU time."""

    def __init__(self, limits: ScriptLimits):
        self.limits = limits
        self.armed = False

    def _expired(self, signum, frame) -> None:
        if self.armed:
            raise BudgetSpent(CPU, self.limits.describe(CPU))

    def __enter__(self):
        self.previous_handler = signal.signal(signal.SIGPROF, self._expired)
        self.armed = True
        self.previous_timer = signal.setitimer(
            signal.ITIMER_PROF, self.limits.cpu_seconds, _REPEAT_SECONDS
        )
        return self

    def __exit__(self, *exc_info) -> None:
        _settle(self._disarm)

    def _disarm(self) -> None:
        self.armed = False
        signal.setitimer(signal.ITIMER_PROF, *self.previous_timer)
        signal.signal(signal.SIGPROF, self.previous_handler)


def _settle(cleanup) -> None:
    """Run `cleanup` to its end even if a stop arrives as it starts (the block is over by
    then): a timer left running or a thread left watched would stop unrelated code later."""
    while True:
        try:
            cleanup()
            return
        except BudgetSpent:
            continue


class _Watchdog:
    """CPU budget in any other thread: one daemon thread for the process reads the CPU
    clock of each thread running a script and, past its deadline, raises BudgetSpent in that
    thread (PyThreadState_SetAsyncExc: delivered between two bytecodes, as a signal is)."""

    def __init__(self):
        self.lock = threading.Condition()
        self.watched: dict[int, tuple[int, float]] = {}  # thread id -> (CPU clock, deadline)
        self.thread: threading.Thread | None = None

    @contextlib.contextmanager
    def watching(self, limits: ScriptLimits) -> Iterator[None]:
        ident = threading.get_ident()
        clock = time.pthread_getcpuclockid(ident)
        with self.lock:
            self.watched[ident] = (clock, time.clock_gettime(clock) + limits.cpu_seconds)
            self._start()
            self.lock.notify()
        try:
            yield
        except BudgetSpent as spent:
            if spent.limit:
                raise
            raise BudgetSpent(CPU, limits.describe(CPU)) from None
        finally:
            _settle(lambda: self._forget(ident))

    def _forget(self, ident: int) -> None:
        with self.lock:
            self.watched.pop(ident, None)
            _raise_in(ident, None)  # withdraw a stop that came too late to matter

    def _start(self) -> None:
        if self.thread is None or not self.thread.is_alive():
            self.thread = threading.Thread(target=self._run, name="script-budget", daemon=True)
            self.thread.start()

    def _run(self) -> None:
        while True:
            time.sleep(_REPEAT_SECONDS)
            with self.lock:
                self.lock.wait_for(lambda: self.watched)  # idle while no script runs
                for ident, (clock, deadline) in list(self.watched.items()):
                    with contextlib.suppress(Exception):  # e.g. the thread just ended
                        if time.clock_gettime(clock) > deadline:
                            _raise_in(ident, BudgetSpent)


def _raise_in(ident: int, exception: type[BaseException] | None) -> None:
    """Have `exception` raised in thread `ident` at its next bytecode (None withdraws it)."""
    target = ctypes.py_object(exception) if exception is not None else None
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(ident), target)


_WATCHDOG = _Watchdog()


class _VirtualSize:
    """The process's virtual size, read from /proc/self/statm through a descriptor kept
    open (reopened after a fork: /proc/self named the parent when it was opened)."""

    def __init__(self):
        self.pid, self.fd = None, None
        self.page = os.sysconf("SC_PAGE_SIZE")

    def bytes(self) -> int | None:
        try:
            if self.pid != os.getpid():
                self.pid, self.fd = os.getpid(), os.open("/proc/self/statm", os.O_RDONLY)
            return int(os.pread(self.fd, 64, 0).split()[0]) * self.page
        except (OSError, ValueError, IndexError):
            return None  # no /proc here: no cap, the guards and the timer remain


_VIRTUAL_SIZE = _VirtualSize()


class _AddressSpaceCap:
    """Let the process grow by at most the memory budget while the code runs."""

    def __init__(self, limits: ScriptLimits):
        self.limits = limits
        self.previous = None

    def __enter__(self):
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        used = _VIRTUAL_SIZE.bytes()
        if used is None:
            return self
        cap = used + self.limits.memory_bytes
        if hard != resource.RLIM_INFINITY:
            cap = min(cap, hard)
        if soft == resource.RLIM_INFINITY or soft > cap:
            self.previous = (soft, hard)
            resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
        return self

    def __exit__(self, *exc_info) -> None:
        if self.previous is not None:
            resource.setrlimit(resource.RLIMIT_AS, self.previous)


def _only_thread() -> bool:
    """Is the main thread the only one that runs requests (the watchdog aside)?"""
    others = [t for t in threading.enumerate() if t is not _WATCHDOG.thread]
    return others == [threading.main_thread()]


class spending:  # noqa: N801 - used as a function: `with spending(limits):`
    """Run the block within `limits`; BudgetSpent when it goes over (MemoryError included)."""

    def __init__(self, limits: ScriptLimits):
        self.limits = limits
        in_main = threading.current_thread() is threading.main_thread()
        self.timer = _SignalTimer(limits) if in_main else _WATCHDOG.watching(limits)
        self.cap = _AddressSpaceCap(limits) if in_main and _only_thread() else None

    def __enter__(self):
        if self.cap is not None:
            self.cap.__enter__()  # before the timer: no stop can interrupt setting it
        try:
            self.timer.__enter__()
        except BaseException:
            if self.cap is not None:
                self.cap.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, kind, error, traceback) -> None:
        try:
            self.timer.__exit__(kind, error, traceback)  # first: no stop arrives after it
        finally:
            if self.cap is not None:
                self.cap.__exit__(kind, error, traceback)
        if kind is not None and issubclass(kind, MemoryError):
            raise BudgetSpent(MEMORY, self.limits.describe(MEMORY)) from None
