"""Compare a built site with its expected tree, file by file, and rewrite the tree on request."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

EXCLUDED_DIRS = ("pagefind", "pagefind-shards")  # the search index: built by another tool, not pinned byte for byte
MAX_DIFF_LINES = 30
MAX_CHANGED_SHOWN = 8


def files(root: Path, excluded: tuple[str, ...] = EXCLUDED_DIRS) -> dict[str, Path]:
    """Every file under ``root`` by its POSIX relative path, excluded folders left out."""
    out = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if path.is_file() and not any(part in excluded for part in rel.parts[:-1]):
            out[rel.as_posix()] = path
    return out


def compare(actual: Path, expected: Path, excluded: tuple[str, ...] = EXCLUDED_DIRS) -> list[str]:
    """Missing, extra and changed files, each changed one with a short unified diff; empty when identical."""
    got, want = files(actual, excluded), files(expected, excluded)
    report = [f"missing (expected, not built): {rel}" for rel in sorted(want.keys() - got.keys())]
    report += [f"extra (built, not expected): {rel}" for rel in sorted(got.keys() - want.keys())]
    changed = [rel for rel in sorted(want.keys() & got.keys()) if want[rel].read_bytes() != got[rel].read_bytes()]
    for rel in changed[:MAX_CHANGED_SHOWN]:
        report.append(f"changed: {rel}\n{_diff(want[rel].read_bytes(), got[rel].read_bytes(), rel)}")
    if len(changed) > MAX_CHANGED_SHOWN:
        report.append(f"... and {len(changed) - MAX_CHANGED_SHOWN} more changed: "
                      + ", ".join(changed[MAX_CHANGED_SHOWN:]))
    return report


def _diff(old: bytes, new: bytes, rel: str) -> str:
    try:
        a, b = old.decode("utf-8").splitlines(), new.decode("utf-8").splitlines()
    except UnicodeDecodeError:
        return f"    (binary: {len(old)} bytes expected, {len(new)} built)"
    lines = list(difflib.unified_diff(a, b, f"expected/{rel}", f"built/{rel}", n=2, lineterm=""))
    if not lines:
        return "    (only line endings or a final newline differ)"
    shown = lines[:MAX_DIFF_LINES]
    if len(lines) > MAX_DIFF_LINES:
        shown.append(f"... ({len(lines) - MAX_DIFF_LINES} more diff lines)")
    return "\n".join("    " + line for line in shown)


def replace(expected: Path, actual: Path, excluded: tuple[str, ...] = EXCLUDED_DIRS) -> None:
    """Make ``expected`` an exact copy of ``actual`` (excluded folders left out)."""
    if expected.exists():
        shutil.rmtree(expected)
    for rel, path in files(actual, excluded).items():
        target = expected / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
