"""Reading the source schemas, and the in-memory rewrite that datamodel-code-generator gets.

The rewrite changes types only where JSON Schema and pydantic disagree, never what is valid:
- ``integer`` / ``number`` become jobstatus' exact types (``2.0`` is an integer, ``42`` stays
  an int and ``42.0`` a float), through datamodel-code-generator's ``customTypePath``;
- a ``type`` list holding ``null`` becomes ``anyOf`` so that the custom type keeps its null;
- the root becomes ``anyOf`` of the wire shapes, because the generator drops ``if/then/else``
  (datamodel-code-generator #2386); the differential tests hold the two forms equal.
"""

from __future__ import annotations

import copy
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

EXACT_TYPES = {
    "integer": "jobstatus._wire.JsonInt",
    "number": "jobstatus._wire.JsonNumber",
}


@dataclass(frozen=True)
class SourceSchema:
    format_id: str
    path: Path
    text: bytes
    schema: dict[str, Any]

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text).hexdigest()

    @property
    def annotation(self) -> dict[str, Any]:
        value: dict[str, Any] = self.schema.get("x-jobstatus", {})
        return value


def read_schemas(directory: Path) -> list[SourceSchema]:
    """Every ``*.schema.json`` in *directory*, canonical last, vendors in name order."""
    found = []
    for path in sorted(directory.glob("*.schema.json")):
        text = path.read_bytes()
        found.append(
            SourceSchema(
                format_id=path.name.removesuffix(".schema.json"),
                path=path,
                text=text,
                schema=json.loads(text),
            )
        )
    return sorted(found, key=lambda s: (s.format_id == "canonical", s.format_id))


def _exact_types(node: Any) -> Any:
    if isinstance(node, list):
        return [_exact_types(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _exact_types(value) for key, value in node.items()}
    kind = node.get("type")
    if isinstance(kind, list) and any(k in EXACT_TYPES for k in kind):
        rest = {k: v for k, v in node.items() if k != "type"}
        branches = [{"type": k, **({"customTypePath": EXACT_TYPES[k]} if k in EXACT_TYPES else {})}
                    for k in kind]
        return {**rest, "anyOf": branches}
    if isinstance(kind, str) and kind in EXACT_TYPES:
        node["customTypePath"] = EXACT_TYPES[kind]
    return node


def generator_input(source: SourceSchema) -> dict[str, Any]:
    """The schema as datamodel-code-generator should see it (see the module docstring)."""
    schema = copy.deepcopy(source.schema)
    shapes = source.annotation["shapes"]
    root = {
        "$schema": schema["$schema"],
        "$id": schema["$id"],
        "title": schema["title"],
        "description": schema.get("description", ""),
        "$defs": _exact_types(schema["$defs"]),
    }
    if len(shapes) == 1:
        root["$ref"] = shapes[0]["schema"]
    else:
        root["anyOf"] = [{"$ref": shape["schema"]} for shape in shapes]
    return root
