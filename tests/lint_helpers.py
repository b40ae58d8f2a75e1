"""Running ``jobstatus lint`` in-process for tests, and checking what every run must hold."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from jobstatus._cli import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str

    @property
    def lines(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.stdout.splitlines()]

    @property
    def findings(self) -> list[dict[str, Any]]:
        return [line for line in self.lines if line["type"] == "finding"]

    @property
    def summary(self) -> dict[str, Any]:
        last = self.lines[-1]
        assert last["type"] == "summary"
        return last


def lint(*args: str, stdin: bytes | None = None) -> Run:
    """``jobstatus lint ARGS``; asserts that it ended by exiting, not by an exception."""
    result = CliRunner().invoke(main, ["lint", *args], input=stdin)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"lint raised {result.exception!r}\n{result.output}") from (
            result.exception)
    assert "Traceback" not in result.stdout + result.stderr
    return Run(result.exit_code, result.stdout, result.stderr)


def lint_json(*args: str, stdin: bytes | None = None) -> Run:
    """``jobstatus lint -o json ARGS``, with the summary's record invariant asserted."""
    run = lint("-o", "json", *args, stdin=stdin)
    assert_accounted(run.summary)
    return run


def assert_accounted(summary: dict[str, Any]) -> None:
    total = (sum(summary["checked"].values()) + sum(summary["skipped"].values())
             + sum(summary["unreadable"].values()))
    assert summary["records"] == total, summary
