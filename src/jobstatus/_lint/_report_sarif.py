"""``--output sarif``: one SARIF 2.1.0 log, for code-scanning consumers (GitHub, Azure DevOps).

Each finding is a result with its rule, level (info is ``note``), message and a physical
location: the file as a URI reference and, where the line is known, ``region.startLine``. A HAR
entry (which has no line) and an element of a JSON array get a logical location ``[i]``, their
index. The JSON pointer inside the payload, the format and the HTTP context travel in the
result's property bag.
"""

from __future__ import annotations

import os
from importlib.metadata import version
from pathlib import PurePath
from typing import Any, ClassVar
from urllib.parse import quote

import orjson

from jobstatus._lint._model import RULES, Finding, Severity, Summary
from jobstatus._lint._report import Reporter

SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def artifact_uri(name: str) -> str:
    """A file name as a SARIF URI reference: relative paths stay relative (forward slashes,
    percent-encoded), absolute ones become ``file://`` URIs."""
    if os.path.isabs(name):
        return PurePath(name).as_uri()
    return quote(name.replace(os.sep, "/"), safe="/")


class SarifReporter(Reporter):
    name: ClassVar[str] = "sarif"

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.findings: list[Finding] = []

    def finding(self, finding: Finding) -> None:
        self.findings.append(finding)

    def finish(self, summary: Summary) -> None:
        self.out.write(orjson.dumps(sarif_log(self.findings, summary),
                                    option=orjson.OPT_INDENT_2).decode() + "\n")


def _result(finding: Finding, rule_index: int) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(finding.file)}}
    if finding.line is not None and finding.line >= 1:
        physical["region"] = {"startLine": finding.line}
    location: dict[str, Any] = {"physicalLocation": physical}
    if finding.entry is not None:
        location["logicalLocations"] = [
            {"name": f"[{finding.entry}]", "fullyQualifiedName": f"[{finding.entry}]",
             "kind": "element"}
        ]
    properties: dict[str, Any] = {}
    if finding.pointer:
        properties["jsonPointer"] = finding.pointer
    if finding.format:
        properties["format"] = finding.format
    if finding.context:
        properties["context"] = finding.context
    if finding.entry is not None:
        properties["entry"] = finding.entry
    # Consumers show the message alone, so it names the HAR entry and the pointer itself.
    where = ""
    if finding.entry is not None:
        where = f"[entry {finding.entry}] " + (f"{finding.context} " if finding.context else "")
    if finding.pointer:
        where += finding.pointer
    where = f"{where.strip()}: " if where else ""
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": rule_index,
        "level": _LEVELS[finding.severity],
        "message": {"text": where + finding.message},
        "locations": [location],
    }
    if properties:
        result["properties"] = properties
    return result


def sarif_log(findings: list[Finding], summary: Summary) -> dict[str, Any]:
    rule_ids = list(RULES)
    rule_ids += sorted({f.rule for f in findings} - set(rule_ids))
    index = {rule_id: position for position, rule_id in enumerate(rule_ids)}
    rules = []
    for rule_id in rule_ids:
        rule = RULES.get(rule_id)
        entry: dict[str, Any] = {"id": rule_id}
        if rule is not None:
            entry["shortDescription"] = {"text": rule.description}
            entry["defaultConfiguration"] = {"level": _LEVELS[rule.severity]}
        rules.append(entry)
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "jobstatus",
                        "version": version("jobstatus"),
                        "rules": rules,
                    }
                },
                "invocations": [{"executionSuccessful": summary.input_errors == 0}],
                "results": [_result(f, index[f.rule]) for f in findings],
                "properties": {"summary": summary.as_dict()},
            }
        ],
    }
