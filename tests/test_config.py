"""site.yaml: defaults, overrides, and errors that name the key, the file and the line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from warta.config import SiteConfig, load_config
from warta.errors import ConfigError


def write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "site.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def test_no_site_yaml_gives_the_built_in_defaults(tmp_path: Path) -> None:
    config = load_config(tmp_path)
    assert config.input_dir == "seeds" and config.output_dir == "_site" and config.root == tmp_path.resolve()


def test_site_yaml_overrides_defaults(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, "title: Kabar\nbase_url: https://x.github.io/r/\npage_size: 5\n"
                                         "build_date: 2024-07-01\nthemes:\n  threshold: 4\n"))
    assert (config.title, config.base_url, config.page_size) == ("Kabar", "https://x.github.io/r/", 5)
    assert config.build_date == dt.date(2024, 7, 1) and config.today == dt.date(2024, 7, 1)
    assert config.themes.threshold == 4.0


@pytest.mark.parametrize(("text", "message"), [
    ("title: A\ncolour: red\n", "site.yaml:2: unknown key 'colour'; allowed keys are: title, description"),
    ("page_size: many\n", "site.yaml:1: 'page_size' must be a whole number, not 'many' (str)"),
    ("title: A\nthemes:\n  treshold: 2\n",
     "site.yaml:3: unknown key 'themes.treshold'; allowed keys are: themes.lexicon"),
    ("themes: 3\n", "site.yaml:1: 'themes' must be a mapping, not 3 (int)"),
    ("build_date: 2024-02-30\n", "site.yaml:1: 'build_date' is '2024-02-30', which is not a date (YYYY-MM-DD)"),
    ("title: [unclosed\n", "site.yaml:2: YAML: expected ',' or ']', but got '<stream end>'"),
    ("- a\n- b\n", "site.yaml:1: expected a mapping of settings at the top level"),
])
def test_bad_site_yaml_names_key_file_and_line(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, text))
    assert str(caught.value).startswith(message)


def test_source_date_epoch_sets_the_build_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1718755200")
    assert SiteConfig().today == dt.date(2024, 6, 19)


OWN = Path(__file__).resolve().parents[1]  # warta's checkout: its templates/ and static/


def test_a_project_that_is_only_a_folder_of_articles_gets_wartas_own_look(tmp_path: Path) -> None:
    # `warta build --root ~/story` with only seeds/ stopped at "templates folder does not exist"
    (tmp_path / "seeds").mkdir()
    config = load_config(tmp_path)
    assert (config.templates_dir, config.static_dir) == (str(OWN / "templates"), str(OWN / "static"))
    (tmp_path / "site.yaml").write_text("title: Banjir\n", encoding="utf-8")  # a site.yaml that names neither
    assert load_config(tmp_path).templates_dir == str(OWN / "templates")


def test_a_projects_own_folders_or_the_ones_site_yaml_names_are_kept(tmp_path: Path) -> None:
    (tmp_path / "templates").mkdir()
    assert load_config(tmp_path).templates_dir == "templates"
    assert load_config(tmp_path).static_dir == str(OWN / "static")
    (tmp_path / "site.yaml").write_text("static_dir: aset\n", encoding="utf-8")
    assert load_config(tmp_path).static_dir == "aset"  # named: kept as named


def test_warta_s_own_tables_read_the_same_with_the_fast_reader() -> None:
    """The built-in tables are read with libyaml (yamlio.parse(builtin=True)): the same values, of the same
    types (dates kept as strings, no timestamps), and the same line for every key as the checking reader's."""
    from warta import yamlio

    tables = sorted(yamlio.BUILTIN.rglob("*.yaml"))
    assert len(tables) > 10
    for table in tables:
        assert yamlio.is_builtin(table)
        text = table.read_text(encoding="utf-8")
        checked, fast = yamlio.parse(text, table.name), yamlio.parse(text, table.name, builtin=True)
        assert repr(fast.data) == repr(checked.data) and fast.lines == checked.lines, table.name
    assert repr(yamlio.parse("d: 2024-06-19\nn: 12\n", "x.yaml", builtin=True).data) == "{'d': '2024-06-19', 'n': 12}"


def test_only_files_inside_warta_s_data_folder_count_as_its_own(tmp_path: Path) -> None:
    from warta import yamlio

    assert not yamlio.is_builtin(tmp_path / "themes.yaml")
    assert not yamlio.is_builtin(yamlio.BUILTIN.parent / "cli.py")
    assert not yamlio.is_builtin(yamlio.BUILTIN / ".." / ".." / "themes.yaml")  # a way out of the folder
    link = tmp_path / "data"
    link.symlink_to(yamlio.BUILTIN)
    assert yamlio.is_builtin(link / "dates.yaml")  # the same file, reached another way
