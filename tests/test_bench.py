"""The benchmark: the corpus generator is deterministic and shaped like news, and the harness runs end to end."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import re
import sys
import time
from pathlib import Path
from types import ModuleType

import pytest
import yaml

BENCH = Path(__file__).resolve().parent.parent / "bench"


def _load(name: str) -> ModuleType:
    if name in sys.modules:
        return sys.modules[name]
    sys.path.insert(0, str(BENCH))
    spec = importlib.util.spec_from_file_location(name, BENCH / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


make_corpus = _load("make_corpus")
run = _load("run")


PINNED_CORPUS_DIGEST = "ce7d0090eced8aa287133fff9e184c5ad1e3783fbe4803e4304031e3aa1f4d5b"


def _tree(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_a_small_corpus_is_the_start_of_a_larger_one(tmp_path: Path) -> None:
    for fmt in make_corpus.FORMATS:
        make_corpus.write_corpus(5, tmp_path / "small" / fmt, (fmt,))
        make_corpus.write_corpus(12, tmp_path / "large" / fmt, (fmt,))
        small, large = _tree(tmp_path / "small" / fmt), _tree(tmp_path / "large" / fmt)
        assert len(small) == 5 and len(large) == 12
        assert small == {name: large[name] for name in small}


def test_the_corpus_is_the_same_on_every_machine(tmp_path: Path) -> None:
    # Pinned: a change here means benchmark figures before and after are not comparable.
    make_corpus.write_corpus(20, tmp_path, ("warta", "hugo", "pelican"))
    digest = hashlib.sha256()
    for path in sorted(tmp_path.rglob("*.*")):
        digest.update(path.relative_to(tmp_path).as_posix().encode() + b"\0" + path.read_bytes())
    assert digest.hexdigest() == PINNED_CORPUS_DIGEST



def test_articles_have_news_length_and_content() -> None:
    articles = [make_corpus.make_article(i) for i in range(60)]
    for a in articles:
        body = sum(len(p.encode("utf-8")) for p in a.paragraphs)
        assert 4_000 <= body <= 6_900, (a.index, body)  # 4-6 KB, a wire paragraph may push a little past
        assert 1 <= len(a.themes) <= 3
        assert any(word in a.paragraphs[0] + a.paragraphs[1]
                   for theme in a.themes for word in make_corpus.words()["themes"][theme])
    text = "\n".join(p for a in articles for p in a.paragraphs)
    months = "|".join(make_corpus.words()["months"])
    assert re.search(rf"\b\d{{1,2}} (?:{months}) 20\d\d\b", text)  # 19 Juni 2024
    assert re.search(r"\b[A-Z][a-z]+ \(\d{1,2}/\d{1,2}/20\d\d\)", text)  # Rabu (19/6/2024)
    assert re.search(rf"\b(?:{months}) 20\d\d\b", text)  # September 2023
    assert re.search(r"\b\d{1,3}\.\d{3}\b", text) and re.search(r"\d+,\d persen", text)  # numbers, not dates
    wire = [p for a in articles for p in a.paragraphs]
    assert len(wire) - len(set(wire)) >= 5  # wire copy: the same passage in several articles


def test_weekday_names_match_the_dates() -> None:
    import datetime as dt

    assert make_corpus.id_dayname_date(dt.date(2024, 6, 19)) == "Rabu (19/6/2024)"
    assert make_corpus.id_date(dt.date(2024, 6, 19)) == "19 Juni 2024"


def test_each_format_carries_its_metadata_and_boilerplate() -> None:
    a = make_corpus.make_article(3)
    scrape = make_corpus.render_scrape(a)
    lines = scrape.splitlines()
    assert a.title in lines[:5]
    assert "Iklan 1" in lines and "Konten artikel" in lines
    assert any(re.match(r"(READ|Baca juga:|BACA JUGA:|Artikel terkait:) ", line) for line in lines)
    assert lines[-1] in make_corpus.words()["scrape"]["closers"]
    assert all(p in scrape for p in a.paragraphs[1:])

    md = make_corpus.render_md(a)
    front = yaml.safe_load(md.split("---\n")[1])
    assert front["title"] == a.title and front["outlet"] == a.outlet
    assert str(front["date"]) == a.date.strftime("%Y-%m-%d") and tuple(front["tags"]) == a.themes

    hugo = yaml.safe_load(make_corpus.render_hugo(a).split("---\n")[1])
    assert hugo["slug"] == a.slug and tuple(hugo["tags"]) == a.themes

    pelican = make_corpus.render_pelican(a).splitlines()
    assert pelican[:5] == [f"Title: {a.title}", f"Date: {a.date:%Y-%m-%d %H:%M}", f"Tags: {', '.join(a.themes)}",
                           f"Category: {a.section}", f"Slug: {a.slug}"]


def test_warta_gets_four_scrapes_to_one_markdown() -> None:
    names = [make_corpus.file_name(i, "warta") for i in range(100)]
    assert sum(n.endswith(".txt") for n in names) == 80 and sum(n.endswith(".md") for n in names) == 20


def test_an_edit_changes_one_paragraph_only() -> None:
    a = make_corpus.make_article(7)
    b = make_corpus.edited(a, "Kalimat tambahan.")
    assert a.paragraphs[:-1] == b.paragraphs[:-1] and b.paragraphs[-1].endswith("Kalimat tambahan.")


def test_a_missing_peer_is_reported_not_fatal(tmp_path: Path, capsys: object) -> None:
    code = run.main(["--sizes", "5", "--runs", "1", "--out", str(tmp_path), "--only", "hugo",
                     "--hugo", str(tmp_path / "no-such-hugo")])
    assert code == 0
    report = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert f"hugo: not installed (looked in {tmp_path / 'no-such-hugo'}" in report
    results = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    assert results["samples"] == [] and results["tools"][0]["available"] is False


def test_the_harness_builds_every_tool_at_n_5(tmp_path: Path) -> None:
    code = run.main(["--sizes", "5", "--runs", "1", "--out", str(tmp_path)])
    report = (tmp_path / "report.md").read_text(encoding="utf-8")
    results = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    assert f"wrote to: {tmp_path}" in report
    tools = {t["name"]: t for t in results["tools"]}
    for name, tool in tools.items():
        done = {(s["phase"], s["exit"]) for s in results["samples"] if s["tool"] == name}
        if tool["available"]:
            assert done == {("cold", 0), ("nochange", 0), ("edit", 0)}, (name, done)
            cold = next(s for s in results["samples"] if s["tool"] == name and s["phase"] == "cold")
            assert cold["files"] >= 5 and cold["wall_s"] > 0 and cold["cpu_s"] > 0 and cold["peak_mb"] > 1
            assert re.search(rf"^\| 5 \| {name} \| [\d.]+ \([\d.]+\) \|", report, re.M)
        else:
            assert name != "warta"
            assert done == set()
            assert f"- {name}: not installed" in report
    assert code == 0
    assert "| cold full build, warta / Hugo wall (N=10,000) | – | ≤ 2.5 | not measured |" in report
    cold = next(s for s in results["samples"] if s["tool"] == "warta" and s["phase"] == "cold")
    assert re.fullmatch(r"the build \d+ MB( \+ [^,]+ \d+ MB( \(\d+ processes\))?)*, at [\d.]+ s of [\d.]+",
                        cold["peak_at"]), cold["peak_at"]
    assert f"| 5 | warta | 1 | {cold['tree_mb']:.0f} | {cold['peak_at']} |" in report


def test_the_snapshot_of_warta_is_compiled_as_an_installed_package_is(tmp_path: Path) -> None:
    tool = run.snapshot_warta(run.find_warta(None), tmp_path)
    home = tmp_path / "warta-snapshot"
    compiled = {p.name.split(".")[0] for p in (home / "src" / "warta" / "__pycache__").glob("*.pyc")}
    assert compiled == {p.stem for p in (home / "src" / "warta").glob("*.py")}
    assert tool.command[-1] == str(home / "build.py")


def test_the_memory_sampler_waits_longer_after_a_slow_sample(monkeypatch: pytest.MonkeyPatch) -> None:
    """A sample that walks big page tables is slow: the sampler then waits at least nine times as long,
    so it never keeps a core busy beside the build it measures (it slowed warta's by 18% when it did)."""
    taken: list[float] = []

    def slow(pid: int) -> list[tuple[str, int]]:
        taken.append(time.perf_counter())
        time.sleep(0.03)
        return [("build", 1024), ("worker", 1024 * (len(taken) - 1))]

    monkeypatch.setattr(run, "_tree_pss", slow)
    sampler = run._TreeMemory(os.getpid())
    sampler.start()
    time.sleep(1.2)
    sampler.stop()
    gaps = [b - a for a, b in zip(taken, taken[1:], strict=False)]
    assert 2 <= len(taken) <= 6, taken  # every 0.05 s regardless would have taken 15
    assert min(gaps) >= 0.03 + 9 * 0.03 * 0.9
    assert sampler.peak_kb == 1024 * len(taken)
    assert sampler.peak_parts == [("build", 1024), ("worker", 1024 * (len(taken) - 1))]  # the last sample's
    assert 0.3 < sampler.peak_seconds < 1.2


def test_the_peak_is_told_by_process() -> None:
    """Each process of the tree by name, the build's own first; children of one name summed and counted."""
    parts = [("python", 972 * 1024), ("pagefind", 300 * 1024), ("python", 50 * 1024), ("pagefind", 36 * 1024)]
    assert run.composition(parts, 59.31, 73.62) == (
        "the build 972 MB + pagefind 336 MB (2 processes) + python 50 MB, at 59.3 s of 73.6")
    assert run.composition([("hugo", 987 * 1024)], 8.0, 9.0) == "the build 987 MB, at 8.0 s of 9.0"
    assert run.composition([], 0.0, 1.0) == ""


def test_the_tree_is_read_from_proc_with_the_root_first() -> None:
    """The sampler's reading of the real process table: this process first, then a child it started."""
    import subprocess

    child = subprocess.Popen(["sleep", "5"])
    try:
        deadline = time.monotonic() + 5
        parts = run._tree_pss(os.getpid())
        while "sleep" not in {name for name, _ in parts} and time.monotonic() < deadline:
            time.sleep(0.01)  # until the child has become sleep
            parts = run._tree_pss(os.getpid())
    finally:
        child.kill()
        child.wait()
    own = Path(f"/proc/{os.getpid()}/comm").read_text(encoding="utf-8").strip()
    assert parts[0][0] == own and parts[0][1] > 1000  # kB: the test process holds some megabytes
    assert ("sleep", parts[-1][1]) in parts[1:]
