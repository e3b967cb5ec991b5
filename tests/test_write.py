"""The writer: a staging folder swapped in whole, refusals of unsafe outputs, one build at a time."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from warta import write
from warta.errors import OutputError
from warta.model import OutputFile


def test_publish_writes_files_and_marker(tmp_path: Path) -> None:
    out = tmp_path / "_site"
    count = write.publish([OutputFile("index.html", b"<p>hi</p>"), OutputFile("a/b.json", b"{}")], None, out)
    assert count == 2
    assert (out / "index.html").read_bytes() == b"<p>hi</p>" and (out / "a" / "b.json").exists()
    assert (out / write.MARKER).exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["_site"]  # no staging folder left behind


def test_a_failing_build_leaves_the_previous_site_exactly_as_it_was(tmp_path: Path) -> None:
    out = tmp_path / "_site"
    write.publish([OutputFile("index.html", b"old")], None, out)

    def files() -> Iterator[OutputFile]:
        yield OutputFile("index.html", b"new")
        raise KeyboardInterrupt  # as if Ctrl-C arrived mid-build

    with pytest.raises(KeyboardInterrupt):
        write.publish(files(), None, out)
    assert (out / "index.html").read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["_site"]


@pytest.mark.parametrize("path", ["../escape.html", "/etc/passwd", "a/../../x", ".."])
def test_paths_cannot_leave_the_output_folder(tmp_path: Path, path: str) -> None:
    with pytest.raises(OutputError, match="outside the output folder"):
        write.publish([OutputFile(path, b"x")], None, tmp_path / "_site")
    assert not (tmp_path / "escape.html").exists()


def test_refuses_output_that_is_or_contains_the_input(tmp_path: Path) -> None:
    (tmp_path / "seeds").mkdir()
    with pytest.raises(OutputError, match="it is or contains"):
        write.check_output(tmp_path / "seeds", [tmp_path / "seeds"])
    with pytest.raises(OutputError, match="it is or contains"):
        write.check_output(tmp_path, [tmp_path / "seeds"])


def test_refuses_root_and_home(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="root or home"):
        write.check_output(Path("/"), [])
    with pytest.raises(OutputError, match="root or home"):
        write.check_output(Path.home(), [])


def test_refuses_a_non_empty_folder_it_did_not_create_unless_forced(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    out.mkdir()
    (out / "thesis.tex").write_text("precious", encoding="utf-8")
    with pytest.raises(OutputError, match="was not written by warta"):
        write.check_output(out, [])
    write.check_output(out, [], force=True)
    write.publish([OutputFile("index.html", b"x")], None, out)
    write.check_output(out, [])  # now it carries the marker


def test_a_second_build_at_once_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    out = tmp_path / "_site"
    with write.lock(out):
        with pytest.raises(OutputError, match=r"another warta build \(process \d+\) is writing"):
            with write.lock(out):
                pass
    with write.lock(out):  # released afterwards
        pass


def test_a_stale_lock_from_a_killed_build_is_taken_over(tmp_path: Path) -> None:
    out = tmp_path / "_site"
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    os.waitpid(pid, 0)
    (tmp_path / "._site.lock").write_text(f"{pid}\n", encoding="ascii")
    with write.lock(out):
        assert (tmp_path / "._site.lock").read_text(encoding="ascii").strip() == str(os.getpid())
