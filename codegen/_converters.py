"""Converter modules, vendor <-> canonical, generated from each schema's x-jobstatus mapping.

A generated module holds the mapping as tables plus two straight-line functions: the field
code is written out per field, so that reading a converter shows exactly what happens to each
wire key. Everything shared by all formats (state rule 0, extras, loss accounting, validation)
lives in jobstatus._convert, written once.
"""

from __future__ import annotations

from typing import Any

from codegen._header import header
from codegen._schemas import SourceSchema
from codegen._totality import job_schema


def _pointer(path: str) -> str:
    return "/" + path.replace(".", "/")


def _wire_pointer(field: str) -> str:
    return "/" + field.replace("~", "~0").replace("/", "~1")


def generate_converter(source: SourceSchema, canonical: SourceSchema, generator: str) -> str:
    mapping = source.annotation
    state = mapping["state"]
    fields: dict[str, dict[str, Any]] = mapping.get("fields", {})
    job = job_schema(source)
    state_from: dict[str, tuple[str, str | None, str]] = {}
    for canonical_state, target in state["from_canonical"].items():
        if isinstance(target, dict):
            state_from[canonical_state] = (target["value"], target["loss"], target["reason"])
        else:
            state_from[canonical_state] = (target, None, "")
    mapped = {name: entry for name, entry in fields.items() if "canonical" in entry}
    dropped = {name: entry["dropped"] for name, entry in fields.items() if "dropped" in entry}
    not_carried = {_pointer(leaf): reason for leaf, reason in mapping["not_carried"].items()}
    wire_pointers = {_pointer(entry["canonical"]): _wire_pointer(name)
                     for name, entry in mapped.items()}
    wire_pointers["/state"] = _wire_pointer(state["field"])
    shapes = tuple((shape["name"], shape.get("key")) for shape in mapping["shapes"])
    parents = sorted({entry["canonical"].split(".")[0] for entry in mapped.values()
                      if "." in entry["canonical"]})
    transforms = sorted({entry.get("transform", "identity") for entry in mapped.values()}
                        - {"identity"})

    out = [
        header(f"schemas/{source.path.name}", source.sha256, generator),
        f'"""Converters between {source.format_id} and the canonical hub, from the mapping '
        'in its schema."""',
        "",
        "from __future__ import annotations",
        "",
        "from collections.abc import Mapping",
        "from typing import Any",
        "",
        "from jobstatus._convert_context import ABSENT, Context",
        "from jobstatus._transforms import TRANSFORMS",
        "",
        f"FORMAT = {source.format_id!r}",
        f"STATE_FIELD = {state['field']!r}",
        f"SHAPES: tuple[tuple[str, str | None], ...] = {shapes!r}",
        f"REQUIRED: tuple[str, ...] = {tuple(job.get('required', ()))!r}",
        f"STATE_TO_CANONICAL: dict[str, str] = {state['to_canonical']!r}",
        "# canonical state -> (wire value, loss kind or None, reason)",
        "STATE_FROM_CANONICAL: dict[str, tuple[str, str | None, str]] = {",
        *[f"    {k!r}: {v!r}," for k, v in state_from.items()],
        "}",
        "# wire fields kept only in source.extra, with the reason the hub has no place for them",
        f"DROPPED: dict[str, str] = {dropped!r}",
        "# canonical fields this format cannot carry, with the reason",
        "NOT_CARRIED: dict[str, str] = {",
        *[f"    {k!r}: {v!r}," for k, v in not_carried.items()],
        "}",
        "# canonical path -> JSON pointer of the wire field that carries it (inside the job)",
        f"WIRE_POINTERS: dict[str, str] = {wire_pointers!r}",
        "",
        *[f"_{name} = TRANSFORMS[{name!r}]" for name in transforms],
        "",
        "",
        "# every wire field this module reads; anything else is kept in source.extra",
        f"WIRE_FIELDS = frozenset({sorted([*mapped, state['field']])!r})",
        "",
        "",
        "def job_to_canonical(job: Mapping[str, Any], source: dict[str, Any]) -> dict[str, Any]:",
        '    """The hub fields of one wire job object; raw state and extras go to *source*."""',
        "    hub: dict[str, Any] = {}",
        *[f"    {parent}: dict[str, Any] = {{}}" for parent in parents],
        "    seen = 0",
    ]
    # One look-up per mapped field, then extras only when some key was not read: the usual
    # payload has no extras, and this runs for every job of every payload.
    for name, entry in mapped.items():
        parts = entry["canonical"].split(".")
        transform = entry.get("transform", "identity")
        call = "value" if transform == "identity" else f"_{transform}.forward(value, source)"
        target = f"hub[{parts[0]!r}]" if len(parts) == 1 else f"{parts[0]}[{parts[1]!r}]"
        out += [
            f"    value = job.get({name!r}, ABSENT)",
            "    if value is not ABSENT:",
            "        seen += 1",
            f"        {target} = {call}",
        ]
    for parent in parents:
        out += [f"    if {parent}:", f"        hub[{parent!r}] = {parent}"]
    out += [
        "    value = job.get(STATE_FIELD, ABSENT)",
        "    if value is not ABSENT:",
        "        seen += 1",
        '        source["state"] = value',
        "    if seen != len(job):",
        '        source["extra"] = {k: v for k, v in job.items() if k not in WIRE_FIELDS}',
        "    return hub",
        "",
        "",
        "def job_from_canonical(ctx: Context) -> dict[str, Any]:",
        '    """The mapped wire fields of one job (state and extras are added by the caller)."""',
        "    out: dict[str, Any] = {}",
    ]
    nested = sorted({entry["canonical"].split(".")[0] for entry in mapped.values()
                     if "." in entry["canonical"]
                     and entry.get("transform", "identity") == "identity"})
    if any(entry.get("transform", "identity") == "identity" for entry in mapped.values()):
        out.append("    hub = ctx.hub")
    for parent in nested:
        out.append(f"    {parent} = hub.get({parent!r}) or {{}}")
    for name, entry in mapped.items():
        transform = entry.get("transform", "identity")
        parts = entry["canonical"].split(".")
        if transform == "identity":
            # Read straight from the hub: this runs for every field of every payload.
            holder = parts[0] if len(parts) > 1 else "hub"
            out.append(f"    value = {holder}.get({parts[-1]!r}, ABSENT)")
        else:
            out.append(f"    value = _{transform}.backward(ctx, {_pointer(entry['canonical'])!r})")
        out += ["    if value is not ABSENT:", f"        out[{name!r}] = value"]
    out += ["    return out", ""]
    return "\n".join(out)
