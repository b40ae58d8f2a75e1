"""The static totality check of a format's mapping, run before any code is generated.

Every enum value of the state field maps to a canonical state and back (or is declared lossy
with a reason); no terminal state maps to a non-terminal one or the reverse; every field of the
job object is mapped or declared dropped with a reason; every canonical field is carried or
declared not carried with a reason; every transform named exists.
"""

from __future__ import annotations

from typing import Any

from codegen._schemas import SourceSchema

CANONICAL_STATES = ("pending", "running", "retrying", "succeeded", "failed", "cancelled",
                    "unknown")
TERMINAL = frozenset({"succeeded", "failed", "cancelled"})
LOSS_KINDS = frozenset({"collapsed", "unmappable", "defaulted", "coerced", "dropped"})
# Must equal the keys of jobstatus._transforms.TRANSFORMS (a test holds them equal).
KNOWN_TRANSFORMS = frozenset({"identity", "string_id", "integer_id", "non_null",
                              "progress_text", "percent", "count_done", "count_total"})


def canonical_leaves(canonical: SourceSchema) -> list[str]:
    """Canonical paths a vendor field can carry: top-level fields, progress.*, links.*."""
    defs = canonical.schema["$defs"]
    job = defs[canonical.annotation["shapes"][-1]["schema"].rsplit("/", 1)[-1]]
    leaves = []
    for name, sub in job["properties"].items():
        if name in ("state", "source"):
            continue
        ref = sub.get("$ref", "")
        if ref.startswith("#/$defs/") and defs[ref.rsplit("/", 1)[-1]].get("type") == "object":
            leaves += [f"{name}.{child}" for child in defs[ref.rsplit("/", 1)[-1]]["properties"]]
        else:
            leaves.append(name)
    return leaves


def job_schema(source: SourceSchema) -> dict[str, Any]:
    definition = source.annotation["shapes"][-1]["schema"].rsplit("/", 1)[-1]
    job: dict[str, Any] = source.schema["$defs"][definition]
    return job


def check_mapping(source: SourceSchema, canonical: SourceSchema) -> list[str]:  # noqa: PLR0915
    # One flat list of checks reads better than helpers that each take half the context.
    """Every gap in *source*'s mapping, as messages naming the format and the gap."""
    where = f"{source.path.name} x-jobstatus"
    mapping = source.annotation
    gaps: list[str] = []
    if "shapes" not in mapping or not mapping["shapes"]:
        return [f"{where}: no shapes declared"]
    job = job_schema(source)
    properties = job.get("properties", {})
    state = mapping.get("state")
    if state is None:
        gaps.append(f"{where}: no state mapping")
    else:
        field = state["field"]
        enum = properties.get(field, {}).get("enum")
        if enum is None:
            gaps.append(f"{where}: state field {field!r} is not an enum property of the job")
            enum = []
        forward, backward = state.get("to_canonical", {}), state.get("from_canonical", {})
        for value in enum:
            if value not in forward:
                gaps.append(f"{where}: {field} value {value!r} maps to no canonical state")
            elif forward[value] not in CANONICAL_STATES:
                gaps.append(f"{where}: {field} value {value!r} maps to {forward[value]!r}, "
                            "which is not a canonical state")
        for value in forward:
            if value not in enum:
                gaps.append(f"{where}: to_canonical maps {value!r}, not a documented {field} value")
        for canonical_state in CANONICAL_STATES:
            target = backward.get(canonical_state)
            if target is None:
                gaps.append(f"{where}: canonical state {canonical_state!r} maps to no "
                            f"{field} value (map it, or declare it lossy with a reason)")
                continue
            if isinstance(target, dict):
                if target.get("loss") not in LOSS_KINDS or not target.get("reason"):
                    gaps.append(f"{where}: lossy mapping of {canonical_state!r} needs a loss "
                                f"kind ({', '.join(sorted(LOSS_KINDS))}) and a reason")
                target = target.get("value")
            if target not in enum:
                gaps.append(f"{where}: canonical state {canonical_state!r} maps to {target!r}, "
                            f"not a documented {field} value")
                continue
            back = forward.get(target)
            if back is not None and (back in TERMINAL) != (canonical_state in TERMINAL):
                gaps.append(f"{where}: canonical state {canonical_state!r} maps to {target!r}, "
                            f"which reads back as {back!r}: terminal and non-terminal mixed")
    fields = mapping.get("fields", {})
    state_field = state["field"] if state else None
    for name in properties:
        if name != state_field and name not in fields:
            gaps.append(f"{where}: field {name!r} is neither mapped nor declared dropped")
    carried: set[str] = set()
    for name, entry in fields.items():
        if name not in properties:
            gaps.append(f"{where}: maps field {name!r}, which the job schema does not declare")
        if "dropped" in entry:
            if not entry["dropped"]:
                gaps.append(f"{where}: dropped field {name!r} needs a reason")
            continue
        if "canonical" not in entry:
            gaps.append(f"{where}: field {name!r} needs 'canonical' or 'dropped'")
            continue
        carried.add(entry["canonical"])
        transform = entry.get("transform", "identity")
        if transform not in KNOWN_TRANSFORMS:
            gaps.append(f"{where}: field {name!r} uses unknown transform {transform!r} "
                        f"(known: {', '.join(sorted(KNOWN_TRANSFORMS))})")
    leaves = canonical_leaves(canonical)
    not_carried = mapping.get("not_carried", {})
    for leaf in leaves:
        if leaf in carried and leaf in not_carried:
            gaps.append(f"{where}: canonical {leaf!r} is both mapped and declared not carried")
        elif leaf not in carried and not not_carried.get(leaf):
            gaps.append(f"{where}: canonical field {leaf!r} is neither carried nor declared "
                        "not carried with a reason")
    for leaf in carried:
        if leaf not in leaves:
            gaps.append(f"{where}: {leaf!r} is not a canonical field")
    return gaps
