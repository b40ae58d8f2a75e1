"""Exact JSON types for the generated models.

pydantic's ``int`` rejects ``2.0`` in strict mode (JSON Schema calls it an integer) and its
``float`` turns ``42`` into ``42.0``; lax mode coerces ``"2"``. These types accept exactly the
JSON Schema values and keep each number as it was sent, so dumping a parsed payload gives the
input back.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, StrictFloat, StrictInt

__all__ = ["JsonInt", "JsonNumber", "WireModel"]


def _integral(value: int | float) -> int | float:
    if isinstance(value, float) and not value.is_integer():
        raise ValueError("must be an integer (a number with no fractional part)")
    return value


JsonInt = Annotated[StrictInt | StrictFloat, AfterValidator(_integral)]
"""A JSON Schema integer: ``2`` or ``2.0``, never ``2.5``, ``"2"`` or ``true``."""

JsonNumber = StrictInt | StrictFloat
"""A JSON Schema number, int or float as sent."""


class WireModel(BaseModel):
    """Base of every generated model: strict, wire names in and out, unknown keys kept.

    Input is read by wire name only: with population by Python name, an extra key that happens
    to be a field's Python name (Panoptica's ``request_id`` beside ``requestId``) would fill
    the field, so a valid payload would fail to parse or dump back changed.
    """

    model_config = ConfigDict(
        strict=True,
        extra="allow",
        validate_by_alias=True,
        validate_by_name=False,
        serialize_by_alias=True,
    )
