"""Run the W3C Nu Html Checker (vnu.jar) once over many files, in one JVM."""

from __future__ import annotations

import json
import subprocess
import urllib.parse
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sitecheck import tools


@dataclass(frozen=True)
class Message:
    """One vnu error: the file, line, column and message."""

    path: Path
    line: int | None
    column: int | None
    message: str
    extract: str

    def where(self, site: Path) -> str:
        rel = self.path.relative_to(site).as_posix() if self.path.is_relative_to(site) else str(self.path)
        return f"{rel}:{self.line or '?'}:{self.column or '?'}"


class VnuFailed(RuntimeError):
    """vnu did not produce its JSON report."""


def check(files: Sequence[Path], timeout: float = 300) -> list[Message]:
    """Every error vnu finds in ``files`` (HTML; warnings are not errors)."""
    if not files:
        return []
    cmd = [tools.java(), "-Xss8m", "-jar", str(tools.vnu_jar()), "--format", "json", "--errors-only",
           "--exit-zero-always", *(str(f) for f in files)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    report = proc.stderr.strip() or proc.stdout.strip()  # vnu writes its report to stderr
    try:
        messages = json.loads(report)["messages"]
    except (ValueError, KeyError):
        raise VnuFailed(f"vnu exited {proc.returncode} with no JSON report:\n{report[:2000]}") from None
    out = []
    for m in messages:
        if m.get("type") not in ("error", "non-document-error"):
            continue
        url = m.get("url", "")
        path = Path(urllib.request.url2pathname(urllib.parse.urlsplit(url).path)) if url else Path("?")
        out.append(Message(path, m.get("lastLine"), m.get("firstColumn") or m.get("lastColumn"),
                           str(m.get("message", "")).strip(), str(m.get("extract", "")).strip()))
    return out
