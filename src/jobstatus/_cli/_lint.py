"""``jobstatus lint``: check captured payloads against their formats."""

from __future__ import annotations

import sys

import click

from jobstatus._formats import FORMATS
from jobstatus._lint._model import Finding, Severity, Summary
from jobstatus._lint._run import lint as run_lint

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def _text(finding: Finding) -> str:
    where = finding.location + (f" {finding.pointer}" if finding.pointer else "")
    fmt = f" ({finding.format})" if finding.format else ""
    return f"{where}: {finding.severity} [{finding.rule}]{fmt} {finding.message}"


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "forced_format", type=click.Choice(FORMATS),
              help="Check every payload as this format instead of detecting it.")
def lint(paths: tuple[str, ...], forced_format: str | None) -> None:
    """Check job-status payloads in JSON files (one payload or an array of them)."""
    summary = Summary()
    for finding in run_lint(paths, forced_format, summary):
        click.echo(_text(finding))
    checked = ", ".join(f"{count} {fmt}" for fmt, count in sorted(summary.checked.items()))
    skipped = sum(summary.skipped.values())
    counts = ", ".join(f"{summary.findings[s]} {s}" for s in reversed(Severity))
    click.echo(f"{summary.records} records in {summary.files} files: checked {checked or 'none'}; "
               f"{skipped} not checked; findings: {counts}", err=True)
    if summary.io_errors:
        sys.exit(EXIT_USAGE)
    sys.exit(EXIT_FINDINGS if summary.findings[Severity.ERROR] else EXIT_CLEAN)
