"""Reading articles in worker processes: the same analysis as in one process, in order, and no hang."""

from __future__ import annotations

import dataclasses
import gc
import multiprocessing
import os
import shutil
import signal
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import SEEDS, make_config
from warta import cli, manifest, parallel, pipeline
from warta.config import SiteConfig
from warta.errors import WartaError

pytestmark = pytest.mark.skipif(not parallel.can_fork(), reason="workers are forked only on Linux")


@pytest.fixture(autouse=True)
def deadline() -> Iterator[None]:
    """A hang fails the test after 60 s instead of stalling the suite."""
    def expire(signum: int, frame: object) -> None:
        raise TimeoutError("no answer within 60 s: the run hangs")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(60)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)
    assert multiprocessing.active_children() == [], "a worker process was left running"


def corpus(tmp_path: Path) -> SiteConfig:
    """The seeds, copies of them (so slugs collide), and bad files of three kinds."""
    folder = tmp_path / "articles"
    shutil.copytree(SEEDS, folder)
    seeds = sorted(SEEDS.iterdir())
    for n, seed in enumerate(seeds[:3]):
        shutil.copy(seed, folder / f"copy_{n}.txt")
    (folder / "0_empty.txt").write_bytes(b"")  # extraction fails: no text
    (folder / "0_binary.txt").write_bytes(b"\x00\x01binary" * 50)  # reading fails: NUL bytes
    (folder / "themed.md").write_text("---\ntitle: Banjir di Jakarta\nthemes: [no-such-theme]\n---\n\n"
                                      "Banjir merendam ratusan rumah di Jakarta Timur pada Selasa pagi.\n",
                                      encoding="utf-8")
    return make_config(tmp_path, folder, cache_dir=str(tmp_path / "cache"))


def spy(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Record the ``jobs`` of every parallel run."""
    runs: list[int] = []
    real = parallel.ordered

    def recording(work: Callable[[int], Any], count: int, jobs: int, here: int = 0, *, join_in: bool = False
                  ) -> Iterator[Any]:
        runs.append(jobs)
        return real(work, count, jobs, here, join_in=join_in)

    monkeypatch.setattr(parallel, "ordered", recording)
    return runs


def test_two_workers_give_the_analysis_one_process_gives(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = corpus(tmp_path)
    serial = pipeline.analyse(dataclasses.replace(cfg, jobs=1))
    monkeypatch.setattr(pipeline, "_SERIAL_MAX", 1)
    runs = spy(monkeypatch)
    shared = pipeline.analyse(dataclasses.replace(cfg, jobs=2), store=True)
    assert runs == [2]
    assert shared == serial
    assert [str(p) for p in shared.problems] == [str(p) for p in serial.problems]
    errors = [str(p) for p in shared.problems if p.severity == "error"]
    assert errors == ["articles/0_binary.txt:1: binary file (it contains NUL bytes), not text",
                      "articles/0_empty.txt: no text: the file is empty"]
    assert any("unknown themes: no-such-theme" in str(p) for p in shared.problems)
    assert len({a.slug for a in shared.articles}) == len(shared.articles) == 9
    assert any(a.themes for a in shared.articles), "the workers tagged nothing"
    # The workers stored what they extracted: the next analysis finds it all but the two unusable files (an
    # error is never stored, so they are read again) and, with those two to read, forks nothing.
    monkeypatch.setattr(pipeline, "_SERIAL_MAX", 2)
    again = pipeline.analyse(dataclasses.replace(cfg, jobs=2), store=True)
    assert runs == [2] and again == serial


def test_few_articles_to_extract_are_read_in_this_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = dataclasses.replace(corpus(tmp_path), jobs=2)
    runs = spy(monkeypatch)
    monkeypatch.setattr(pipeline, "_SERIAL_MAX", 11)  # 11 files to read (the binary one too): not more than 11
    pipeline.analyse(cfg)
    assert runs == []
    monkeypatch.setattr(pipeline, "_SERIAL_MAX", 10)
    pipeline.analyse(cfg)
    assert runs == [2]
    monkeypatch.setattr(pipeline, "_SERIAL_MAX", 1)
    pipeline.analyse(dataclasses.replace(cfg, jobs=1))  # --jobs 1: never a worker
    assert runs == [2]
    pipeline.analyse(cfg, store=True)
    monkeypatch.setattr(pipeline, "_SERIAL_MAX", 2)
    pipeline.analyse(cfg)  # everything cached but the empty and the binary file: two to read, not more than 2
    assert runs == [2, 2]
    monkeypatch.setattr(pipeline, "_SERIAL_MAX", 1)
    pipeline.analyse(cfg)  # two to read, more than 1
    assert runs == [2, 2, 2]


def test_results_come_back_in_order_and_the_first_ones_from_this_process() -> None:
    def work(i: int) -> tuple[int, int]:
        time.sleep(0.001 * (i % 7))  # uneven, so spans finish out of order
        return i, os.getpid()

    results = list(parallel.ordered(work, 150, 2, here=3))
    assert [i for i, _ in results] == list(range(150))
    assert {pid for _, pid in results[:3]} == {os.getpid()}
    workers = {pid for _, pid in results[3:]}
    assert len(workers) == 2 and os.getpid() not in workers
    assert list(parallel.ordered(work, 0, 2)) == []
    assert [i for i, _ in parallel.ordered(work, 2, 4, here=5)] == [0, 1]
    assert [i for i, _ in parallel.ordered(work, 3, 8)] == [0, 1, 2]


def test_this_process_can_be_one_of_the_jobs() -> None:
    def work(i: int) -> tuple[int, int]:
        time.sleep(0.001 * (i % 7))
        return i, os.getpid()

    results = list(parallel.ordered(work, 300, 3, join_in=True))
    assert [i for i, _ in results] == list(range(300))
    pids = {pid for _, pid in results}
    assert os.getpid() in pids and len(pids) == 3  # this process and two workers
    alone = list(parallel.ordered(work, 50, 1, join_in=True))  # one job: no worker at all
    assert [i for i, _ in alone] == list(range(50)) and {pid for _, pid in alone} == {os.getpid()}


@pytest.mark.parametrize("join_in", [False, True])
def test_results_stream_and_the_workers_stay_a_bounded_number_ahead(join_in: bool) -> None:
    count = 2000
    done = multiprocessing.Value("i", 0)  # items worked on, counted by the forked workers

    def work(i: int) -> int:
        if i == 0:
            time.sleep(1)  # the first span is slow: the other job must not run on to the end meanwhile
        with done.get_lock():
            done.value += 1
        return i

    most = parallel.most_held(count, 2)
    assert 8 <= most < count // 10
    yielded = 0
    for i in parallel.ordered(work, count, 2, join_in=join_in):
        assert i == yielded
        yielded += 1
        assert done.value - yielded <= most
        if yielded == 1:
            assert done.value < count // 10, "the first result waited for the last"
    assert yielded == done.value == count


def kill_at_40(i: int) -> int:
    if i == 40:
        os.kill(os.getpid(), signal.SIGKILL)
    return i


def fail_at_40(i: int) -> int:
    if i == 40:
        raise ZeroDivisionError("a bug in the work")
    return i


@pytest.mark.parametrize(("work", "expected"), [
    (kill_at_40, r"a worker process was killed by SIGKILL \(out of memory\?\) while on items \d+-\d+ of 100"),
    (fail_at_40, r"a worker process stopped with exit code 1 \(its traceback is above\)"),
])
def test_a_worker_that_dies_stops_the_run_with_a_clear_error(work: Callable[[int], int], expected: str,
                                                             capfd: pytest.CaptureFixture[str]) -> None:
    started = time.perf_counter()
    seen: list[int] = []
    with pytest.raises(WartaError, match=expected) as caught:
        seen.extend(parallel.ordered(work, 100, 2))
    assert "--jobs 1" in str(caught.value)
    assert time.perf_counter() - started < 20
    assert seen == list(range(len(seen))) and len(seen) < 100


def test_a_worker_that_dies_while_this_process_works_too_stops_the_run(capfd: pytest.CaptureFixture[str]) -> None:
    parent = os.getpid()

    def work(i: int) -> int:
        if i >= 40 and os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)
        return i

    seen: list[int] = []
    with pytest.raises(WartaError, match=r"a worker process was killed by SIGKILL .* --jobs 1"):
        seen.extend(parallel.ordered(work, 1000, 2, join_in=True))
    assert seen == list(range(len(seen))) and len(seen) < 1000


def test_an_abandoned_run_ends_its_workers() -> None:
    run = parallel.ordered(lambda i: i, 1000, 2)
    assert next(run) == 0
    run.close()
    assert multiprocessing.active_children() == []


def test_jobs_on_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = cli.parser().parse_args(["build", "--root", str(tmp_path), "--jobs", "3"])
    assert cli._config(args).jobs == 3
    assert cli._config(cli.parser().parse_args(["check", "--root", str(tmp_path)])).jobs == 0
    for bad in ("0", "-1", "two"):
        with pytest.raises(SystemExit) as stopped:
            cli.parser().parse_args(["build", "--jobs", bad])
        assert stopped.value.code == cli.EXIT_USAGE
    assert "--jobs/-j: must be a whole number of at least 1, not 'two'" in capsys.readouterr().err
    assert 1 <= parallel.usable_cpus() <= (os.cpu_count() or 1)


def test_the_number_of_jobs_does_not_make_a_build_out_of_date(tmp_path: Path) -> None:
    cfg = make_config(tmp_path, SEEDS)
    assert manifest.fingerprint(dataclasses.replace(cfg, jobs=1)) == manifest.fingerprint(cfg)
    assert manifest.fingerprint(dataclasses.replace(cfg, page_size=cfg.page_size + 1)) != manifest.fingerprint(cfg)


def test_workers_collect_garbage_even_when_the_parent_paused_the_collector() -> None:
    gc.disable()
    try:
        results = list(parallel.ordered(lambda i: (i, os.getpid(), gc.isenabled()), 40, 2, here=2))
    finally:
        gc.enable()
    assert [enabled for _, pid, enabled in results if pid == os.getpid()] == [False, False]
    assert all(enabled for _, pid, enabled in results if pid != os.getpid()) and len(results) == 40


def test_beside_gives_both_results() -> None:
    parent = os.getpid()
    away, here = parallel.beside(lambda: (os.getpid(), [1, 2, 3]), lambda: os.getpid(), "counting")
    assert here == parent and away[0] != parent and away[1] == [1, 2, 3]


def test_an_exception_in_the_worker_beside_is_raised_here_as_one_process_raises_it() -> None:
    calls: list[int] = []

    def away() -> int:
        calls.append(os.getpid())  # in the worker: not seen here
        raise ZeroDivisionError("a bug in the work")

    with pytest.raises(ZeroDivisionError, match="a bug in the work"):
        parallel.beside(away, lambda: 1, "dividing")
    assert calls == [os.getpid()]  # called again here, to raise it


def test_a_worker_beside_that_dies_stops_the_call_with_a_clear_error() -> None:
    started = time.perf_counter()
    with pytest.raises(WartaError, match=r"a worker process was killed by SIGKILL \(out of memory\?\) while "
                                         r"counting; --jobs 1 does the work in a single process"):
        parallel.beside(lambda: os.kill(os.getpid(), signal.SIGKILL), lambda: time.sleep(0.2), "counting")
    assert time.perf_counter() - started < 20


def test_an_exception_here_ends_the_worker_beside() -> None:
    def here() -> None:
        raise KeyError("here")

    with pytest.raises(KeyError):
        parallel.beside(lambda: time.sleep(30), here, "sleeping")
    # the deadline fixture checks that no worker is left running


@pytest.mark.parametrize("count", [0, 1, 2, 3, 50, 1000])
def test_from_both_ends_gives_every_item_in_order(count: int) -> None:
    parent = os.getpid()

    def work(i: int) -> tuple[int, bool]:
        time.sleep(0.002 if i < count // 4 else 0.0005)  # uneven costs: the two meet where the time splits
        return i, os.getpid() == parent

    results = parallel.from_both_ends(work, count, "counting")
    assert [i for i, _ in results] == list(range(count))
    if count == 1000:
        here = [mine for _, mine in results]
        assert here[0] and not here[-1] and here == sorted(here, reverse=True)  # one run each, this process's first


def test_an_exception_in_the_worker_from_the_other_end_is_raised_here() -> None:
    parent = os.getpid()

    def work(i: int) -> int:
        time.sleep(0.001)
        if os.getpid() != parent:
            raise ZeroDivisionError("a bug in the work, in the worker only")
        return i

    # the worker failed, its items are done here again: a failure in the worker alone gives all the items
    assert parallel.from_both_ends(work, 1000, "counting") == list(range(1000))

    def always(i: int) -> int:
        if i == 990:
            raise ZeroDivisionError("a bug in the work")
        return i

    with pytest.raises(ZeroDivisionError, match="a bug in the work"):
        parallel.from_both_ends(always, 1000, "counting")


def test_a_worker_from_the_other_end_that_dies_stops_the_call_with_a_clear_error() -> None:
    parent = os.getpid()

    def work(i: int) -> int:
        time.sleep(0.001)
        if os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)
        return i

    with pytest.raises(WartaError, match=r"killed by SIGKILL \(out of memory\?\) while counting; --jobs 1"):
        parallel.from_both_ends(work, 1000, "counting")


def test_away_yields_what_a_forked_process_sends_in_order_and_it_has_ended() -> None:
    def produce(send: Callable[[Any], None]) -> None:
        for i in range(300):
            send((i, os.getpid(), b"x" * (i * 40)))  # several batches (parallel._BATCH_BYTES)

    got = []
    for item in parallel.away(produce, "counting"):
        got.append(item)
    assert [i for i, _, _ in got] == list(range(300)) and got[299][2] == b"x" * 11960
    assert {pid for _, pid, _ in got} != {os.getpid()} and len({pid for _, pid, _ in got}) == 1
    assert multiprocessing.active_children() == []  # it has ended once the last item is taken


def test_away_raises_the_error_of_the_process_with_its_place_and_traceback() -> None:
    def produce(send: Callable[[Any], None]) -> None:
        send(1)
        raise WartaError("no room", "site/_site", 3)

    got: list[Any] = []
    with pytest.raises(WartaError) as caught:
        got.extend(parallel.away(produce, "building"))
    assert got == [] or got == [1]
    assert str(caught.value) == "site/_site:3: no room"
    assert any("in the forked process" in note and "produce" in note for note in caught.value.__notes__)


def test_away_says_how_a_process_that_died_ended_and_an_abandoned_one_is_ended() -> None:
    def dying(send: Callable[[Any], None]) -> None:
        send(1)
        os._exit(3)

    with pytest.raises(WartaError, match="exit code 3 while building the site"):
        list(parallel.away(dying, "building the site"))

    def endless(send: Callable[[Any], None]) -> None:
        while True:
            send(b"y" * 100_000)

    items = parallel.away(endless, "sending")
    assert next(items) == b"y" * 100_000
    items.close()
    assert multiprocessing.active_children() == []


def test_an_error_pickled_keeps_its_place() -> None:
    import pickle

    error = pickle.loads(pickle.dumps(WartaError("bad", "a.txt", 4)))
    assert (type(error), error.message, error.path, error.line, str(error)) == (WartaError, "bad", "a.txt", 4,
                                                                               "a.txt:4: bad")
