"""Bad input, built together with good articles: each file gets its exact message, the rest builds.

The small bad files live in tests/data/invalid/, each with ``<name>.err`` holding the exact line(s)
``warta build`` prints for it. The big ones (a 50 MB file, a 1 MB line, 10,000 files) are made here.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import io
import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import tree
from warta import cli, pipeline, write
from warta.config import load_config
from warta.errors import OutputError
from warta.model import OutputFile

ROOT = Path(__file__).resolve().parents[1]
INVALID = Path(__file__).resolve().parent / "data" / "invalid"
GOOD = sorted((ROOT / "seeds").glob("*.txt"))[:2]
SITE_YAML = (f"base_url: https://user.github.io/repo/\nbuild_date: 2026-11-21\ninput_dir: invalid\n"
             f"templates_dir: {ROOT / 'templates'}\nstatic_dir: {ROOT / 'static'}\nabout: {ROOT / 'about.md'}\n")
HUGE = 50 * 1024 * 1024
SHORT = ("Warga Membersihkan Sisa Lumpur Setelah Banjir\n\nRatusan warga bergotong royong membersihkan lumpur "
         "dari rumah dan jalan setelah air surut pada Selasa pagi.\n")

# Files that must build despite being odd, by source path -> the page URL they get.
BUILT = {
    "invalid/kafé-ñandú-ünïcode.txt": "articles/festival-kopi-digelar-di-bandung/",
    "invalid/name with spaces.txt": "articles/pasar-malam-ramai-dikunjungi-warga/",
    "invalid/mixed_encodings.txt": "articles/kafe-lama-di-kota-tua-kembali-dibuka/",
    "invalid/title_only.txt": "articles/presiden-meresmikan-jembatan-baru-di-kalimantan-timur/",
    "invalid/truncated_utf8.txt": "articles/warga-jakarta-mengungsi-karena-banjir-besar/",
    "invalid/unknown_theme.md": "articles/ramalan-bintang-minggu-ini/",
    "invalid/control_characters.md": "articles/bel-dan-escape-31m-di-judul-berita/",
    "invalid/same_title_a.md": "articles/harga-beras-naik-lagi/",
    "invalid/same_title_b.md": "articles/harga-beras-naik-lagi-a02b70/",
}


@dataclasses.dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str
    root: Path

    def articles(self) -> dict[str, dict[str, object]]:
        data = json.loads((self.root / "_site" / "data" / "articles.json").read_text(encoding="utf-8"))
        return {str(a["source_file"]): a for a in data["articles"]}


def warta(root: Path, *args: str) -> Run:
    """``warta build --root ROOT ARGS`` in this process, its exit status and what it printed."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(["build", "--root", str(root), *args])
    return Run(code, out.getvalue(), err.getvalue(), root)


def project(tmp: Path, files: list[Path], reverse: bool = False) -> Path:
    """A project whose input folder ``invalid/`` holds ``files``, copied in the given (or reverse) order."""
    (tmp / "invalid").mkdir(parents=True)
    (tmp / "site.yaml").write_text(SITE_YAML, encoding="utf-8")
    for path in reversed(files) if reverse else files:
        shutil.copy(path, tmp / "invalid" / path.name)
    return tmp


def corpus() -> list[Path]:
    return sorted(p for p in INVALID.iterdir() if p.suffix != ".err") + GOOD


def expected() -> Iterator[tuple[str, str]]:
    for err in sorted(INVALID.glob("*.err")):
        yield err.stem, err.read_text(encoding="utf-8").strip()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Run:
    """Every bad input, a 50 MB file, a symlink out of the folder and two good seeds, in one build."""
    tmp = tmp_path_factory.mktemp("bad-input")
    root = project(tmp / "project", corpus())
    with (root / "invalid" / "huge.txt").open("wb") as f:  # real text, not a sparse file
        line = b"Banjir besar melanda kota dan warga mengungsi ke tempat yang lebih aman hari ini.\n"
        for _ in range(HUGE // len(line)):
            f.write(line)
        f.write(b"x" * (HUGE - f.tell()))
    secret = tmp / "secret.txt"
    secret.write_text("Rahasia Negara yang Tidak Boleh Terbit\n\nKode peluncuran rudal adalah 0000 dan "
                      "tidak boleh diterbitkan di mana pun juga.\n", encoding="utf-8")
    (root / "invalid" / "secret-link.txt").symlink_to(secret)
    return warta(root)


def test_the_build_goes_on_and_exits_1(built: Run) -> None:
    assert built.code == 1, built.err
    assert "Traceback" not in built.err
    errors = sum(1 for line in built.err.splitlines() if line.startswith("error: "))
    assert f"warta build: {len(built.articles())} articles" in built.out and f"{errors} errors" in built.out


@pytest.mark.parametrize(("name", "message"), list(expected()))
def test_each_bad_input_gives_its_exact_message(built: Run, name: str, message: str) -> None:
    for line in message.splitlines():
        assert line in built.err.splitlines()


def test_every_bad_file_is_named_and_skipped(built: Run) -> None:
    articles = built.articles()
    for path in corpus():
        shown = f"invalid/{path.name}"
        if shown in BUILT or path in GOOD:
            assert shown in articles
            continue
        assert shown not in articles
        assert any(line.split(": ", 1)[1].startswith(shown + ":") for line in built.err.splitlines()), shown


def test_good_and_odd_articles_are_built_at_their_urls(built: Run) -> None:
    articles = built.articles()
    assert {a: articles[a]["url"] for a in BUILT} == BUILT
    assert all(f"invalid/{p.name}" in articles for p in GOOD)
    for url in BUILT.values():
        assert (built.root / "_site" / url / "index.html").is_file()


def test_two_articles_with_one_title_keep_distinct_urls_whatever_the_file_order(built: Run, tmp_path: Path) -> None:
    twins = sorted(INVALID.glob("same_title_*.md"))
    again = warta(project(tmp_path, [*twins, *GOOD], reverse=True))
    assert again.code == 0, again.err
    urls = {a: again.articles()[a]["url"] for a in again.articles() if "same_title" in a}
    assert urls == {a: u for a, u in BUILT.items() if "same_title" in a}
    assert len(set(urls.values())) == 2


def test_fifty_megabytes_are_refused_naming_the_limit(built: Run) -> None:
    assert (f"error: invalid/huge.txt: file is {HUGE:,} bytes, over the limit of 5,000,000 bytes (max_file_bytes)"
            in built.err.splitlines())


def test_a_build_where_every_article_is_bad_still_builds_the_site(tmp_path: Path) -> None:
    root = project(tmp_path, [INVALID / "empty.txt", INVALID / "binary.txt"])
    run = warta(root)
    assert run.code == 1, run.err
    assert run.articles() == {} and (root / "_site" / "index.html").is_file()


def test_the_size_limit_is_configurable(tmp_path: Path) -> None:
    root = project(tmp_path, GOOD)
    with (root / "site.yaml").open("a", encoding="utf-8") as f:
        f.write("max_file_bytes: 1000\n")
    (root / "invalid" / "pendek.txt").write_text(SHORT, encoding="utf-8")
    run = warta(root)
    assert run.code == 1, run.err
    assert list(run.articles()) == ["invalid/pendek.txt"]
    size = GOOD[0].stat().st_size
    assert f"error: invalid/{GOOD[0].name}: file is {size:,} bytes, over the limit of 1,000 bytes (max_file_bytes)" \
        in run.err.splitlines()


def test_a_symlink_out_of_the_input_folder_is_not_followed(built: Run) -> None:
    assert ("warning: invalid/secret-link.txt: symbolic link pointing outside the input folder: not followed"
            in built.err.splitlines())
    for page in (built.root / "_site").rglob("*"):
        if page.is_file():
            assert b"Kode peluncuran" not in page.read_bytes(), page


def test_control_characters_from_yaml_escapes_are_dropped(built: Run) -> None:
    assert built.articles()["invalid/control_characters.md"]["title"] == "Bel dan Escape[31m di Judul Berita"


def test_yaml_python_tags_are_never_constructed(built: Run) -> None:
    assert not list(built.root.rglob("warta-yaml-was-constructed"))
    assert not (Path.cwd() / "warta-yaml-was-constructed").exists()


def test_a_missing_input_folder_is_a_configuration_error(tmp_path: Path) -> None:
    root = project(tmp_path, GOOD)
    run = warta(root, "--input", "nowhere")
    assert run.code == 2
    assert run.err == "error: nowhere: input folder does not exist (set input_dir in site.yaml, or --input)\n"
    assert not (root / "_site").exists()


def test_a_missing_templates_folder_is_one_line_naming_it(tmp_path: Path) -> None:
    root = project(tmp_path, GOOD)
    (root / "site.yaml").write_text(SITE_YAML.replace(f"templates_dir: {ROOT / 'templates'}", "templates_dir: tema"),
                                    encoding="utf-8")
    run = warta(root)
    assert (run.code, run.err) == (2, "error: tema: templates folder does not exist (set templates_dir in site.yaml)\n")
    assert not (root / "_site").exists()
    (root / "tema").write_text("not a folder", encoding="utf-8")
    assert warta(root).err == "error: tema: templates folder is a file, not a folder (set templates_dir in site.yaml)\n"


def _cpu_seconds() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def test_a_one_megabyte_line_builds_in_linear_time(tmp_path: Path) -> None:
    words = "banjir melanda kota warga mengungsi pemerintah membagikan bantuan kepada para korban di sana".split()
    prose = " ".join(words[i % len(words)] for i in range(160_000))[: 1_000_000]
    root = project(tmp_path, GOOD)
    (root / "invalid" / "long-line.txt").write_text(f"Banjir Melanda Kota Sepanjang Pekan\n\n{prose}", encoding="utf-8")
    (root / "invalid" / "blob.txt").write_text("ab" * 500_000, encoding="utf-8")  # one line, not one word
    # CPU seconds, this process's and its children's (Pagefind, any forked worker), not wall time: a loaded
    # machine stretches the wall time (a whole suite beside other jobs took 30.05 s), while a quadratic step
    # on a 1 MB line would take minutes of CPU whatever the load.
    started = _cpu_seconds()
    run = warta(root)
    seconds = _cpu_seconds() - started
    assert seconds < 30, f"a build with two 1 MB lines took {seconds:.1f} s of CPU"
    articles = run.articles()
    assert articles["invalid/long-line.txt"]["word_count"] == len(prose.split())
    assert "invalid/blob.txt" not in articles
    assert ("error: invalid/blob.txt:1: title is 1,000,000 characters long, more than 300: not a headline; "
            "set 'title:' in front matter") in run.err.splitlines()
    assert run.code == 1


def test_ten_thousand_files_in_one_folder(tmp_path: Path) -> None:
    """``warta check``'s analysis of 10,000 tiny articles completes and counts them all.

    The articles name their language in front matter: language detection (langdetect, about 4 ms an
    article on this machine) would otherwise take most of a minute and prove nothing about the folder.
    """
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(10_000):
        (folder / f"{i:05d}.md").write_text(
            f"---\nlanguage: id\n---\n# Berita nomor {i} tentang banjir\n\nHujan deras membuat banjir di kota "
            f"nomor {i}. Warga mengungsi ke tempat yang lebih aman.\n", encoding="utf-8")
    config = dataclasses.replace(load_config(ROOT), input_dir=str(folder),
                                 build_date=dt.date(2026, 11, 21))
    started = _cpu_seconds()  # CPU, not wall: see test_a_one_megabyte_line_builds_in_linear_time
    analysis = pipeline.analyse(config)
    seconds = _cpu_seconds() - started
    assert len(analysis.articles) == 10_000 and analysis.problems == ()
    assert len({a.slug for a in analysis.articles}) == 10_000
    assert seconds < 120, f"analysing 10,000 files took {seconds:.0f} s of CPU"


# Interrupted and concurrent builds: the previous site stays exactly as it was.

STAGING = re.compile(r"\._site\.tmp-(\d+)")


@pytest.fixture()
def slow_project(tmp_path: Path) -> Path:
    """Two seeds with a static folder of 1,500 files, so that publishing takes long enough to interrupt."""
    root = project(tmp_path, GOOD)
    static = root / "static"
    shutil.copytree(ROOT / "static", static)
    for i in range(1500):
        (static / f"asset-{i:04d}.txt").write_bytes(b"x" * 512)
    (root / "site.yaml").write_text(SITE_YAML.replace(f"static_dir: {ROOT / 'static'}", "static_dir: static"),
                                    encoding="utf-8")
    assert warta(root).code == 0
    (root / "invalid" / "tambahan.txt").write_text(SHORT, encoding="utf-8")  # the next build changes the site
    return root


def start_build(root: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, str(ROOT / "build.py"), "--root", str(root)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def wait_for_staging(root: Path, process: subprocess.Popen[bytes]) -> None:
    """Return once the build is writing its staging folder (it is then mid-publish)."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if any(STAGING.fullmatch(p.name) and any(p.iterdir()) for p in root.iterdir() if p.is_dir()):
            return
        if process.poll() is not None:
            pytest.fail(f"the build ended before it could be interrupted: {process.stderr.read()!r}")
        time.sleep(0.002)
    pytest.fail("the build never started publishing")


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGINT], ids=["SIGKILL", "SIGINT"])
def test_a_build_killed_mid_publish_leaves_the_previous_site_and_the_next_build_succeeds(
        slow_project: Path, how: signal.Signals) -> None:
    # The signal is sent once the staging folder fills; on a busy machine the build may finish publishing
    # first. That case is checked (the new site is whole) and the build is tried again with a new change.
    for attempt in range(ATTEMPTS):
        before = tree(slow_project / "_site")
        process = start_build(slow_project)
        wait_for_staging(slow_project, process)
        process.send_signal(how)
        _, err = process.communicate(timeout=120)
        after = tree(slow_project / "_site")
        if after != before:  # too late: the new site was already out
            assert (how == signal.SIGKILL or process.returncode == 0  # ended before the signal came
                    or err.decode().endswith("interrupted: the new site had been published\n")), err.decode()
            assert (slow_project / "_site" / "index.html").is_file() and write.MARKER in after
            (slow_project / "invalid" / f"lagi-{attempt}.txt").write_text(SHORT, encoding="utf-8")
            continue
        if how == signal.SIGINT:
            assert process.returncode == 130
            assert err.decode().endswith("interrupted: the previous site is left as it was\n")
            assert leftovers(slow_project) == []
        else:
            assert process.returncode == -signal.SIGKILL
            staging = [p.name for p in slow_project.iterdir() if STAGING.fullmatch(p.name)]
            assert staging == [f"._site.tmp-{process.pid}"]
        break
    else:
        pytest.fail(f"the signal came after publishing {ATTEMPTS} times: the test could not interrupt a publish")
    again = warta(slow_project)  # takes over the dead build's lock, removes its staging folder
    assert again.code == 0, again.err
    assert "invalid/tambahan.txt" in again.articles()
    assert leftovers(slow_project) == []


ATTEMPTS = 4


def leftovers(root: Path) -> list[str]:
    """Hidden folders and files a build left beside the site (the article cache is meant to stay)."""
    return sorted(p.name for p in root.iterdir() if p.name.startswith(".") and p.name != ".warta-cache")


def test_a_second_build_at_once_is_refused_and_the_first_completes(slow_project: Path) -> None:
    first = start_build(slow_project)
    wait_for_staging(slow_project, first)
    second = warta(slow_project)
    assert second.code == 2
    assert re.fullmatch(rf"error: another warta build \(process {first.pid}\) is writing \S+_site; wait for it to "
                        r"finish \(lock file \S+\._site\.lock\)\n", second.err), second.err
    _, err = first.communicate(timeout=120)
    assert first.returncode == 0, err
    site = tree(slow_project / "_site")
    assert any(name.startswith("articles/warga-membersihkan") for name in site)
    assert ".warta-site" in site and "static/asset-1499.txt" in site


def test_a_build_killed_between_the_two_renames_gets_its_site_back(tmp_path: Path) -> None:
    """The one moment SIGKILL can hurt: the old site renamed away, the new one not yet in place."""
    out = tmp_path / "_site"
    write.publish([OutputFile("index.html", b"previous")], None, out)
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    os.waitpid(pid, 0)  # a process id that is surely dead
    os.replace(out, tmp_path / f"._site.old-{pid}")
    (tmp_path / f"._site.tmp-{pid}").mkdir()
    (tmp_path / f"._site.tmp-{pid}" / "index.html").write_bytes(b"half")
    with write.lock(out):
        assert (out / "index.html").read_bytes() == b"previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["_site"]


@pytest.mark.parametrize("place", ["input", "root", "home", "contains home"])
def test_the_output_may_not_be_a_folder_that_holds_anything_else(tmp_path: Path, place: str) -> None:
    root = project(tmp_path, GOOD)
    output = {"input": root / "invalid", "root": root, "home": Path.home(), "contains home": Path.home().parent}
    run = warta(root, "--output", str(output[place]))
    assert run.code == 2 and run.err.startswith("error: refusing to write the site into "), run.err
    assert not (output[place] / ".warta-site").exists()


def test_the_output_may_not_be_inside_the_input_folder(tmp_path: Path) -> None:
    (tmp_path / "seeds").mkdir()
    with pytest.raises(OutputError, match=r"it is inside the input folder .*seeds, whose files are read as articles"):
        write.check_output(tmp_path / "seeds" / "_site", [tmp_path], sources=[tmp_path / "seeds"])
    write.check_output(tmp_path / "_site", [tmp_path / "seeds"], sources=[tmp_path / "seeds"])
