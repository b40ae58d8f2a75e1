"""Parsing a payload into its typed model, after the schema engine has accepted it.

The schema engine (jsonschema-rs) is the judge of validity, so the library accepts exactly
what the JSON Schema accepts; the generated models then give typed access and dump the
payload back exactly (same keys, same nulls, same int vs float).
"""

from __future__ import annotations

from typing import Any

import pydantic

from jobstatus._detect import detect_with_validity
from jobstatus._errors import UnknownFormatError, ValidationError, Violation
from jobstatus._formats import spec
from jobstatus._generated.registry import MODELS
from jobstatus._json import JSONInput, load, pointer_of
from jobstatus._validate import iter_violations, relevance
from jobstatus._wire import WireModel

__all__ = ["parse", "resolve_format", "resolve_format_and_validity"]


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


def parse(payload: JSONInput, format: str | None = None) -> WireModel:
    """The typed model of *payload*; detects the format when *format* is None.

    Raises DecodeError, UnknownFormatError or ValidationError (with every violation).
    """
    value = load(payload)
    format_id = resolve_format(value, format)
    errors = sorted(iter_violations(value, format_id), key=relevance)
    if errors:
        raise ValidationError(format_id, errors)
    model: type[WireModel] = MODELS[format_id][spec(format_id).shape_of(value).name]
    try:
        return model.model_validate(value)
    except pydantic.ValidationError as exc:  # pragma: no cover - the differential tests guard this
        raise ValidationError(format_id, [_from_pydantic(e) for e in exc.errors()]) from None


def _from_pydantic(error: Any) -> Violation:
    return Violation(pointer=pointer_of(error["loc"]), message=error["msg"],
                     keyword=error["type"], schema_path="")
