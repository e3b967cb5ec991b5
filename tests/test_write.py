"""The writer: a staging folder swapped in whole, refusals of unsafe outputs, one build at a time."""

from __future__ import annotations

import errno
import os
import select
import signal
import threading
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import inodes
from warta import write
from warta.errors import OutputError
from warta.model import OutputFile


def test_publish_writes_files_and_marker(tmp_path: Path) -> None:
    out = tmp_path / "_site"
    done = write.publish([OutputFile("index.html", b"<p>hi</p>"), OutputFile("a/b.json", b"{}")], None, out)
    assert done == write.Published(files=2, written=2)
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


SITE = [OutputFile("index.html", b"<p>home</p>"), OutputFile("a/one.html", b"<p>one</p>"),
        OutputFile("a/two.html", b"<p>two</p>"), OutputFile("feed.xml", b"<feed/>")]


def static_folder(tmp_path: Path) -> Path:
    static = tmp_path / "static"
    (static / "css").mkdir(parents=True)
    (static / "css" / "site.css").write_bytes(b"body { color: black }")
    (static / "logo.svg").write_bytes(b"<svg/>")
    return static


def test_folders_are_made_at_any_depth_and_inside_the_static_copy(tmp_path: Path) -> None:
    out, static = tmp_path / "_site", static_folder(tmp_path)
    files = [OutputFile("x/y/z/index.html", b"deep"), OutputFile("x/y/index.html", b"middle"),
             OutputFile("static/css/page/index.html", b"beside the static copy"), OutputFile("q/index.html", b"q")]
    assert write.publish(files, static, out) == write.Published(6, 6)
    assert (out / "x/y/z/index.html").read_bytes() == b"deep"
    assert (out / "x/y/index.html").read_bytes() == b"middle"
    assert (out / "static/css/page/index.html").read_bytes() == b"beside the static copy"
    assert (out / "static/css/site.css").is_file()


def test_a_page_under_a_path_that_is_a_file_fails_and_leaves_the_site(tmp_path: Path) -> None:
    out = tmp_path / "_site"
    write.publish(SITE, None, out)
    before = inodes(out)
    with pytest.raises(FileExistsError):
        write.publish([OutputFile("feed.xml", b"<feed/>"), OutputFile("feed.xml/index.html", b"no")], None, out)
    assert inodes(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["_site"]


def test_publishing_the_same_files_again_rewrites_none(tmp_path: Path) -> None:
    out, static = tmp_path / "_site", static_folder(tmp_path)
    assert write.publish(SITE, static, out) == write.Published(6, 6)
    before = inodes(out)
    assert sorted(before) == [".warta-site", "a/one.html", "a/two.html", "feed.xml", "index.html",
                              "static/css/site.css", "static/logo.svg"]
    assert write.publish(list(SITE), static, out) == write.Published(6, 0)  # six files, none written anew
    assert inodes(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["_site", "static"]


def test_only_a_changed_file_is_written_again(tmp_path: Path) -> None:
    out, static = tmp_path / "_site", static_folder(tmp_path)
    write.publish(SITE, static, out)
    before = inodes(out)
    (static / "logo.svg").write_bytes(b"<svg></svg>")
    changed = [OutputFile("index.html", b"<p>HOME</p>"),  # the same size, other bytes
               OutputFile("a/one.html", b"<p>one</p>"), OutputFile("a/two.html", b"<p>two, longer</p>"),
               OutputFile("new.html", b"new")]  # and feed.xml is gone
    assert write.publish(changed, static, out) == write.Published(files=6, written=4)  # as the inodes below
    after = inodes(out)
    assert sorted(after) == [".warta-site", "a/one.html", "a/two.html", "index.html", "new.html",
                             "static/css/site.css", "static/logo.svg"]
    kept = {path for path in after if after[path] == before.get(path)}
    assert kept == {".warta-site", "a/one.html", "static/css/site.css"}
    assert {path for path in after if after[path][0] != before.get(path, (None,))[0]} == \
        {"index.html", "a/two.html", "new.html", "static/logo.svg"}
    for file in changed:
        assert (out / file.path).read_bytes() == file.data
    assert (out / "static" / "logo.svg").read_bytes() == b"<svg></svg>"


def test_a_file_in_chunks_is_written_whole_and_kept_when_its_bytes_are_the_same(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A data file comes in chunks, written as they come (in pieces of about write._BLOCK bytes) and
    compared with the published file as they go: the same bytes keep the published file (its inode and
    mtime), other bytes anywhere, one byte more or one less, make a new file."""
    monkeypatch.setattr(write, "_BLOCK", 8)  # several pieces, and chunks that end inside one
    out = tmp_path / "_site"
    text = b'{"articles":[' + b",".join(b'{"id":%d}' % i for i in range(50)) + b"]}\n"

    def chunked(data: bytes, size: int = 5) -> OutputFile:
        return OutputFile("data/articles.json", b"", chunks=iter([data[i:i + size] for i in range(0, len(data), size)]))

    assert write.publish([chunked(text)], None, out) == write.Published(1, 1)
    assert (out / "data" / "articles.json").read_bytes() == text
    before = inodes(out)
    assert write.publish([chunked(text, 3)], None, out) == write.Published(1, 0)
    assert inodes(out) == before
    for other in (text[:-1], text + b" ", text.replace(b'"id":49', b'"id":48'), text.replace(b'"id":0', b'"id":1')):
        assert write.publish([chunked(other)], None, out) == write.Published(1, 1)
        assert (out / "data" / "articles.json").read_bytes() == other
        assert inodes(out)["data/articles.json"][0] != before["data/articles.json"][0]
        write.publish([chunked(text)], None, out)
        before = inodes(out)


def test_a_file_in_chunks_is_never_held_whole(tmp_path: Path) -> None:
    out = tmp_path / "_site"
    size, count = 10_000, 2_000  # 20 MB

    def chunks() -> Iterator[bytes]:
        for i in range(count):
            yield b"%09d" % i + b"x" * (size - 9)

    for _ in range(2):  # written anew, then compared with the published file
        tracemalloc.start()
        try:
            write.publish([OutputFile("data/articles.json", b"", chunks=chunks())], None, out)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert (out / "data" / "articles.json").stat().st_size == size * count
        assert peak < 4 * write._BLOCK  # a piece written, and the published file's piece it is compared with


def test_a_published_file_is_never_written_into(tmp_path: Path) -> None:
    """Linked files are shared with the published site: a page over a static file must not write through."""
    out, static = tmp_path / "_site", static_folder(tmp_path)
    write.publish(SITE, static, out)
    witness = tmp_path / "witness"
    os.link(out / "static" / "logo.svg", witness)  # the published file's inode, whatever becomes of the site
    write.publish([*SITE, OutputFile("static/logo.svg", b"<svg>page</svg>")], static, out)
    assert (out / "static" / "logo.svg").read_bytes() == b"<svg>page</svg>"
    assert witness.read_bytes() == b"<svg/>"


def test_a_symlink_in_the_published_site_is_not_linked_through(tmp_path: Path) -> None:
    out = tmp_path / "_site"
    write.publish(SITE, None, out)
    outside = tmp_path / "outside.html"
    outside.write_bytes(b"<p>home</p>")
    (out / "index.html").unlink()
    (out / "index.html").symlink_to(outside)
    write.publish(SITE, None, out)
    assert not (out / "index.html").is_symlink() and (out / "index.html").read_bytes() == b"<p>home</p>"
    assert (out / "index.html").stat().st_ino != outside.stat().st_ino


def test_where_links_fail_files_are_copied_with_their_mtime(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out, static = tmp_path / "_site", static_folder(tmp_path)
    write.publish(SITE, static, out)
    before = inodes(out)

    def no_links(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(os, "link", no_links)
    write.publish(SITE, static, out)
    after = inodes(out)
    assert sorted(after) == sorted(before)
    for path, (inode, mtime, size) in after.items():
        assert inode != before[path][0] and (mtime, size) == before[path][1:], path  # copied, not linked
    assert (out / "a" / "one.html").read_bytes() == b"<p>one</p>"


def test_a_build_killed_before_the_swap_leaves_the_published_files_untouched(tmp_path: Path) -> None:
    out, static = tmp_path / "_site", static_folder(tmp_path)
    write.publish(SITE, static, out)
    before = inodes(out)
    staged = tmp_path / "staged"
    pid = os.fork()
    if pid == 0:  # a build that stages every file (linked, as none changed), then hangs before the swap
        try:
            def files() -> Iterator[OutputFile]:
                yield from SITE
                yield OutputFile("changed.html", b"new")
                staged.touch()
                time.sleep(60)

            write.publish(files(), static, out)
        finally:
            os._exit(1)
    try:
        deadline = time.monotonic() + 30
        while not staged.exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        assert staged.exists()
        staging = tmp_path / f"._site.tmp-{pid}"
        assert (staging / "a" / "one.html").stat().st_ino == before["a/one.html"][0]  # a link, not a copy
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    assert inodes(out) == before
    assert {path: (out / path).read_bytes() for path in before} == \
        {**{f.path: f.data for f in SITE}, ".warta-site": (out / ".warta-site").read_bytes(),
         "static/css/site.css": b"body { color: black }", "static/logo.svg": b"<svg/>"}
    with write.lock(out):  # the next build removes the dead one's staging folder
        pass
    assert sorted(p.name for p in tmp_path.iterdir()) == ["_site", "staged", "static"]
    assert inodes(out) == before and (out / "a" / "one.html").stat().st_nlink == 1


def test_ctrl_c_held_back_over_the_swap_is_raised_once_the_new_site_is_out(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """A Ctrl-C that lands during the two renames is delivered right after them: by then the new site is
    published, so it is raised as write.Interrupted (whose message says so), and the old folder is gone."""
    out = tmp_path / "_site"
    write.publish([OutputFile("index.html", b"old")], None, out)
    real = os.replace
    calls: list[int] = []

    wake_read, wake_write = os.pipe()
    os.set_blocking(wake_write, False)

    def replace_then_ctrl_c(src: Path, dst: Path) -> None:
        calls.append(1)
        if len(calls) == 1:
            os.kill(os.getpid(), signal.SIGINT)  # held back: delivered when the renames are done
            # If the other thread took it, wait until its C handler has run (it writes the wake-up fd),
            # so that the signal does not reach Python after publish has returned: a loaded machine
            # may leave that thread unscheduled for a while.
            select.select([wake_read], [], [], 5)
        real(src, dst)

    monkeypatch.setattr(write.os, "replace", replace_then_ctrl_c)
    idle = threading.Event()
    other = threading.Thread(target=idle.wait)  # another thread, which the kernel may hand the signal to
    other.start()
    previous_wakeup = signal.set_wakeup_fd(wake_write)
    try:
        with pytest.raises(write.Interrupted):
            write.publish([OutputFile("index.html", b"new")], None, out)
    finally:
        signal.set_wakeup_fd(previous_wakeup)
        os.close(wake_read)
        os.close(wake_write)
        idle.set()
        other.join()
    assert len(calls) == 2  # both renames ran
    assert (out / "index.html").read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["_site"]


def test_ctrl_c_that_reaches_python_late_while_the_old_site_is_removed_is_still_interrupted(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A Ctrl-C another thread took over the swap can reach Python only after the noting handler is
    gone, while the old folder is being removed: the new site is out, so it is write.Interrupted too."""
    out = tmp_path / "_site"
    write.publish([OutputFile("index.html", b"old")], None, out)
    real = write.shutil.rmtree
    calls: list[int] = []

    def ctrl_c_then_remove(path: Path, *args: Any, **kwargs: Any) -> None:
        if ".old-" in str(path):
            calls.append(1)
            if len(calls) == 1:
                raise KeyboardInterrupt
        real(path, *args, **kwargs)

    monkeypatch.setattr(write.shutil, "rmtree", ctrl_c_then_remove)
    with pytest.raises(write.Interrupted):
        write.publish([OutputFile("index.html", b"new")], None, out)
    assert (out / "index.html").read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["_site"]


def test_ctrl_c_over_a_swap_whose_rename_failed_is_a_plain_interrupt(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "_site"
    write.publish([OutputFile("index.html", b"old")], None, out)

    def ctrl_c_then_fail(src: Path, dst: Path) -> None:
        os.kill(os.getpid(), signal.SIGINT)  # held back, then raised over the OSError
        raise OSError(errno.EXDEV, "cannot rename")

    monkeypatch.setattr(write.os, "replace", ctrl_c_then_fail)
    with pytest.raises(KeyboardInterrupt) as raised:
        write.publish([OutputFile("index.html", b"new")], None, out)
    assert not isinstance(raised.value, write.Interrupted)  # the new site was not published
    assert (out / "index.html").read_bytes() == b"old"


def awkward_site() -> list[OutputFile]:
    """Paths whose sorted-walk order is not their string order: a file beside a folder of a name that sorts
    before it, names with '-', '.', '~', digits and non-ASCII letters, deep folders and a page over a static file."""
    names = ["a-b.html", "a/b.html", "a.b/c.html", "a/b/c/d.html", "a0.html", "z.html", "A/x.html", "é/ü.html",
             "a/~.html", "a/b.c", "a/b-c/index.html", "page/2/index.html", "page/10/index.html", "static/logo.svg",
             "ab/c.html", "a b/c.html"]
    return [OutputFile(name, name.encode() * (i + 1)) for i, name in enumerate(names)]


def test_the_listing_is_the_output_folder_as_manifest_snapshot_lists_it(tmp_path: Path) -> None:
    # publish lists the files it puts in place instead of the folder being listed again after the build:
    # the listing must be that listing, in its order, for new, linked, kept and static files alike.
    from warta import manifest

    out, static = tmp_path / "_site", static_folder(tmp_path)
    (static / "a").mkdir()
    (static / "a" / "b-static.css").write_bytes(b"x")
    listing: list[list[object]] = []
    write.publish(awkward_site(), static, out, listing)
    assert listing == manifest.snapshot(out) and len(listing) == 19
    # Again: every file linked from the published site, one changed, one kept (its mtime set apart first).
    os.utime(out / "z.html", ns=(1_000_000_000, 1_000_000_000))
    files = [OutputFile(f.path, b"", kept=True) if f.path == "z.html" else f for f in awkward_site()]
    files[0] = OutputFile(files[0].path, b"changed")
    write.publish(files, static, out, listing)
    assert listing == manifest.snapshot(out)
    assert [1_000_000_000] == [mtime for path, _, mtime in listing if path == "z.html"]
