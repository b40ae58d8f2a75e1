"""Validation against a format's JSON Schema: every violation, most relevant first."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from jobstatus._errors import ValidationError, Violation
from jobstatus._formats import spec
from jobstatus._json import JSONInput, load, pointer_of

__all__ = ["WEAK_KEYWORDS", "engine_errors", "iter_errors", "iter_violations", "keyword_of",
           "message_of",
           "validate"]

# Keywords whose failure says little on its own (python-jsonschema's "weak matches").
WEAK_KEYWORDS = frozenset({"anyOf", "oneOf", "if", "then", "else", "allOf"})


# The engine's messages quote the offending value whole; a 10 MB string or a deep list would
# flood a terminal or a CI log, and the pointer already says where the value is.
_MESSAGE_LIMIT = 240


def message_of(error: Any) -> str:
    """The engine's message for *error*, its quoted value cut to a readable length."""
    message: str = error.message
    if len(message) <= _MESSAGE_LIMIT:
        return message
    return f"{message[:_MESSAGE_LIMIT]}... ({len(message):,} characters in all)"


def keyword_of(schema_path: Any) -> str:
    """The schema keyword that failed: the last name in the error's schema path."""
    for part in reversed(schema_path):
        if isinstance(part, str):
            return part
    return ""


# jsonschema-rs builds each error object by converting the failing instance back to Python,
# and gives up ("Recursion limit reached", a ValueError) on an instance nested more than 255
# deep, although it validates such documents fine. Our schemas constrain nothing more than a
# few levels down, so the errors of a copy emptied below this depth are the document's errors.
_ERROR_DEPTH = 200


def _shallow(value: Any, room: int) -> Any:
    if isinstance(value, dict):
        return {k: _shallow(v, room - 1) for k, v in value.items()} if room else {}
    if isinstance(value, list):
        return [_shallow(v, room - 1) for v in value] if room else []
    return value


def engine_errors(validator: Any, value: Any) -> list[Any]:
    """``validator.iter_errors(value)`` as a list, also for deeply nested invalid documents."""
    try:
        return list(validator.iter_errors(value))
    except ValueError as exc:
        if "recursion limit" not in str(exc).lower():
            raise
    return list(validator.iter_errors(_shallow(value, _ERROR_DEPTH)))


def iter_violations(value: Any, format_id: str) -> Iterator[Violation]:
    """Violations of an already loaded JSON value, in the engine's order."""
    validator = spec(format_id).validator
    if validator.is_valid(value):  # the fast path: one pass, no error objects
        return
    errors = engine_errors(validator, value)
    if not errors:  # only possible if a schema constrained values below _ERROR_DEPTH
        yield Violation(
            pointer="",
            message=f"invalid, and nested too deeply (over {_ERROR_DEPTH} levels) to say where",
            keyword="",
            schema_path="",
        )
    for error in errors:
        yield Violation(
            pointer=pointer_of(error.instance_path),
            message=message_of(error),
            keyword=keyword_of(error.schema_path),
            schema_path=pointer_of(error.schema_path),
        )


def relevance(violation: Violation) -> tuple[int, bool]:
    """Sort key, best first: shallow before deep, specific keywords before weak ones."""
    return (violation.pointer.count("/"), violation.keyword in WEAK_KEYWORDS)


def iter_errors(payload: JSONInput, format: str) -> Iterator[Violation]:
    """Every violation of *payload* against *format*'s schema, most relevant first."""
    value = load(payload)
    yield from sorted(iter_violations(value, format), key=relevance)


def validate(payload: JSONInput, format: str) -> None:
    """Raise ValidationError, carrying every violation, unless *payload* is a valid *format*."""
    value = load(payload)
    errors = sorted(iter_violations(value, format), key=relevance)
    if errors:
        raise ValidationError(format, errors)
