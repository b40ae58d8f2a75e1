"""Golden lint cases: every folder in tests/lint_cases is one ``jobstatus lint`` run.

A case folder holds input files, an optional ``args.json`` (extra command-line arguments) and
``expected.json``: the exit code, every finding (as ``--output json`` writes them) and the
summary. The inputs are passed by name, in name order, from inside the folder. To add a case,
create the folder with its inputs and run::

    JOBSTATUS_UPDATE_CASES=1 python -m pytest tests/test_lint_cases.py

then read the expected.json it wrote: it is the specification of that case.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from jobstatus._cli import main

CASES = Path(__file__).parent / "lint_cases"
_NOT_INPUTS = {"expected.json", "args.json", "README.md"}


def run_case(folder: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    args_file = folder / "args.json"
    args = json.loads(args_file.read_text()) if args_file.exists() else []
    inputs = sorted(p.name for p in folder.iterdir() if p.name not in _NOT_INPUTS)
    monkeypatch.chdir(folder)
    result = CliRunner().invoke(main, ["lint", "-o", "json", *args, *inputs])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    summary = lines.pop()
    assert summary.pop("type") == "summary"
    findings = []
    for line in lines:
        assert line.pop("type") == "finding"
        findings.append(line)
    return {"exit_code": result.exit_code, "findings": findings, "summary": summary}


@pytest.mark.parametrize("folder", sorted(p for p in CASES.iterdir() if p.is_dir()),
                         ids=lambda p: p.name)
def test_case(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    got = run_case(folder, monkeypatch)
    summary = got["summary"]
    accounted = (sum(summary["checked"].values()) + sum(summary["skipped"].values())
                 + sum(summary["unreadable"].values()))
    assert summary["records"] == accounted, "every record is checked, skipped or unreadable"
    expected_file = folder / "expected.json"
    if os.environ.get("JOBSTATUS_UPDATE_CASES"):
        expected_file.write_text(json.dumps(got, indent=2) + "\n")
    assert expected_file.exists(), (
        f"no expected.json: run JOBSTATUS_UPDATE_CASES=1 pytest {__file__}")
    assert got == json.loads(expected_file.read_text())
