"""Validation against a format's JSON Schema: every violation, most relevant first."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from jobstatus._engine import ERROR_DEPTH, WEAK_KEYWORDS, engine_errors, keyword_of, message_of
from jobstatus._errors import ValidationError, Violation
from jobstatus._formats import spec
from jobstatus._json import JSONInput, load, pointer_of

__all__ = ["iter_errors", "iter_violations", "validate"]


def iter_violations(value: Any, format_id: str) -> Iterator[Violation]:
    """Violations of an already loaded JSON value, in the engine's order."""
    validator = spec(format_id).validator
    if validator.is_valid(value):  # the fast path: one pass, no error objects
        return
    errors = engine_errors(validator, value)
    if not errors:  # only possible if a schema constrained values below ERROR_DEPTH
        yield Violation(
            pointer="",
            message=f"invalid, and nested too deeply (over {ERROR_DEPTH} levels) to say where",
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
