"""A build with nothing changed does nothing; any change to what the site depends on builds again."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, inodes, project, run

NOTHING = "nothing changed ("


def test_an_unchanged_site_is_left_alone_and_each_kind_of_change_builds_again(tmp_path: Path) -> None:
    root = project(tmp_path)
    first = run(root)
    assert first.returncode == 0, first.stderr
    counts = re.search(r"warta build: (5 articles, \d+ pages, \d+ feeds), (\d+) files written", first.stdout)
    assert counts, first.stdout
    before = inodes(root / "_site")
    assert len(before) == int(counts.group(2)) + 1  # and the .warta-site marker

    again = run(root)
    assert again.returncode == 0, again.stderr
    assert f"warta build: {counts.group(1)}, nothing changed ({counts.group(2)} files up to date)" in again.stdout
    assert inodes(root / "_site") == before  # not a file re-written, not even touched

    # a file of the site tampered with: built again, and the page is whole again
    page = root / "_site" / "index.html"
    good = page.read_bytes()
    page.write_bytes(b"broken")
    assert NOTHING not in (rebuilt := run(root)).stdout, rebuilt.stdout
    assert page.read_bytes() == good
    files = int(counts.group(2))  # the closing line says what was written, not how big the site is
    assert f"{counts.group(1)}, {files} files, 1 written anew, {files - 1} unchanged" in rebuilt.stdout, rebuilt.stdout

    # an article edited: built again, and the edit is on the site
    seed = sorted((root / "seeds").glob("*.txt"))[0]
    seed.write_text(seed.read_text(encoding="utf-8") + "\nKalimat tambahan untuk uji bangun ulang.\n",
                    encoding="utf-8")
    unedited = inodes(root / "_site")
    assert NOTHING not in (edited := run(root)).stdout, edited.stdout
    assert "Kalimat tambahan untuk uji bangun ulang." in (root / "_site" / "data" / "articles.json").read_text(
        encoding="utf-8")
    now = inodes(root / "_site")
    anew = {path for path in now if now[path] != unedited.get(path)} - {".warta-site"}
    told = re.search(r"(\d+) files, (\d+) written anew, (\d+) unchanged", edited.stdout)
    assert told, edited.stdout
    assert (int(told.group(1)), int(told.group(2))) == (len(now) - 1, len(anew)) and 0 < len(anew) < len(now) - 1
    assert NOTHING in run(root).stdout

    # a translation of the About page added: built again
    (root / "about.en.md").write_text("# About\n\nAn English About page.\n", encoding="utf-8")
    assert NOTHING not in (translated := run(root)).stdout, translated.stdout
    assert NOTHING in run(root).stdout

    # a template changed: built again
    base = root / "templates" / "base.html"
    base.write_text(base.read_text(encoding="utf-8").replace("</body>", "<!-- ubah -->\n</body>"), encoding="utf-8")
    assert NOTHING not in (restyled := run(root)).stdout, restyled.stdout
    assert b"<!-- ubah -->" in page.read_bytes()

    # the configuration changed (the base URL from the command line): built again
    moved = run(root, "--base-url", "https://example.net/berita/")
    assert NOTHING not in moved.stdout
    assert b"https://example.net/berita/" in (root / "_site" / "sitemap.xml").read_bytes()


def test_the_record_of_a_build_is_never_trusted_blindly(tmp_path: Path) -> None:
    root = project(tmp_path)
    assert run(root).returncode == 0
    records = list((root / ".warta-cache").glob("*-last-build.json"))
    assert len(records) == 1
    records[0].write_text("{not json", encoding="utf-8")
    result = run(root)
    assert result.returncode == 0, result.stderr
    assert NOTHING not in result.stdout  # a corrupt record means: build
    assert NOTHING in run(root).stdout  # and the build wrote a good one


def test_warnings_and_exit_status_are_reported_again_when_nothing_changed(tmp_path: Path) -> None:
    root = project(tmp_path)
    (root / "seeds" / "rusak.md").write_text("---\ntitle: Rusak\ndate: 2024-02-30\n---\nIsi.\n", encoding="utf-8")
    first = run(root)
    again = run(root)
    assert first.returncode == again.returncode == 1
    assert "which is not a calendar date" in again.stderr
    assert "nothing changed" in again.stdout and "1 errors" in again.stdout


def test_an_up_to_date_build_does_not_load_the_stages(tmp_path: Path) -> None:
    root = project(tmp_path)
    assert run(root).returncode == 0
    code = ("import sys; from warta import cli; code = cli.main(['build', '--root', sys.argv[1], '--quiet']); "
            "print(code, sorted(m for m in sys.modules if m in ('warta.render', 'warta.stories', 'jinja2')))")
    result = subprocess.run([sys.executable, "-c", code, str(root)], capture_output=True, text=True, timeout=120,
                            env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    assert result.stdout.strip() == "0 []", result.stdout + result.stderr


def _walked(output: Path) -> list[list[object]]:
    """What manifest.snapshot gave when it was an os.walk: its order, its paths, links as it saw them."""
    found: list[list[object]] = []
    for dirpath, dirnames, filenames in os.walk(output, followlinks=False):
        dirnames.sort()
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            st = os.lstat(path)
            found.append([os.path.relpath(path, output), st.st_size, st.st_mtime_ns])
    return found


def test_the_snapshot_of_an_output_folder_lists_what_a_sorted_walk_lists(tmp_path: Path) -> None:
    from warta.manifest import snapshot

    out = tmp_path / "_site"
    for relative in ("index.html", "a/b/c.html", "a/z.txt", "a-b/x", "a.b", "B/upper", "é/ü.html", "a/b/d/e"):
        (out / relative).parent.mkdir(parents=True, exist_ok=True)
        (out / relative).write_text(relative * 3, encoding="utf-8")
    (out / "empty").mkdir()
    (out / "link-to-folder").symlink_to(out / "a")  # listed by neither, as os.walk leaves it out
    (out / "link-to-file").symlink_to(out / "index.html")
    (out / "dangling").symlink_to(out / "nowhere")
    os.link(out / "index.html", out / "a" / "hard.html")
    found = snapshot(out)
    assert found == _walked(out)
    assert [path for path, _, _ in found][:3] == ["a.b", "dangling", "index.html"]
    assert "a/b/d/e" in [path for path, _, _ in found]
