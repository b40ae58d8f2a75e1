"""Everything codegen produces, as {path inside the generated package: text}."""

from __future__ import annotations

import hashlib
from pathlib import Path

from codegen._converters import generate_converter
from codegen._header import header
from codegen._models import check_generator, generate_models
from codegen._registry import generate_registry
from codegen._schemas import read_schemas
from codegen._totality import check_mapping

HUB = "canonical"


def build(schemas_dir: Path, package: str) -> dict[str, str]:
    generator = check_generator()
    sources = read_schemas(schemas_dir)
    if not sources:
        raise ValueError(f"no *.schema.json files in {schemas_dir}")
    hubs = [source for source in sources if source.format_id == HUB]
    if not hubs:
        raise ValueError(f"no {HUB}.schema.json in {schemas_dir}")
    vendors = [source for source in sources if source.format_id != HUB]
    gaps = [gap for source in vendors for gap in check_mapping(source, hubs[0])]
    if gaps:
        raise ValueError("mapping gaps:\n  " + "\n  ".join(gaps))
    files: dict[str, str] = {}
    digest = hashlib.sha256(b"".join(source.text for source in sources)).hexdigest()
    banner = header("schemas/*.schema.json", digest, generator)
    files["__init__.py"] = banner + '"""Code generated from the schemas. Never edit by hand."""\n'
    files["models/__init__.py"] = banner + '"""Typed pydantic models, one module per format."""\n'
    for source in sources:
        relative = f"schemas/{source.path.name}"
        files[f"models/{source.format_id}.py"] = generate_models(source, relative)
    files["converters/__init__.py"] = banner + '"""Vendor <-> canonical converters."""\n'
    for source in vendors:
        files[f"converters/{source.format_id}.py"] = generate_converter(source, hubs[0], generator)
    files["registry.py"] = generate_registry(sources, package, generator)
    return files
