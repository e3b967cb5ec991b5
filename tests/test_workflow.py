"""The GitHub Pages workflow: actionlint finds nothing, and it builds, uploads and deploys the site."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import ROOT
from sitecheck import tools

WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"

GOOD_WORKFLOW = """\
name: pages
on:
  push:
    branches: [main]
  workflow_dispatch:
permissions:
  contents: read
  pages: write
  id-token: write
concurrency:
  group: pages
  cancel-in-progress: false
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
      - run: bash .ci/setup && .venv/bin/python build.py
      - uses: actions/upload-pages-artifact@v3
        with:
          path: _site
  deploy:
    needs: build
    runs-on: ubuntu-latest
    environment:
      name: github-pages
      url: ${{ steps.deployment.outputs.page_url }}
    steps:
      - id: deployment
        uses: actions/deploy-pages@v4
"""


def _actionlint(path: Path) -> subprocess.CompletedProcess[str]:
    try:
        binary = tools.actionlint()
    except tools.ToolMissing as exc:
        pytest.fail(str(exc), pytrace=False)
    return subprocess.run([binary, "-no-color", "-oneline", str(path)], capture_output=True, text=True,
                          cwd=path.parent, timeout=120, check=False)


def _steps(data: dict[Any, Any]) -> list[dict[str, Any]]:
    jobs = data.get("jobs") or {}
    steps = [s for job in jobs.values() if isinstance(job, dict) for s in (job.get("steps") or [])]
    return [s for s in steps if isinstance(s, dict)]


def deploy_problems(text: str) -> list[str]:
    """What keeps a workflow from building the site and deploying it to GitHub Pages."""
    data = yaml.safe_load(text)
    if not isinstance(data, dict):
        return ["the workflow is not a mapping"]
    problems = []
    triggers = data.get("on", data.get(True))  # YAML 1.1 reads a bare `on` key as true
    names = set(triggers) if isinstance(triggers, (dict, list)) else {triggers}
    if "push" not in names:
        problems.append(f"it does not run on push: on = {triggers!r}")
    permissions: dict[str, Any] = dict(data.get("permissions") or {})
    for job in (data.get("jobs") or {}).values():
        if isinstance(job, dict):
            permissions.update(job.get("permissions") or {})
    if permissions.get("pages") != "write" or permissions.get("id-token") != "write":
        problems.append(f"deploying to Pages needs permissions pages: write and id-token: write; found {permissions}")
    steps = _steps(data)
    uses = [str(s.get("uses", "")).split("@")[0] for s in steps]
    problems += [f"no step uses {action}" for action in
                 ("actions/checkout", "actions/upload-pages-artifact", "actions/deploy-pages") if action not in uses]
    upload = [s for s in steps if str(s.get("uses", "")).startswith("actions/upload-pages-artifact")]
    if upload and not (upload[0].get("with") or {}).get("path"):
        problems.append("the upload-pages-artifact step names no path to upload")
    if not any("build" in str(s.get("run", "")) for s in steps):
        problems.append("no run step builds the site")
    return problems


def test_actionlint_finds_nothing_in_the_pages_workflow() -> None:
    assert WORKFLOW.is_file(), f"no workflow at {WORKFLOW.relative_to(ROOT)}"
    result = _actionlint(WORKFLOW)
    assert result.returncode == 0, f"actionlint exited {result.returncode}:\n{result.stdout}{result.stderr}"


def test_pages_workflow_builds_uploads_and_deploys_the_site() -> None:
    assert WORKFLOW.is_file(), f"no workflow at {WORKFLOW.relative_to(ROOT)}"
    problems = deploy_problems(WORKFLOW.read_text(encoding="utf-8"))
    assert not problems, f"{WORKFLOW.relative_to(ROOT)}:\n" + "\n".join(problems)


def test_checks_pass_a_good_workflow_and_report_a_bad_one(tmp_path: Path) -> None:
    assert deploy_problems(GOOD_WORKFLOW) == []
    good = tmp_path / "good.yml"
    good.write_text(GOOD_WORKFLOW, encoding="utf-8")
    result = _actionlint(good)
    assert result.returncode == 0, result.stdout + result.stderr
    bad = GOOD_WORKFLOW.replace("  id-token: write\n", "").replace("actions/deploy-pages@v4", "actions/other@v1")
    bad = bad.replace("bash .ci/setup && .venv/bin/python build.py", "echo hi")
    assert deploy_problems(bad) == [
        "deploying to Pages needs permissions pages: write and id-token: write; found "
        "{'contents': 'read', 'pages': 'write'}",
        "no step uses actions/deploy-pages",
        "no run step builds the site",
    ]


def test_actionlint_reports_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "name: broken\non:\n  push:\n    branchs: [main]\njobs:\n  build:\n    runs-on: ubuntu-latest\n"
        "    steps:\n      - uses: actions/checkout@v4\n      - run: echo \"${{ github.nope }}\"\n",
        encoding="utf-8",
    )
    result = _actionlint(broken)
    assert result.returncode == 1, result.stdout + result.stderr
    assert 'unexpected key "branchs"' in result.stdout and 'property "nope" is not defined' in result.stdout
