"""Safe YAML reading that remembers where each key stood.

Only ``yaml.SafeLoader`` is ever used: tags such as ``!!python/object`` are refused,
never constructed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from warta.errors import WartaError


class _Loader(yaml.SafeLoader):
    """SafeLoader that keeps dates as the strings they were written as.

    The stock resolver turns 2024-02-30 into a ValueError from deep inside the
    constructor; warta parses dates itself so it can say what is wrong and where.
    """


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True)
class YamlDoc:
    """A parsed YAML mapping, and the line (1-based) of each key, nested keys as "a.b"."""

    data: Any
    lines: dict[str, int]


def parse(text: str, path: str, first_line: int = 1, error: type[WartaError] = WartaError) -> YamlDoc:
    """Parse one YAML document; a syntax error names the file and the line."""
    try:
        node = yaml.compose(text, Loader=_Loader)
        data = yaml.load(text, Loader=_Loader) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + mark.line if mark is not None else first_line
        problem = exc.problem or exc.context or "invalid YAML"
        if "could not determine a constructor" in str(exc):
            problem = f"YAML tag {_tag_of(str(exc))} is not allowed"
        raise error(f"YAML: {problem}", path, line) from None
    except yaml.YAMLError as exc:
        raise error(f"YAML: {exc}", path, first_line) from None
    lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        _collect(node, "", first_line, lines)
    return YamlDoc(data, lines)


def _tag_of(message: str) -> str:
    start = message.find("'")
    end = message.find("'", start + 1)
    return message[start : end + 1] if 0 <= start < end else "(unknown)"


def _collect(node: yaml.MappingNode, prefix: str, first_line: int, out: dict[str, int]) -> None:
    for key, value in node.value:
        if not isinstance(key, yaml.ScalarNode):
            continue
        name = f"{prefix}{key.value}"
        out[name] = first_line + key.start_mark.line
        if isinstance(value, yaml.MappingNode):
            _collect(value, name + ".", first_line, out)
