"""Reporters: findings out, in the format the consumer reads.

A reporter sees each input as it starts (``file``), each finding as it is found (``finding``)
and the summary at the end (``finish``). Text, GitHub and JSON Lines write each finding at
once (constant memory); SARIF and JUnit need one complete document, so they keep the findings
(never the records) until the end.
"""

from __future__ import annotations

import dataclasses
import re
import sys
from typing import IO, Any, ClassVar

import orjson

from jobstatus._lint._model import Finding, Severity, Summary


class Reporter:
    """Base reporter: writes nothing. Subclasses override what they need."""

    name: ClassVar[str] = ""

    def __init__(self, out: IO[str], *, fail_level: Severity = Severity.ERROR,
                 color: bool | None = None):
        self.out = out
        self.fail_level = fail_level
        self.color = color

    def file(self, name: str) -> None:
        """An input starts (before any of its findings)."""

    def finding(self, finding: Finding) -> None:
        """One finding, in input order."""

    def finish(self, summary: Summary) -> None:
        """The end: every finding was reported; *summary* is complete."""


def summary_line(summary: Summary) -> str:
    """The summary in one line of words, e.g. for stderr."""

    def listing(counts: dict[str, int]) -> str:
        return ", ".join(f"{count} {what}" for what, count in sorted(counts.items()))

    checked = sum(summary.checked.values())
    skipped = sum(summary.skipped.values())
    unreadable = sum(summary.unreadable.values())
    files = "1 file" if summary.files == 1 else f"{summary.files} files"
    parts = [f"{summary.records} records in {files}",
             f"{checked} checked" + (f" ({listing(summary.checked)})" if checked else "")]
    if skipped:
        parts.append(f"{skipped} skipped ({listing(summary.skipped)})")
    if unreadable:
        parts.append(f"{unreadable} unreadable ({listing(summary.unreadable)})")
    if summary.input_errors:
        parts.append(f"{summary.input_errors} input errors")
    not_sequenced = sum(summary.not_sequenced.values())
    if not_sequenced:
        reasons = {"invalid" if k == "invalid" else "without a job id": v
                   for k, v in summary.not_sequenced.items()}
        parts.append(f"{not_sequenced} not in sequence checks ({listing(reasons)})")
    counts = ", ".join(f"{summary.findings[s]} {s}" for s in reversed(Severity))
    return "; ".join(parts) + f"; findings: {counts}"


# Control characters (C0, DEL, C1): an input's text (a HAR entry's URL, a key in a message)
# could otherwise move the cursor, recolour a terminal or split a line of the output.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
# GitHub's workflow commands have their own escapes for line ends (%0D, %0A): kept for them.
_CONTROL_BUT_LINE_ENDS = re.compile("[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def printable(text: str, control: re.Pattern[str] = _CONTROL) -> str:
    """*text* with each *control* character escaped as Python would write it (``\\x1b``)."""
    if control.search(text) is None:
        return text
    return control.sub(lambda match: ascii(match.group())[1:-1], text)


def _printable(finding: Finding, control: re.Pattern[str] = _CONTROL) -> Finding:
    """*finding* with the text it quotes from inputs made printable (for line outputs)."""
    fields = (finding.message, finding.file, finding.pointer, finding.context)
    if not any(control.search(text) for text in fields):
        return finding
    return dataclasses.replace(finding, message=printable(finding.message, control),
                               file=printable(finding.file, control),
                               pointer=printable(finding.pointer, control),
                               context=printable(finding.context, control))


def plain(finding: Finding) -> str:
    finding = _printable(finding)
    where = finding.location
    if finding.context:
        where += f" {finding.context}"
    if finding.pointer:
        where += f" {finding.pointer}"
    fmt = f" ({finding.format})" if finding.format else ""
    return f"{where}: {finding.severity} [{finding.rule}]{fmt} {finding.message}"


class TextReporter(Reporter):
    """One line per finding. On a terminal, rich colours it; otherwise plain text is written
    directly (rich's rendering costs more than the linting of a line)."""

    name = "text"
    _STYLES: ClassVar[dict[Severity, str]] = {
        Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}

    def __init__(self, out: IO[str], **kwargs: Any):
        super().__init__(out, **kwargs)
        use_color = self.color if self.color is not None else out.isatty()
        self.console: Any = None
        if use_color:
            from rich.console import Console  # noqa: PLC0415 - only on a terminal

            # (no_color=False: an explicit --color wins over NO_COLOR, which rich reads itself)
            self.console = Console(file=out, highlight=False, soft_wrap=True, force_terminal=True,
                                   no_color=False)

    def finding(self, finding: Finding) -> None:
        if self.console is None:
            self.out.write(plain(finding) + "\n")
            return
        from rich.text import Text  # noqa: PLC0415

        finding = _printable(finding)
        text = Text()  # (Text(location, style=...) would style the whole line)
        text.append(finding.location, style="bold")
        if finding.context:
            text.append(f" {finding.context}", style="dim")
        if finding.pointer:
            text.append(f" {finding.pointer}", style="magenta")
        text.append(": ")
        text.append(str(finding.severity), style=self._STYLES[finding.severity])
        text.append(f" [{finding.rule}]", style="dim")
        if finding.format:
            text.append(f" ({finding.format})")
        text.append(f" {finding.message}")
        self.console.print(text)


class JsonLinesReporter(Reporter):
    """``--output json``: JSON Lines, one object per finding as it is found, then one summary
    object (``"type": "summary"``). Lines rather than one document so that findings stream and
    memory stays flat; ``jq -s`` or any JSONL reader takes it whole."""

    name = "json"

    def finding(self, finding: Finding) -> None:
        self.out.write(orjson.dumps(finding_dict(finding)).decode() + "\n")

    def finish(self, summary: Summary) -> None:
        self.out.write(orjson.dumps({"type": "summary", **summary.as_dict()}).decode() + "\n")


_SEVERITY_NAMES = {severity: str(severity) for severity in Severity}
"""Computed once: an enum member's ``name`` is a Python-level property, slow per finding."""


def finding_dict(finding: Finding) -> dict[str, Any]:
    return {
        "type": "finding",
        "rule": finding.rule,
        "severity": _SEVERITY_NAMES[finding.severity],
        "message": finding.message,
        "file": finding.file,
        "line": finding.line,
        "entry": finding.entry,
        "pointer": finding.pointer,
        "format": finding.format,
        "context": finding.context,
    }


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


class GithubReporter(Reporter):
    """GitHub Actions workflow commands: ``::error file=…,line=…,title=…::message``; info
    findings become ``notice``. Escaping follows the runner: ``% \\r \\n`` everywhere, and
    ``: ,`` in properties."""

    name = "github"
    _COMMANDS: ClassVar[dict[Severity, str]] = {
        Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}

    def finding(self, finding: Finding) -> None:
        finding = _printable(finding, _CONTROL_BUT_LINE_ENDS)
        props = [f"file={_escape_property(finding.file)}"]
        if finding.line is not None:
            props.append(f"line={finding.line}")
        props.append(f"title={_escape_property(f'jobstatus {finding.rule}')}")
        where = []
        if finding.entry is not None:
            where.append(f"entry {finding.entry}")
        if finding.context:
            where.append(finding.context)
        if finding.pointer:
            where.append(finding.pointer)
        message = (f"{', '.join(where)}: " if where else "") + finding.message
        if finding.format:
            message = f"({finding.format}) {message}"
        command = self._COMMANDS[finding.severity]
        self.out.write(f"::{command} {','.join(props)}::{_escape_data(message)}\n")


def reporter_classes() -> dict[str, type[Reporter]]:
    from jobstatus._lint._report_junit import JunitReporter  # noqa: PLC0415 - import cycle
    from jobstatus._lint._report_sarif import SarifReporter  # noqa: PLC0415

    return {cls.name: cls for cls in (TextReporter, JsonLinesReporter, SarifReporter,
                                      GithubReporter, JunitReporter)}


OUTPUTS = ("text", "json", "sarif", "github", "junit")


def make_reporter(output: str, out: IO[str] | None = None, **kwargs: Any) -> Reporter:
    return reporter_classes()[output](out if out is not None else sys.stdout, **kwargs)
