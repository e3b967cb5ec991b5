"""Safe YAML reading that remembers where each key stood.

Only ``yaml.SafeLoader`` is ever used: tags such as ``!!python/object`` are refused,
never constructed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from warta.errors import WartaError

MAX_DEPTH = 20  # levels of nested lists and mappings; front matter and site.yaml need three or four


class _Loader(yaml.SafeLoader):
    """SafeLoader that keeps dates as the strings they were written as, and refuses aliases.

    The stock resolver turns 2024-02-30 into a ValueError from deep inside the
    constructor; warta parses dates itself so it can say what is wrong and where.
    Aliases (``*name``) are refused: they can make a document refer to itself or
    expand a few lines into millions of values ("billion laughs"), and front matter
    never needs them. Nesting is bounded, so deep brackets cannot exhaust the stack.
    """

    depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise yaml.composer.ComposerError(None, None, f"aliases such as '*{event.anchor}' are not allowed",
                                              event.start_mark)
        if self.depth >= MAX_DEPTH:
            raise yaml.composer.ComposerError(None, None, f"nested more than {MAX_DEPTH} levels deep",
                                              self.peek_event().start_mark)  # type: ignore[no-untyped-call]
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

BUILTIN = Path(__file__).resolve().parent / "data"  # warta's own tables, shipped with it


def is_builtin(path: Path) -> bool:
    """Whether ``path`` is one of warta's own tables (in its package's data folder), not a user's file."""
    return path.resolve().is_relative_to(BUILTIN)


if getattr(yaml, "__with_libyaml__", False):
    class _FastLoader(yaml.CSafeLoader):
        """libyaml's parser with _Loader's resolvers (the same values, dates kept as strings), for warta's own
        tables only: it neither refuses aliases nor bounds nesting, which a user's file could abuse. Reading
        the built-in tables takes 0.5 s with it, against 3.3 s with the pure-Python parser, in every process
        that reads them (the first build, each worker, `warta check`)."""

    _FastLoader.yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers
else:  # PyYAML built without libyaml: the same values, read more slowly
    _FastLoader = _Loader  # type: ignore[misc,assignment]


@dataclass(frozen=True)
class YamlDoc:
    """A parsed YAML mapping, and the line (1-based) of each key, nested keys as "a.b"."""

    data: Any
    lines: dict[str, int]


def parse(text: str, path: str, first_line: int = 1, error: type[WartaError] = WartaError,
          builtin: bool = False) -> YamlDoc:
    """Parse one YAML document; a syntax error names the file and the line. ``builtin``: the text is one
    of warta's own tables (see :func:`is_builtin`), read with libyaml where PyYAML has it."""
    try:
        loader = _FastLoader(text) if builtin else _Loader(text)
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow, e.g. U+FFFE
        line = first_line + text.count("\n", 0, exc.position)
        raise error(f"YAML: character U+{exc.character:04X} is not allowed", path, line) from None
    try:
        node = loader.get_single_node()  # one pass: the nodes give the lines, then the values
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + mark.line if mark is not None else first_line
        problem = exc.problem or exc.context or "invalid YAML"
        if "could not determine a constructor" in str(exc):
            problem = f"YAML tag {_tag_of(str(exc))} is not allowed"
        elif exc.problem and exc.context and exc.context_mark is not None and mark is not None \
                and exc.context_mark.line != mark.line:  # where the unfinished thing began
            problem = f"{problem} ({exc.context} on line {first_line + exc.context_mark.line})"
        raise error(f"YAML: {problem}", path, line) from None
    except yaml.YAMLError as exc:
        raise error(f"YAML: {exc}", path, first_line) from None
    finally:
        loader.dispose()
    lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        _collect(node, "", first_line, lines, path, error)
    return YamlDoc(data, lines)


def _tag_of(message: str) -> str:
    start = message.find("'")
    end = message.find("'", start + 1)
    return message[start : end + 1] if 0 <= start < end else "(unknown)"


def _collect(node: yaml.MappingNode, prefix: str, first_line: int, out: dict[str, int], path: str,
             error: type[WartaError]) -> None:
    seen: dict[str, int] = {}
    for key, value in node.value:
        if not isinstance(key, yaml.ScalarNode):
            continue
        name = f"{prefix}{key.value}"
        line = first_line + key.start_mark.line
        if name in seen:  # YAML would silently keep the last value
            raise error(f"YAML: key '{name}' appears twice (first on line {seen[name]})", path, line)
        seen[name] = line
        out[name] = line
        if isinstance(value, yaml.MappingNode):
            _collect(value, name + ".", first_line, out, path, error)
