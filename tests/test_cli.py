"""The command line as a user meets it: exit codes, messages, the summary, same input same bytes."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, project, run, tree


def warta(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "warta", *args], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PYTHONPATH": str(ROOT / "src")})


def test_a_bad_file_is_reported_and_the_rest_is_built(tmp_path: Path) -> None:
    root = project(tmp_path)
    (root / "seeds" / "rusak.md").write_text("---\ntitle: Rusak\ndate: 2024-02-30\n---\nIsi.\n", encoding="utf-8")
    (root / "seeds" / "biner.txt").write_bytes(b"\x00\x01\x02")
    result = run(root)
    assert result.returncode == 1, result.stderr
    assert "seeds/rusak.md:3: front matter: 'date' is '2024-02-30', which is not a calendar date" in result.stderr
    assert "seeds/biner.txt:1: binary file" in result.stderr
    assert "Traceback" not in result.stderr
    data = json.loads((root / "_site" / "data" / "articles.json").read_text(encoding="utf-8"))
    assert len(data["articles"]) == 5
    assert "warta build: 5 articles" in result.stdout and "2 errors" in result.stdout


def test_verbose_times_each_stage_in_wall_and_cpu_time(tmp_path: Path) -> None:
    """--verbose names each stage as it starts, after the wall and CPU time so far, then the end: a build
    (whose page digests are kept for the next), a rebuild after an edit, and one with nothing to build."""
    root = project(tmp_path)
    line = re.compile(r" *(\d+\.\d) s +(\d+\.\d) s CPU  (.+)")

    def stages(result: subprocess.CompletedProcess[str]) -> list[str]:
        assert result.returncode == 0, result.stderr
        found = [line.fullmatch(text) for text in result.stderr.splitlines()]
        assert all(found), result.stderr
        times = [(float(m.group(1)), float(m.group(2))) for m in found if m]
        assert [wall for wall, _ in times] == sorted(wall for wall, _ in times)
        assert [cpu for _, cpu in times] == sorted(cpu for _, cpu in times)
        return [m.group(3) for m in found if m]

    every = ["reading", "story", "plan", "page digests", "pages", "feeds and data files", "search index", "done"]
    assert stages(run(root, "--verbose")) == every
    first = sorted((root / "seeds").iterdir())[0]
    first.write_text(first.read_text(encoding="utf-8") + "\nSatu kalimat lagi.\n", encoding="utf-8")
    assert stages(run(root, "--verbose")) == every
    assert run(root, "--verbose").stderr == ""  # nothing to build: no stage


def test_strict_fails_on_warnings(tmp_path: Path) -> None:
    root = project(tmp_path)
    (root / "seeds" / ".tersembunyi.txt").write_text("Judul\n\nIsi.\n", encoding="utf-8")
    assert run(root).returncode == 0
    result = run(root, "--strict")
    assert result.returncode == 1 and "hidden file" in result.stderr


def test_configuration_errors_exit_2_with_the_place(tmp_path: Path) -> None:
    root = project(tmp_path)
    (root / "site.yaml").write_text("title: X\npage_sise: 3\n", encoding="utf-8")
    result = run(root)
    assert result.returncode == 2
    assert result.stderr.startswith("error: site.yaml:2: unknown key 'page_sise'; allowed keys are:")


def test_usage_errors_exit_2() -> None:
    assert warta("frobnicate").returncode == 2
    assert warta().returncode == 2


def test_version_and_help() -> None:
    from warta import __version__

    assert warta("--version").stdout.strip() == f"warta {__version__}"
    for command in ("build", "check", "serve"):
        result = warta(command, "--help")
        assert result.returncode == 0 and "Exit codes" in result.stdout and "--quiet" in result.stdout


def test_check_writes_nothing(tmp_path: Path) -> None:
    root = project(tmp_path)
    result = subprocess.run([sys.executable, "-m", "warta", "check", "--root", str(root)], capture_output=True,
                            text=True, env={**os.environ, "PYTHONPATH": str(ROOT / "src")}, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "warta check: 5 articles" in result.stdout
    assert not (root / "_site").exists()


@pytest.mark.parametrize("seeds", [("1", "C.UTF-8"), ("4242", "id_ID.UTF-8")])
def test_same_input_same_bytes_whatever_the_hash_seed(tmp_path: Path, seeds: tuple[str, str]) -> None:
    first = project(tmp_path / "a")
    second = project(tmp_path / "b")
    assert run(first, env={"PYTHONHASHSEED": "0"}).returncode == 0
    hash_seed, locale = seeds
    assert run(second, env={"PYTHONHASHSEED": hash_seed, "LC_ALL": locale, "TZ": "Asia/Jakarta"}).returncode == 0
    a, b = tree(first / "_site"), tree(second / "_site")
    assert a.keys() == b.keys()
    assert [name for name in a if a[name] != b[name]] == []
