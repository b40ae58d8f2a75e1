"""Typed pydantic models, one module per format, made by datamodel-code-generator.

The generator and its options are pinned here and in requirements/dev.txt, and the built-in
formatter is used, so the output depends on nothing but the schema and the generator version.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from importlib.metadata import version
from pathlib import Path

from codegen._header import header
from codegen._schemas import SourceSchema, generator_input

GENERATOR = "datamodel-code-generator"
GENERATOR_VERSION = "0.89.0"

OPTIONS = [
    "--input-file-type", "jsonschema",
    "--output-model-type", "pydantic_v2.BaseModel",
    "--target-python-version", "3.11",
    "--target-pydantic-version", "2.14",
    "--formatters", "builtin",
    "--disable-timestamp",
    # Absent is not null: optional fields default to pydantic.MISSING and are not dumped.
    "--use-missing-sentinel",
    # Python names in snake_case; wire names kept as aliases.
    "--snake-case-field",
    "--extra-fields", "allow",
    "--strict-types", "str", "bool",
    # Strings keep their exact wire text; formats are asserted by the schema engine.
    "--type-mappings", "string+uuid=string", "string+date-time=string", "string+uri=string",
    "--enum-field-as-literal", "all",
    "--use-annotated",
    "--use-union-operator",
    "--use-standard-collections",
    "--use-double-quotes",
    "--use-schema-description",
    "--use-field-description",
    "--use-title-as-name",
    # Enum-only definitions (the canonical State) become plain Literal fields, not RootModels.
    "--collapse-root-models",
    "--base-class", "jobstatus._wire.WireModel",
]


def check_generator() -> str:
    found = version(GENERATOR)
    if found != GENERATOR_VERSION:
        raise SystemExit(
            f"codegen needs {GENERATOR}=={GENERATOR_VERSION} (found {found}); "
            "install the pinned development requirements: pip install -r requirements/dev.txt"
        )
    return f"{GENERATOR} {GENERATOR_VERSION}"


def class_prefix(format_id: str) -> str:
    return "".join(part.capitalize() for part in format_id.split("_"))


def generate_models(source: SourceSchema, relative_source: str) -> str:
    generator = check_generator()
    extra: list[str] = ["--class-name", f"{class_prefix(source.format_id)}Payload"]
    if source.format_id == "canonical":
        job = source.annotation["shapes"][-1]["schema"].rsplit("/", 1)[-1]
        extra += ["--base-class-map", json.dumps({job: "jobstatus._hub.HubModel"})]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / source.path.name
        path.write_text(json.dumps(generator_input(source), indent=2, sort_keys=True))
        result = subprocess.run(
            [sys.executable, "-m", "datamodel_code_generator", "--input", str(path),
             *OPTIONS, *extra],
            capture_output=True, text=True, check=False,
        )
    if result.returncode != 0:
        raise SystemExit(f"{GENERATOR} failed on {relative_source}:\n{result.stderr}")
    body = result.stdout
    # Drop the generator's own two-line banner (it names a temporary path); ours says more.
    lines = body.splitlines(keepends=True)
    while lines and (lines[0].startswith("#") or not lines[0].strip()):
        lines.pop(0)
    return header(relative_source, source.sha256, generator) + "\n" + "".join(lines)
