"""The schema engine's (jsonschema-rs) errors, read: every error of a value, even a deeply
nested one, its keyword, and its message cut to a readable length.

Compiled by mypyc with the linter's loop (see ``pyproject.toml``): the linter reads the errors
of every invalid payload through it. The public API (``_validate``) reads them through it too.
"""

from __future__ import annotations

from typing import Any, Final

__all__ = ["ERROR_DEPTH", "WEAK_KEYWORDS", "engine_errors", "errors_if_invalid", "keyword_of",
           "message_of"]

# Keywords whose failure says little on its own (python-jsonschema's "weak matches").
WEAK_KEYWORDS: Final = frozenset({"anyOf", "oneOf", "if", "then", "else", "allOf"})


# The engine's messages quote the offending value whole; a 10 MB string or a deep list would
# flood a terminal or a CI log, and the pointer already says where the value is.
_MESSAGE_LIMIT: Final = 240


def message_of(error: Any) -> str:
    """The engine's message for *error*, its quoted value cut to a readable length."""
    message: str = error.message
    if len(message) <= _MESSAGE_LIMIT:
        return message
    return f"{message[:_MESSAGE_LIMIT]}... ({len(message):,} characters in all)"


def keyword_of(schema_path: Any) -> str:
    """The schema keyword that failed: the last name in the error's schema path."""
    for index in range(len(schema_path) - 1, -1, -1):  # no reversed(): an iterator object
        part = schema_path[index]
        if isinstance(part, str):
            return part
    return ""


# jsonschema-rs builds each error object by converting the failing instance back to Python,
# and gives up ("Recursion limit reached", a ValueError) on an instance nested more than 255
# deep, although it validates such documents fine. Our schemas constrain nothing more than a
# few levels down, so the errors of a copy emptied below this depth are the document's errors.
ERROR_DEPTH: Final = 200


def _shallow(value: Any, room: int) -> Any:
    if isinstance(value, dict):
        return {k: _shallow(v, room - 1) for k, v in value.items()} if room else {}
    if isinstance(value, list):
        return [_shallow(v, room - 1) for v in value] if room else []
    return value


def engine_errors(validator: Any, value: Any) -> list[Any]:
    """``validator.iter_errors(value)`` as a list, also for deeply nested invalid documents."""
    return _errors(validator, value)[0]


def errors_if_invalid(validator: Any, value: Any) -> tuple[list[Any], bool] | None:
    """None when *value* is valid, else its errors as :func:`engine_errors` gives them, and
    whether they are the document's own (False: those of a copy cut at ``ERROR_DEPTH``, maybe
    none). For a value that is most likely invalid: one pass where ``is_valid`` and then the
    errors would be two. (For a valid value it costs a little more than ``is_valid``.) The
    engine yields no error exactly when the value is valid; it fails to build an error's
    object only for an error there is."""
    errors, complete = _errors(validator, value)
    return None if complete and not errors else (errors, complete)


def _errors(validator: Any, value: Any) -> tuple[list[Any], bool]:
    """The engine's errors of *value*, and whether they are its own (False: those of a copy
    emptied below ``ERROR_DEPTH``, as the engine could not build them: see above)."""
    try:
        return list(validator.iter_errors(value)), True
    except ValueError as exc:
        if "recursion limit" not in str(exc).lower():
            raise
    return list(validator.iter_errors(_shallow(value, ERROR_DEPTH))), False
