"""Parsing a payload into its typed model, after the schema engine has accepted it.

The schema engine (jsonschema-rs) is the judge of validity, so the library accepts exactly
what the JSON Schema accepts; the generated models then give typed access and dump the
payload back exactly (same keys, same nulls, same int vs float).
"""

from __future__ import annotations

from typing import Any

import pydantic

from jobstatus._detect import detect_with_validity
from jobstatus._errors import DecodeError, UnknownFormatError, ValidationError, Violation
from jobstatus._formats import spec
from jobstatus._generated.registry import MODELS
from jobstatus._json import JSONInput, load, pointer_of
from jobstatus._validate import iter_violations, relevance
from jobstatus._wire import WireModel

__all__ = ["MODEL_DEPTH", "check_model_depth", "parse", "resolve_format",
           "resolve_format_and_validity"]


def resolve_format(value: Any, format: str | None, argument: str = "format") -> str:
    return resolve_format_and_validity(value, format, argument)[0]


def resolve_format_and_validity(value: Any, format: str | None, argument: str = "format"
                                ) -> tuple[str, bool | None]:
    """The format to read *value* as, and its validity when detection already found it out;
    *argument*: the caller's parameter that names a format, for the error."""
    if format is not None:
        spec(format)  # raises UnknownFormatError for a bad id
        return format, None
    detected, valid = detect_with_validity(value)
    if detected is None:
        raise UnknownFormatError(
            f"cannot detect the format of this payload; pass {argument}= to name it")
    return detected, valid


MODEL_DEPTH = 250
"""The deepest nesting a typed model holds (pydantic serializes to 254 levels)."""


def _deeper_than(root: Any, limit: int) -> bool:
    """Whether a JSON value nests more than *limit* containers (a walk with its own stack)."""
    stack: list[tuple[Any, int]] = [(root, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            if depth > limit:
                return True
            items = value.values() if isinstance(value, dict) else value
            stack.extend((item, depth + 1) for item in items if isinstance(item, dict | list))
    return False


def check_model_depth(value: Any) -> None:
    """Raise DecodeError for a value nested too deeply for a typed model (``MODEL_DEPTH``)."""
    if _deeper_than(value, MODEL_DEPTH):
        raise DecodeError(f"JSON nested deeper than {MODEL_DEPTH} levels: valid, but a typed "
                          "model could not dump it back (validate() takes it)")


def parse(payload: JSONInput, format: str | None = None) -> WireModel:
    """The typed model of *payload*; detects the format when *format* is None.

    Raises DecodeError, UnknownFormatError or ValidationError (with every violation). A
    payload nested deeper than ``MODEL_DEPTH`` is valid (``validate``) but gets no model: the
    models' serializer (pydantic's) stops there, and a model must dump what it read.
    """
    value = load(payload)
    format_id = resolve_format(value, format)
    errors = sorted(iter_violations(value, format_id), key=relevance)
    if errors:
        raise ValidationError(format_id, errors)
    check_model_depth(value)
    model: type[WireModel] = MODELS[format_id][spec(format_id).shape_of(value).name]
    try:
        return model.model_validate(value)
    except pydantic.ValidationError as exc:  # pragma: no cover - the differential tests guard this
        raise ValidationError(format_id, [_from_pydantic(e) for e in exc.errors()]) from None


def _from_pydantic(error: Any) -> Violation:
    return Violation(pointer=pointer_of(error["loc"]), message=error["msg"],
                     keyword=error["type"], schema_path="")
