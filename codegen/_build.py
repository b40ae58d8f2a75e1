"""Everything codegen produces, as {path inside the generated package: text}."""

from __future__ import annotations

from pathlib import Path

from codegen._header import header
from codegen._models import check_generator, generate_models
from codegen._registry import generate_registry
from codegen._schemas import read_schemas


def build(schemas_dir: Path, package: str) -> dict[str, str]:
    generator = check_generator()
    sources = read_schemas(schemas_dir)
    if not sources:
        raise ValueError(f"no *.schema.json files in {schemas_dir}")
    files: dict[str, str] = {}
    banner = header("schemas/", "-", generator)
    files["__init__.py"] = banner + '"""Code generated from the schemas. Never edit by hand."""\n'
    files["models/__init__.py"] = banner + '"""Typed pydantic models, one module per format."""\n'
    for source in sources:
        relative = f"schemas/{source.path.name}"
        files[f"models/{source.format_id}.py"] = generate_models(source, relative)
    files["registry.py"] = generate_registry(sources, package, generator)
    return files
