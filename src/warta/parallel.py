"""Per-item work spread over forked worker processes, its results handed back in the items' order.

The work is a function of an item's index. Workers are forked, so they inherit whatever the function
reads (documents, tables, the lexicon) and only indices go to them; only results come back. Results
stream: each is yielded as soon as every earlier one has been, and the workers run at most a few spans
ahead of the first result not yet yielded, so a run holds a bounded number of results however long it
is. A worker that dies (killed, out of memory, a bug) stops the run with a WartaError that says so:
never a hang.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import traceback
from collections import deque
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import TypeVar

from warta.errors import WartaError

T = TypeVar("T")
U = TypeVar("U")

_IN_FLIGHT = 2  # spans queued per worker, so none waits for the parent between two spans
_SPANS_PER_WORKER = 8  # at least this many spans per worker, so the last ones finish close together
_SPAN_MAX = 8  # items per span at most: results flow back (and progress moves) steadily
# Spans handed out and not yet yielded, per job, at most: room for a job to go on while another is on a
# slow span, and a bound on the results held (an in-order stream buffers what finished out of order).
_AHEAD = 8


def usable_cpus() -> int:
    """The CPUs this process may run on (its affinity mask, which containers and ``taskset`` narrow)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def can_fork() -> bool:
    """Whether workers can be forked here (Linux; elsewhere fork is missing or unsafe, and work stays serial)."""
    return "fork" in multiprocessing.get_all_start_methods() and os.uname().sysname == "Linux"


def worth_forking(jobs: int, items: int, least: int) -> bool:
    """Whether work on ``items`` items goes to forked workers: ``jobs`` processes allowed (0: every usable
    CPU) are more than one, there are at least ``least`` items (below it forking costs more than it
    saves), and workers can be forked here."""
    return (jobs or usable_cpus()) > 1 and items >= least and can_fork()


def ordered(work: Callable[[int], T], count: int, jobs: int, here: int = 0, *,
            join_in: bool = False) -> Generator[T, None, None]:
    """``work(0)``, ..., ``work(count - 1)`` computed by up to ``jobs`` forked processes, yielded in order.

    The first ``here`` items are computed in this process before any fork, so that whatever they load
    lazily (compiled patterns, language profiles) is loaded once and shared, not once per worker.
    The others go out in spans of consecutive indices, in order; each result is yielded as soon as every
    earlier one has been, and no more than :func:`most_held` results are held at once (sent for and not
    yet yielded). ``work`` should turn expected failures into results: an exception it raises ends its
    worker (the traceback goes to stderr) and the run with a WartaError. Closing the generator (or
    dropping it) ends the workers.

    With ``join_in`` this process is one of the ``jobs``: it forks one worker fewer and computes spans
    too, between taking the workers' answers. Each worker's memory grows by a copy of every
    page of shared objects the work reads (reading an object writes its reference count); this
    process reads its own.
    """
    here = min(here, count)
    for index in range(here):
        yield work(index)
    if here == count:
        return
    jobs = max(1, jobs)
    size = _span_size(count - here, jobs)
    spans = [range(start, min(start + size, count)) for start in range(here, count, size)]
    workers: list[_Worker] = []
    # Objects that exist before the fork are shared with the workers until written to; frozen, the
    # collector leaves them alone, so a worker's collections neither copy those pages nor walk them.
    # A caller that froze its own objects first keeps them frozen after the run.
    frozen_before = gc.get_freeze_count() > 0
    gc.freeze()
    try:
        context = multiprocessing.get_context("fork")
        for _ in range(min(jobs - join_in, len(spans))):
            task_in, task_out = context.Pipe(duplex=False)
            answer_in, answer_out = _roomy(*context.Pipe(duplex=False))
            process = context.Process(target=_serve, args=(work, task_in, answer_out), daemon=True)
            process.start()
            task_in.close()
            answer_out.close()
            workers.append(_Worker(process, task_out, answer_in))
        yield from _collect(workers, spans, _AHEAD * jobs, work if join_in else None)
    finally:
        if not frozen_before:
            gc.unfreeze()
        _stop(workers)


def beside(away: Callable[[], T], here: Callable[[], U], what: str) -> tuple[T, U]:
    """``away()`` computed by a forked worker while this process computes ``here()``: both results.

    The worker inherits what ``away`` reads; only its result comes back, pickled. An exception ``away``
    raises in the worker is raised here as one process raises it: the worker says it failed, and this
    process calls ``away`` itself. A worker that dies without answering (killed, out of memory) ends the
    call, once ``here`` is done, with a WartaError that names ``what`` it was doing: never a hang. An
    exception ``here`` raises ends the worker.
    """
    frozen_before = gc.get_freeze_count() > 0
    gc.freeze()  # as in ordered: the worker neither copies nor walks the objects both share
    context = multiprocessing.get_context("fork")
    answer_in, answer_out = _roomy(*context.Pipe(duplex=False))
    process = context.Process(target=_serve_once, args=(away, answer_out), daemon=True)
    answered = False
    try:
        process.start()
        answer_out.close()
        mine = here()
        ready = wait([answer_in, process.sentinel])
        if answer_in not in ready and not answer_in.poll():
            raise _ended(process, f" while {what}")
        try:
            failed, result = answer_in.recv()
        except (EOFError, OSError):
            raise _ended(process, f" while {what}") from None
        answered = True
        return (away() if failed else result), mine
    finally:
        if not frozen_before:
            gc.unfreeze()
        if process.pid is not None:
            process.join(0.5 if answered else 0)  # having answered, it ends at once
            if process.is_alive():
                process.terminate()
                process.join()
        answer_out.close()
        answer_in.close()


def away(produce: Callable[[Callable[[T], None]], None], what: str) -> Iterator[T]:
    """The items ``produce(send)`` sends, made in a forked process, yielded here in the order sent.

    The process ends once ``produce`` returns, and this generator returns only once it has ended: all the
    memory it used goes back to the system with it (a process that lets go of what it made keeps much of
    it in its heap). Items are pickled and sent in batches (:data:`_BATCH_BYTES`), while this process takes
    the ones before. An exception ``produce`` raises is raised here (with its traceback from the process,
    as a note); a process that dies without saying so (killed, out of memory) ends the run with a
    WartaError that names ``what`` it was doing: never a hang. Ending this generator early ends the process.
    """
    context = multiprocessing.get_context("fork")
    reader, writer = _roomy(*context.Pipe(duplex=False))
    process = context.Process(target=_produce, args=(produce, writer), name="warta-away")
    try:
        process.start()
        writer.close()
        while True:
            try:
                kind, body = reader.recv()
            except (EOFError, OSError):
                raise _ended(process, f" while {what}") from None
            if kind == "items":
                yield from body
            elif kind == "failed":
                raise body
            else:
                break
        process.join()
    finally:
        if process.pid is not None and process.is_alive():
            process.terminate()
            process.join()
        writer.close()
        reader.close()


_BATCH_BYTES = 1 << 18  # what a forked process (away) sends at once, about: 64 pages of 4 KB


def _produce(produce: Callable[[Callable[[T], None]], None], out: Connection) -> None:
    """The process of :func:`away`: ``produce``'s items in batches, then ("end", None), or ("failed", error)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it ends this process
    batch: list[T] = []
    size = 0

    def send(item: T) -> None:
        nonlocal size
        batch.append(item)
        size += _size(item)
        if size >= _BATCH_BYTES:
            out.send(("items", batch[:]))
            batch.clear()
            size = 0

    try:
        produce(send)
        if batch:
            out.send(("items", batch[:]))
        out.send(("end", None))
    except BaseException as exc:  # noqa: BLE001 - raised again in the parent
        exc.add_note("in the forked process:\n" + "".join(traceback.format_exception(exc)).rstrip())
        try:
            out.send(("failed", exc))
        except Exception:  # noqa: BLE001 - an exception that cannot be pickled: said as a WartaError
            out.send(("failed", WartaError(f"{type(exc).__name__}: {exc}")))


def _size(item: object) -> int:
    """About how many bytes ``item`` is pickled to: the bytes of the file it is, or a few hundred; one that
    is ``urgent`` counts as a whole batch, so it goes at once."""
    if getattr(item, "urgent", False):
        return _BATCH_BYTES
    data = item if isinstance(item, bytes) else getattr(item, "data", None)
    return len(data) if isinstance(data, bytes) else 256


def from_both_ends(work: Callable[[int], T], count: int, what: str) -> list[T]:
    """``[work(0), ..., work(count - 1)]``: this process works up from the first item while a forked worker
    works down from the last, until they meet.

    Each process works on one run of consecutive items, which suits work that memoises what neighbours
    share, and the two finish together however the cost is spread over the items (at most an item is
    done twice, by both). Only the worker's results come back, in one answer. As :func:`beside`: an
    exception ``work`` raises is raised here as one process raises it (this process does the worker's
    items again), a worker that dies ends the call with a WartaError.
    """
    # ends[0]: the items below it are done here; ends[1]: those from it on are done by the worker. Each
    # process writes one and reads the other (an aligned 8-byte integer: read and written whole).
    ends = multiprocessing.get_context("fork").RawArray("q", [0, count])

    def down() -> tuple[int, list[T]]:
        out: list[T] = []
        at = count
        while at > ends[0]:
            out.append(work(at - 1))
            at -= 1
            ends[1] = at
        out.reverse()
        return at, out

    def up() -> list[T]:
        out: list[T] = []
        while len(out) < ends[1]:
            out.append(work(len(out)))
            ends[0] = len(out)
        return out

    (met, theirs), mine = beside(down, up, what)
    return mine + theirs[len(mine) - met:]


def _serve_once(away: Callable[[], T], answer: Connection) -> None:
    """A worker of :func:`beside`: it answers ``(False, away())``, or ``(True, None)`` when ``away`` raised."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it ends the worker
    gc.enable()  # as in _serve
    try:
        result = away()
    except Exception:  # noqa: BLE001 - the parent calls away() again, to raise it as one process does
        answer.send((True, None))
        return
    answer.send((False, result))


def most_held(count: int, jobs: int) -> int:
    """The most results of ``count`` items that :func:`ordered` holds at once with ``jobs`` jobs."""
    return _span_size(count, jobs) * _AHEAD * max(1, jobs)


def _span_size(count: int, jobs: int) -> int:
    return max(1, min(_SPAN_MAX, count // (max(1, jobs) * _SPANS_PER_WORKER)))


@dataclass
class _Worker:
    process: BaseProcess
    tasks: Connection  # spans out
    answers: Connection  # their results back
    pending: deque[int] = field(default_factory=deque)  # indices of the spans sent and not yet answered


def _collect(workers: list[_Worker], spans: list[range], ahead: int,
             local: Callable[[int], T] | None) -> Generator[T, None, None]:
    """Hand out spans, at most ``ahead`` of them past the next one to yield, and yield their items in order.

    With ``local``, this process takes the next span not handed out whenever it has none, and works on it
    an item at a time, taking the workers' answers in between: a worker whose answer is not taken waits.
    Otherwise the next span to yield is always sent and unanswered when this waits, so the wait ends:
    with its answer, or with its worker's end.
    """
    done: dict[int, list[T]] = {}
    sent = emitted = 0
    mine: list[T] = []  # the results of this process's span so far
    mine_at: int | None = None  # the index of that span
    while emitted < len(spans):
        limit = min(len(spans), emitted + ahead)
        for worker in workers:
            while len(worker.pending) < _IN_FLIGHT and sent < limit:
                try:
                    worker.tasks.send((spans[sent].start, spans[sent].stop))
                except OSError:  # the worker is gone
                    raise _died(worker, spans) from None
                worker.pending.append(sent)
                sent += 1
        if local is not None and mine_at is None and sent < limit:
            mine_at = sent
            sent += 1
        busy = [w for w in workers if w.pending]
        ready = wait([w.answers for w in busy] + [w.process.sentinel for w in busy],
                     0 if mine_at is not None else None)
        for worker in busy:
            if worker.answers in ready or worker.answers.poll():
                try:
                    answer: list[T] = worker.answers.recv()
                except (EOFError, OSError):
                    raise _died(worker, spans) from None
                done[worker.pending.popleft()] = answer
            elif worker.process.sentinel in ready:
                raise _died(worker, spans)
        if local is not None and mine_at is not None:
            mine.append(local(spans[mine_at][len(mine)]))
            if len(mine) == len(spans[mine_at]):
                done[mine_at], mine, mine_at = mine, [], None
        while emitted in done:
            yield from done.pop(emitted)
            emitted += 1


def _died(worker: _Worker, spans: list[range]) -> WartaError:
    first = spans[worker.pending[0]] if worker.pending else None
    items = f" while on items {first.start + 1}-{first.stop} of {spans[-1].stop}" if first is not None else ""
    return _ended(worker.process, items)


def _ended(process: BaseProcess, doing: str) -> WartaError:
    """The error that says how a worker ended, and what it was ``doing`` (" while ...", or "")."""
    process.join(1)
    code = process.exitcode
    if code is not None and code < 0:
        how = f"was killed by {_signal_name(-code)}"
        if -code == signal.SIGKILL:
            how += " (out of memory?)"
    elif code is not None:
        how = f"stopped with exit code {code}" + (" (its traceback is above)" if code == 1 else "")
    else:
        how = "stopped answering"
    return WartaError(f"a worker process {how}{doing}; --jobs 1 does the work in a single process")


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
                worker.tasks.send(None)
            except OSError:
                pass
    for worker in workers:
        worker.process.join(0.5 if not worker.pending else 0)
        if worker.process.is_alive():
            worker.process.terminate()
            worker.process.join()
        worker.tasks.close()
        worker.answers.close()


def _roomy(reader: Connection, writer: Connection) -> tuple[Connection, Connection]:
    """The pipe with room for several spans' results (1 MiB, Linux's most for any user; 64 KiB by
    default), so that a worker goes on while this process is busy and does not take its answer."""
    import fcntl  # here, not at the top: Unix only, and workers are forked on Linux only

    if hasattr(fcntl, "F_SETPIPE_SZ"):
        try:
            fcntl.fcntl(writer.fileno(), fcntl.F_SETPIPE_SZ, _PIPE_BYTES)
        except OSError:  # a lower limit (/proc/sys/fs/pipe-max-size): the default room will do
            pass
    return reader, writer


_PIPE_BYTES = 1 << 20


def _serve(work: Callable[[int], T], tasks: Connection, answers: Connection) -> None:
    """A worker: answer each span with its results, until told to stop or the parent goes away."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it ends the workers
    gc.enable()  # a worker collects its garbage, even when its parent had paused the collector to fork it
    while True:
        try:
            span = tasks.recv()
        except EOFError:
            return
        if span is None:
            return
        answers.send([work(i) for i in range(*span)])
