"""The format registry: each format's schema, compiled validators and wire shapes.

A format is one schema file in ``jobstatus/schemas``; its ``x-jobstatus`` annotation names the
wire shapes (bare object, wrapper, list wrapper) and the mapping to the hub. Validators are
compiled once, lazily, with jsonschema-rs, the spec-exact engine (formats asserted).
"""

from __future__ import annotations

import functools
import importlib.resources
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import jsonschema_rs
import orjson

from jobstatus._errors import UnknownFormatError
from jobstatus._generated.registry import FORMATS

__all__ = ["FORMATS", "FormatSpec", "Shape", "spec"]


@dataclass(frozen=True, slots=True)
class Shape:
    """One way a format travels: ``object`` (bare), ``wrapper`` or ``list`` (keyed envelopes)."""

    name: str
    key: str | None
    """The envelope key that announces this shape; None for the bare object."""
    definition: str
    """Name of the ``$defs`` entry that describes it."""


@dataclass(frozen=True, slots=True)
class FormatSpec:
    id: str
    schema: Mapping[str, Any]
    validator: Any
    """jsonschema-rs validator of the whole format (every shape)."""
    shapes: tuple[Shape, ...]
    property_validators: Mapping[str, Any]
    """One validator per property of the job object; detection scores with them."""
    state_field: str | None
    state_values: frozenset[str]

    def shape_of(self, value: Any) -> Shape:
        """The shape of *value*, chosen the way the schema's if/then/else chooses it."""
        if isinstance(value, dict):
            for shape in self.shapes:
                if shape.key is not None and shape.key in value:
                    return shape
        return self.shapes[-1]

    def is_state_drift(self, pointer_tail: str, keyword: str) -> bool:
        """Whether an error is only an unknown value of the state field (vendor drift)."""
        return keyword == "enum" and pointer_tail == self.state_field


def _read_schema(format_id: str) -> dict[str, Any]:
    resource = importlib.resources.files("jobstatus") / "schemas" / f"{format_id}.schema.json"
    schema: dict[str, Any] = orjson.loads(resource.read_bytes())
    return schema


def _sub_validator(schema: Mapping[str, Any], subschema: Any) -> Any:
    # Keep $id and $defs so that references inside the subschema resolve as in the whole.
    wrapped = {
        "$schema": schema["$schema"],
        "$id": schema["$id"],
        "$defs": schema.get("$defs", {}),
        "allOf": [subschema],
    }
    return jsonschema_rs.validator_for(wrapped, validate_formats=True)


@functools.cache
def spec(format_id: str) -> FormatSpec:
    """The spec of *format_id*; raises UnknownFormatError for an id that is not a format."""
    if format_id not in FORMATS:
        raise UnknownFormatError(
            f"unknown format {format_id!r}; known formats: {', '.join(FORMATS)}"
        )
    schema = _read_schema(format_id)
    annotation = schema["x-jobstatus"]
    shapes = tuple(
        Shape(
            name=entry["name"],
            key=entry.get("key"),
            definition=entry["schema"].rsplit("/", 1)[-1],
        )
        for entry in annotation["shapes"]
    )
    job_schema = schema["$defs"][shapes[-1].definition]
    state = annotation.get("state")
    state_field = state["field"] if state else None
    state_values = frozenset(state["to_canonical"]) if state else frozenset()
    return FormatSpec(
        id=format_id,
        schema=schema,
        validator=jsonschema_rs.validator_for(schema, validate_formats=True),
        shapes=shapes,
        property_validators={
            name: _sub_validator(schema, sub) for name, sub in job_schema["properties"].items()
        },
        state_field=state_field,
        state_values=state_values,
    )
