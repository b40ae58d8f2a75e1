"""The registry module: which formats exist, and the model class of each wire shape."""

from __future__ import annotations

import hashlib

from codegen._header import header
from codegen._schemas import SourceSchema


def generate_registry(sources: list[SourceSchema], package: str, generator: str) -> str:
    digest = hashlib.sha256(b"".join(s.text for s in sources)).hexdigest()
    lines = [
        header("schemas/*.schema.json", digest, generator),
        '"""Every format the schemas define, and the generated model of each wire shape."""',
        "",
        "from __future__ import annotations",
        "",
        "from typing import Any",
        "",
    ]
    vendors = [s for s in sources if s.format_id != "canonical"]
    lines += [f"from {package}.models import {s.format_id}" for s in sources]
    lines += [f"from {package}.converters import {s.format_id} as {s.format_id}_converter"
              for s in vendors]
    lines += ["", f"FORMATS: tuple[str, ...] = {tuple(s.format_id for s in sources)!r}", ""]
    lines.append("MODELS: dict[str, dict[str, Any]] = {")
    for source in sources:
        lines.append(f"    {source.format_id!r}: {{")
        for shape in source.annotation["shapes"]:
            definition = shape["schema"].rsplit("/", 1)[-1]
            title = source.schema["$defs"][definition]["title"]
            lines.append(f"        {shape['name']!r}: {source.format_id}.{title},")
        lines.append("    },")
    lines.append("}")
    lines += ["", "CONVERTERS: dict[str, Any] = {"]
    lines += [f"    {s.format_id!r}: {s.format_id}_converter," for s in vendors]
    lines.append("}")
    return "\n".join(lines) + "\n"
