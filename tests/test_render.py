"""Rendering: the same files, in the same order, with the same bytes and errors, in one process or several."""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import jinja2
import pytest

from warta import pagedigest, parallel, render, urls
from warta.config import SiteConfig
from warta.model import OutputFile, Page

TEMPLATES = {
    "base.html": "<title>{{ title }}</title>{% block body %}{% endblock %}\n",
    "page.html": ('{% extends "base.html" %}{% block body %}<a href="{{ url("a/b.html") }}">{{ title }}</a>'
                  "{{ root }}|{{ canonical }}|{{ page_path }}"
                  "{% for i in range(n) %}<p>{{ i }} {{ note }}</p>{% endfor %}{% endblock %}"),
    "who.html": "{{ pid() }}\n",
    "robots.txt": "Sitemap: {{ canonical }} {{ note }}\n",
    "broken.html": "{% for x in %}\n",
    "undefined.html": "{{ title }} {{ missing }}\n",
}


def site(tmp_path: Path) -> SiteConfig:
    folder = tmp_path / "templates"
    folder.mkdir(exist_ok=True)
    for name, text in TEMPLATES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return dataclasses.replace(SiteConfig(root=tmp_path), templates_dir="templates", base_url="https://x.example/")


def pages(count: int, special: dict[int, str] | None = None) -> list[Page]:
    """Pages of three kinds, some with text that must be escaped; ``special`` puts a template at an index."""
    out: list[Page] = []
    for i in range(count):
        template = (special or {}).get(i) or ("robots.txt" if i % 7 == 3 else "page.html")
        path = f"robots-{i}.txt" if template == "robots.txt" else f"p/{i}/index.html"
        out.append(Page(path, template, {"title": f"Halaman <{i}> & co", "n": i % 5, "note": f"'{i}' > 0",
                                          "rooted": i % 11 == 0}))
    return out


def render_pages(pages: Sequence[Page], config: SiteConfig, jobs: int, shared: dict[str, Any] | None = None
           ) -> tuple[list[OutputFile], BaseException | None]:
    """The files yielded before any error, and the error."""
    got: list[OutputFile] = []
    try:
        for file in render.render_all(pages, config, shared, jobs=jobs):
            got.append(file)
    except jinja2.TemplateError as exc:
        return got, exc
    return got, None


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The ``jobs`` of each parallel run, recorded."""
    calls: list[int] = []
    real = parallel.ordered

    def ordered(work: Callable[[int], Any], count: int, jobs: int, here: int = 0, *, join_in: bool = False
                ) -> Iterator[Any]:
        calls.append(jobs)
        return real(work, count, jobs, here, join_in=join_in)

    monkeypatch.setattr(parallel, "ordered", ordered)
    return calls


def test_workers_render_the_same_files_in_the_same_order(tmp_path: Path, forks: list[int]) -> None:
    config = site(tmp_path)
    todo = pages(render._PARALLEL_FROM + 50)
    serial, _ = render_pages(todo, config, jobs=1)
    assert forks == []
    forked, _ = render_pages(todo, config, jobs=2)
    assert forks == [2]
    assert forked == serial
    assert [f.path for f in forked] == [p.path for p in todo]
    assert b"Halaman &lt;5&gt; &amp; co" in forked[5].data and b"'3' > 0" in forked[3].data  # .txt: no escaping
    assert b'href="/a/b.html"' in forked[11].data and b'href="../../a/b.html"' in forked[1].data


def test_the_pages_are_rendered_by_this_process_and_the_workers(tmp_path: Path, forks: list[int]) -> None:
    count = render._PARALLEL_FROM + 10
    files, error = render_pages(pages(count, {i: "who.html" for i in range(count)}), site(tmp_path), jobs=3,
                          shared={"pid": os.getpid})
    assert error is None and forks == [3]
    renderers = {int(f.data) for f in files}
    assert os.getpid() in renderers and len(renderers) == 3  # this process and two workers
    assert multiprocessing.active_children() == []


def test_few_pages_and_one_job_render_in_this_process(tmp_path: Path, forks: list[int]) -> None:
    config = site(tmp_path)
    render_pages(pages(render._PARALLEL_FROM - 1), config, jobs=2)
    render_pages(pages(render._PARALLEL_FROM + 10), config, jobs=1)
    assert forks == []


def test_jobs_zero_means_every_usable_cpu(tmp_path: Path, forks: list[int], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "usable_cpus", lambda: 3)
    render_pages(pages(render._PARALLEL_FROM), site(tmp_path), jobs=0)
    assert forks == [3]


@pytest.mark.parametrize("bad", ["undefined.html", "broken.html"])
def test_a_template_error_is_the_one_rendering_in_one_process_raises(
        tmp_path: Path, forks: list[int], bad: str) -> None:
    config = site(tmp_path)
    count = render._PARALLEL_FROM + 150
    # Two bad pages; the workers render the later one while this process still yields pages before the first.
    early = count // 2 + 3
    late = early + 20
    todo = pages(count, {early: bad, late: "undefined.html"})
    serial, serial_error = render_pages(todo, config, jobs=1)
    forked, forked_error = render_pages(todo, config, jobs=2)
    assert serial_error is not None and forked_error is not None
    assert type(forked_error) is type(serial_error) and str(forked_error) == str(serial_error)
    assert getattr(forked_error, "lineno", None) == getattr(serial_error, "lineno", None)
    assert len(serial) == early and forked == serial  # the pages before the bad one, as one process yields them
    assert forks == ([2] if bad == "undefined.html" else [])  # a template that cannot load: no workers at all
    assert multiprocessing.active_children() == []  # the error ended the workers at once


def test_pages_stream_out_while_the_workers_render_a_bounded_number_ahead(tmp_path: Path, forks: list[int]) -> None:
    count = 1000
    rendered = multiprocessing.Value("i", 0)  # shared with the forked workers

    def tick() -> str:
        with rendered.get_lock():
            rendered.value += 1
        return ""

    todo = pages(count, {i: "tick.html" for i in range(count)})
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "tick.html").write_text("{{ tick() }}{{ title }}\n", encoding="utf-8")
    most = parallel.most_held(count, 2)
    assert most < count // 4
    run = render.render_all(todo, site(tmp_path), {"tick": tick}, jobs=2)
    first = next(run)
    assert first == OutputFile("p/0/index.html", b"Halaman &lt;0&gt; &amp; co\n")
    assert rendered.value < count, "the first page waited for the last"
    time.sleep(0.3)  # a slow consumer: the workers stop a bounded number of pages ahead of it
    assert rendered.value - 1 <= most
    files = [first]
    for file in run:
        files.append(file)
        assert rendered.value - len(files) <= most
    assert forks == [2] and rendered.value == count
    assert [f.path for f in files] == [p.path for p in todo]
    assert multiprocessing.active_children() == []


def test_an_abandoned_rendering_ends_its_workers(tmp_path: Path, forks: list[int]) -> None:
    run = render.render_all(pages(render._PARALLEL_FROM + 500), site(tmp_path), jobs=2)
    assert next(run).path == "p/0/index.html"
    assert len(multiprocessing.active_children()) == 1  # this process renders too
    run.close()
    assert forks == [2] and multiprocessing.active_children() == []


def test_links_between_pages_are_those_urls_relative_makes() -> None:
    paths = ["index.html", "feed.xml", "articles/a/index.html", "articles/b/index.html", "articles/a/img/x.png",
             "articles/index.html", "articles", "themes/banjir/index.html", "themes/banjir/page/2/index.html",
             "themes/index.html", "archive/2024/06/index.html", "archive/2024/index.html"]
    for page in paths:
        url = render._linker(page, "https://example.org/sub/", False)
        for target in paths:
            assert url(target) == urls.relative(page, target), (page, target)
    assert render._linker("articles/a/index.html", "https://example.org/sub/", True)("themes/index.html") == (
        "/sub/themes/")


def test_digests_computed_with_a_worker_are_those_computed_here(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    if not parallel.can_fork():
        pytest.skip("workers are forked only on Linux")
    shared_rows = tuple(f"baris {i}" for i in range(40))  # a value many pages share: the memo walks it once
    todo = [dataclasses.replace(p, context={**p.context, "rows": shared_rows, "mine": (i, "x" * (i % 3))})
            for i, p in enumerate(pages(90))]
    config = site(tmp_path)

    def digests(jobs: int, previous: dict[str, bytes]) -> list[tuple[str, bytes | None, bool]]:
        memory = render.Memory(b"base", pagedigest.Digester(), previous)
        return [(f.path, f.digest, f.kept) for f in render.render_all(todo, config, jobs=jobs, memory=memory)]

    here = digests(1, {})
    assert all(d is not None for _, d, _ in here) and len({d for _, d, _ in here}) == len(todo)
    calls: list[int] = []
    real = parallel.from_both_ends

    def recording(work: Callable[[int], Any], count: int, what: str) -> list[Any]:
        calls.append(count)
        return real(work, count, what)

    monkeypatch.setattr(parallel, "from_both_ends", recording)
    monkeypatch.setattr(render, "_DIGEST_FORK_FROM", 50)
    assert digests(2, {}) == here and calls == [90]
    previous = {path: digest for path, digest, _ in here[::2] if digest is not None}
    kept = digests(2, previous)
    assert [k for _, _, k in kept] == [i % 2 == 0 for i in range(90)] and calls == [90, 90]
    assert [(p, d) for p, d, _ in kept] == [(p, d) for p, d, _ in here]
    assert digests(1, {}) == here and len(calls) == 2  # one job: here only


class _Html:
    """An object that says how it is written into HTML (markupsafe's ``__html__``)."""

    def __html__(self) -> str:
        return "<b>bold</b>"


def _plain_environment(**globals_: Any) -> jinja2.Environment:
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    env.globals.update(globals_)
    return env


@pytest.mark.parametrize("value", ["plain", "<a href=\"x\">&'</a>", "", "ÿ \u00a0 日本 <", 0, 12.5, None, True,
                                   jinja2.utils.markupsafe.Markup("<i>kept</i>"), _Html(), ["<x>", "y"]])
def test_a_value_is_written_as_jinja_writes_it(value: Any) -> None:
    source = "<p>{{ v }}|{{ v }}{% if true %}{{ v }}{% endif %}{% macro m(x) %}[{{ x }}]{% endmacro %}{{ m(v) }}</p>"
    theirs = _plain_environment().from_string(source).render(v=value)
    ours = render.environment(Path("."), {}).from_string(source).render(v=value)
    assert ours == theirs
    assert str(render.escaped(value)) == str(jinja2.utils.markupsafe.escape(value))


def test_templates_write_values_without_making_markup_of_each() -> None:
    """The compiled template calls render.escaped for each value it outputs, not markupsafe's escape (whose
    Markup for each value was a quarter of a page's time)."""
    env = render.environment(Path("."), {})
    code = env.compile("<a>{{ x }}</a>{% for i in y %}{{ i }}{% endfor %}", raw=True)
    assert "_escaped(" in code and "escape(" not in code.replace("_escaped(", "")
    assert render.escaped("<&>") == "&lt;&amp;&gt;" and type(render.escaped("a")) is str


def test_an_undefined_value_still_fails_the_page() -> None:
    with pytest.raises(jinja2.UndefinedError):
        render.environment(Path("."), {}).from_string("{{ nothing }}").render()


def test_functions_that_ask_for_the_context_or_environment_still_get_them() -> None:
    @jinja2.pass_context
    def who(context: Any, suffix: str) -> str:
        return str(context["name"]) + suffix

    @jinja2.pass_environment
    def env_kind(environment: jinja2.Environment) -> str:
        return type(environment).__name__

    @jinja2.pass_eval_context
    def escaping(eval_ctx: Any) -> str:
        return str(eval_ctx.autoescape)

    class Callable_:
        @jinja2.pass_context
        def __call__(self, context: Any) -> str:
            return str(context["name"]).upper()

    def stops() -> str:
        raise StopIteration

    def plain(*args: Any, **kwargs: Any) -> str:
        return f"{args}{sorted(kwargs.items())}"

    env = render.environment(Path("."), {"who": who, "env_kind": env_kind, "escaping": escaping,
                                         "loud": Callable_(), "stops": stops, "plain": plain})
    out = env.from_string("{{ who('!') }} {{ env_kind() }} {{ escaping() }} {{ loud() }} "
                          "{% for i in [1] %}{{ who('?') }}{{ plain(i, k=2) }}{% endfor %} "
                          "{{ stops() is undefined }}").render(name="Ana")
    assert out == "Ana! _Environment True ANA Ana?(1,)[(&#39;k&#39;, 2)] True"


def test_plain_functions_and_macros_are_called_without_asking_what_to_pass_them(monkeypatch: pytest.MonkeyPatch
                                                                                ) -> None:
    """Jinja's Context.call looked at each callable three times for what to pass it (a fifth of a page's time);
    a plain function, bound method or macro is called as it is."""
    env = render.environment(Path("."), {"f": lambda x: x, "words": {"a": "b"}})
    template = env.from_string("{% macro m(x) %}{{ x }}{% endmacro %}{{ f(1) }}{{ m(2) }}{{ words.get('a') }}")
    asked: list[object] = []
    original = jinja2.utils._PassArg.from_obj.__func__  # type: ignore[attr-defined]

    def counted(cls: Any, obj: Any) -> Any:
        asked.append(obj)
        return original(cls, obj)
    monkeypatch.setattr(jinja2.utils._PassArg, "from_obj", classmethod(counted))
    assert template.render() == "12b"
    assert asked == []


def test_a_template_has_its_globals_as_one_dict_over_the_environments() -> None:
    """Each page copies its template's globals into its context: from one dict, not name by name through a
    ChainMap over the environment's (a tenth of an article page's time). A template's own globals still
    come first and stay its own."""
    env = render.environment(Path("."), {"name": "site", "other": 1})
    own = env.from_string("{{ name }} {{ other }}", globals={"name": "own"})
    plain = env.from_string("{{ name }} {{ other }}")
    assert type(own.globals) is dict and type(plain.globals) is dict
    assert (own.render(), plain.render(), plain.render(name="page")) == ("own 1", "site 1", "page 1")


def test_compiled_templates_are_kept_for_the_next_build_and_a_bad_entry_is_a_miss(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = site(tmp_path)
    todo = pages(12)
    first, _ = render_pages(todo, config, jobs=1)
    compiled: list[str | None] = []
    real = render._Environment.compile

    def counting(self: jinja2.Environment, source: Any, name: str | None = None, *args: Any, **kwargs: Any) -> Any:
        compiled.append(name)
        return real(self, source, name, *args, **kwargs)

    monkeypatch.setattr(render._Environment, "compile", counting)
    again, _ = render_pages(todo, config, jobs=1)
    assert compiled == [] and again == first
    (tmp_path / "templates" / "base.html").write_text(TEMPLATES["base.html"].replace("<title>", "<title>*"),
                                                      encoding="utf-8")
    changed, _ = render_pages(todo, config, jobs=1)
    assert compiled == ["base.html"] and changed != first  # the template changed, alone
    entries = sorted((tmp_path / ".warta-cache" / "templates").rglob("code-*"))
    assert len(entries) == 3  # one a template (by its name and file), the one compiled last
    for entry in entries:
        entry.write_bytes(entry.read_bytes()[:-20])  # truncated: each a miss, compiled again
    compiled.clear()
    assert render_pages(todo, config, jobs=1)[0] == changed
    assert sorted(c for c in compiled if c is not None) == ["base.html", "page.html", "robots.txt"]
