"""Per-item work spread over forked worker processes, its results handed back in the items' order.

The work is a function of an item's index. Workers are forked, so they inherit whatever the function
reads (documents, tables, the lexicon) and only indices go to them; only results come back. A worker
that dies (killed, out of memory, a bug) stops the run with a WartaError that says so: never a hang.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import TypeVar

from warta.errors import WartaError

T = TypeVar("T")

_IN_FLIGHT = 2  # spans queued per worker, so none waits for the parent between two spans
_SPANS_PER_WORKER = 8  # at least this many spans per worker, so the last ones finish close together
_SPAN_MAX = 8  # items per span at most: results flow back (and progress moves) steadily


def usable_cpus() -> int:
    """The CPUs this process may run on (its affinity mask, which containers and ``taskset`` narrow)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def can_fork() -> bool:
    """Whether workers can be forked here (Linux; elsewhere fork is missing or unsafe, and work stays serial)."""
    return "fork" in multiprocessing.get_all_start_methods() and os.uname().sysname == "Linux"


def ordered(work: Callable[[int], T], count: int, jobs: int, here: int = 0) -> Iterator[T]:
    """``work(0)``, ..., ``work(count - 1)`` computed by up to ``jobs`` forked processes, yielded in order.

    The first ``here`` items are computed in this process before any fork, so that whatever they load
    lazily (compiled patterns, language profiles) is loaded once and shared, not once per worker.
    The others go out in spans of consecutive indices; each result is yielded as soon as every earlier
    one has been. ``work`` should turn expected failures into results: an exception it raises ends its
    worker (the traceback goes to stderr) and the run with a WartaError.
    """
    here = min(here, count)
    for index in range(here):
        yield work(index)
    if here == count:
        return
    size = max(1, min(_SPAN_MAX, (count - here) // (max(1, jobs) * _SPANS_PER_WORKER)))
    spans = [range(start, min(start + size, count)) for start in range(here, count, size)]
    workers: list[_Worker] = []
    # Objects that exist before the fork are shared with the workers until written to; frozen, the
    # collector leaves them alone, so a worker's collections neither copy those pages nor walk them.
    # A caller that froze its own objects first keeps them frozen after the run.
    frozen_before = gc.get_freeze_count() > 0
    gc.freeze()
    try:
        context = multiprocessing.get_context("fork")
        for _ in range(min(jobs, len(spans))):
            mine, theirs = context.Pipe()
            process = context.Process(target=_serve, args=(work, theirs), daemon=True)
            process.start()
            theirs.close()
            workers.append(_Worker(process, mine))
        yield from _collect(workers, spans)
    finally:
        if not frozen_before:
            gc.unfreeze()
        _stop(workers)


@dataclass
class _Worker:
    process: BaseProcess
    connection: Connection
    pending: deque[int] = field(default_factory=deque)  # indices of the spans sent and not yet answered


def _collect(workers: list[_Worker], spans: list[range]) -> Iterator[T]:
    """Hand out spans, gather the answers and yield their items in order."""
    done: dict[int, list[T]] = {}
    sent = emitted = 0
    while emitted < len(spans):
        for worker in workers:
            while len(worker.pending) < _IN_FLIGHT and sent < len(spans):
                try:
                    worker.connection.send((spans[sent].start, spans[sent].stop))
                except OSError:  # the worker is gone
                    raise _died(worker, spans) from None
                worker.pending.append(sent)
                sent += 1
        busy = [w for w in workers if w.pending]
        ready = wait([w.connection for w in busy] + [w.process.sentinel for w in busy])
        for worker in busy:
            if worker.connection in ready or worker.connection.poll():
                try:
                    answer: list[T] = worker.connection.recv()
                except (EOFError, OSError):
                    raise _died(worker, spans) from None
                done[worker.pending.popleft()] = answer
            elif worker.process.sentinel in ready:
                raise _died(worker, spans)
        while emitted in done:
            yield from done.pop(emitted)
            emitted += 1


def _died(worker: _Worker, spans: list[range]) -> WartaError:
    worker.process.join(1)
    code = worker.process.exitcode
    if code is not None and code < 0:
        how = f"was killed by {_signal_name(-code)}"
        if -code == signal.SIGKILL:
            how += " (out of memory?)"
    elif code is not None:
        how = f"stopped with exit code {code}" + (" (its traceback is above)" if code == 1 else "")
    else:
        how = "stopped answering"
    first = spans[worker.pending[0]] if worker.pending else None
    items = f" while on items {first.start + 1}-{first.stop} of {spans[-1].stop}" if first is not None else ""
    return WartaError(f"a worker process {how}{items}; --jobs 1 does the work in a single process")


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def _stop(workers: list[_Worker]) -> None:
    """Let idle workers exit; end any still busy (the run failed or was abandoned)."""
    for worker in workers:
        if worker.process.is_alive() and not worker.pending:
            try:
                worker.connection.send(None)
            except OSError:
                pass
    for worker in workers:
        worker.process.join(0.5 if not worker.pending else 0)
        if worker.process.is_alive():
            worker.process.terminate()
            worker.process.join()
        worker.connection.close()


def _serve(work: Callable[[int], T], connection: Connection) -> None:
    """A worker: answer each span with its results, until told to stop or the parent goes away."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it ends the workers
    while True:
        try:
            span = connection.recv()
        except EOFError:
            return
        if span is None:
            return
        connection.send([work(i) for i in range(*span)])
