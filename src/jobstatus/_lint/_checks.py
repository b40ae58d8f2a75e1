"""Per-record checks: decode, detect the format, validate against its schema."""

from __future__ import annotations

from jobstatus._detect import detect_value
from jobstatus._errors import DecodeError
from jobstatus._formats import spec
from jobstatus._json import decode
from jobstatus._lint._model import Finding, Record, Severity
from jobstatus._validate import iter_violations, relevance


def check_record(record: Record, forced_format: str | None) -> tuple[str | None, list[Finding]]:
    """The record's format (None when unknown) and the findings about it."""

    def finding(rule: str, severity: Severity, message: str, pointer: str = "",
                format_id: str | None = None) -> Finding:
        return Finding(rule=rule, severity=severity, message=message, file=record.file,
                       line=record.line, entry=record.entry, pointer=pointer,
                       format=format_id, context=record.context)

    if record.error is not None:
        return None, [finding("unreadable", Severity.ERROR, record.error)]
    if record.decoded:
        value = record.value
    else:
        try:
            value = decode(record.raw or b"")
        except DecodeError as exc:
            return None, [finding("invalid-json", Severity.ERROR, str(exc))]
    format_id = forced_format or detect_value(value) or record.format_hint
    if format_id is None:
        return None, [finding("unknown-format", Severity.ERROR,
                              "not recognisably any job-status format")]
    format_spec = spec(format_id)
    found = []
    for violation in sorted(iter_violations(value, format_id), key=relevance):
        tail = violation.pointer.rsplit("/", 1)[-1]
        if format_spec.is_state_drift(tail, violation.keyword):
            found.append(finding("state-drift", Severity.WARNING,
                                 f"undocumented state value: {violation.message}",
                                 violation.pointer, format_id))
        else:
            found.append(finding("schema", Severity.ERROR, violation.message,
                                 violation.pointer, format_id))
    return format_id, found

