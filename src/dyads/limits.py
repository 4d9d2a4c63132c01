"""Resource limits on one document, with their defaults, and the time budget mechanism.

Size limits are checked before anything is parsed: :data:`MAX_BYTES` when an input is read
(:mod:`dyads.ingest.sources`), :data:`MAX_CHARS` before the pipeline runs
(:func:`dyads.process.check_document`). :data:`DEFAULT_TIME_BUDGET` bounds what is left:
:func:`time_limit` interrupts one document's analysis when it runs too long.

Two mechanisms enforce the time budget, chosen by where the work runs:

- in a process's main thread on a POSIX system (``dyads analyze``, its worker processes),
  a real-time interval timer (``setitimer``) whose SIGALRM handler raises
  :class:`BudgetExpired`; any previously armed timer and handler are restored afterwards;
- in any other thread (a Dask worker's task thread, a web server's request thread), a
  watchdog timer thread that raises :class:`BudgetExpired` asynchronously in the working
  thread (``PyThreadState_SetAsyncExc``).

Both interrupt Python code at the next bytecode, which is where every dyads stage and the
Python parts of spaCy run. A native call that never returns to Python is not interrupted
(the signal variant still interrupts blocking system calls and the ``re`` engine, which
polls for signals); the work stops as soon as it is back in Python.
"""

from __future__ import annotations

import ctypes
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

#: Files (and JSON lines) above this many bytes are rejected before being read whole.
MAX_BYTES = 20_000_000

#: Texts longer than this are rejected before parsing (spaCy's own default limit).
MAX_CHARS = 1_000_000

#: Seconds one document's analysis may take. A long news article (10,000 words) takes
#: 2-5 s on one core; this bounds pathological inputs without touching real ones.
DEFAULT_TIME_BUDGET = 60.0


class BudgetExpired(BaseException):
    """Raised inside work that ran past its time budget.

    A BaseException, like KeyboardInterrupt, so ``except Exception`` clauses inside the
    interrupted code cannot swallow it; callers catch it by name around the budgeted work.
    """


def _alarm_usable() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Run the ``with`` body under a time budget; raise :class:`BudgetExpired` when it runs out.

    ``seconds`` of None or <= 0 means no budget (the body runs unguarded).
    """
    if seconds is None or seconds <= 0:
        yield
    elif _alarm_usable():
        with _alarm(seconds):
            yield
    else:
        with _watchdog(seconds):
            yield


def _on_alarm(signum: int, frame: FrameType | None) -> None:
    raise BudgetExpired()


@contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    started = time.monotonic()
    previous_handler = signal.signal(signal.SIGALRM, _on_alarm)
    previous_delay, previous_interval = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous_handler)
        if previous_delay > 0:
            # Someone else's timer (e.g. a test timeout) was armed: re-arm what is left of it,
            # firing at once if it would have gone off meanwhile.
            left = previous_delay - (time.monotonic() - started)
            signal.setitimer(signal.ITIMER_REAL, max(left, 1e-6), previous_interval)


_set_async_exc = ctypes.pythonapi.PyThreadState_SetAsyncExc


@contextmanager
def _watchdog(seconds: float) -> Iterator[None]:
    thread_id = threading.get_ident()
    lock = threading.Lock()
    state = {"done": False, "fired": False}

    def fire() -> None:
        with lock:
            if state["done"]:
                return
            state["fired"] = True
            _set_async_exc(ctypes.c_ulong(thread_id), ctypes.py_object(BudgetExpired))

    timer = threading.Timer(seconds, fire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        with lock:
            state["done"] = True
            fired = state["fired"]
        if fired:
            # The exception may still be pending if the body finished just as the timer fired;
            # clear it so it cannot surface later in unrelated code.
            _set_async_exc(ctypes.c_ulong(thread_id), None)
