"""The codegen step: the tree is up to date, drift is caught, output is deterministic.

Every run is a subprocess from the checkout root (``python -m codegen``), exactly as CI and the
Makefile run it, with the interpreter running the tests.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SCHEMAS

GENERATED = ROOT / "src" / "jobstatus" / "_generated"
HEADER = re.compile(
    r"\A# GENERATED FILE - DO NOT EDIT\.\n"
    r"# Source: (?P<source>\S+) \(sha256 (?P<sha>[0-9a-f]{64}|-)\)\n"
    r"# Generator: datamodel-code-generator \S+\n"
    r"# Rebuild: python -m codegen  \(or: jobstatus codegen\)\n"
)


def codegen(*args: str | Path, seed: str = "0") -> subprocess.CompletedProcess[str]:
    # A fixed hash seed per run: two runs with different seeds must still agree (no set order
    # leaking into the output).
    env = {**os.environ, "PYTHONHASHSEED": seed}
    return subprocess.run(
        [sys.executable, "-m", "codegen", *map(str, args)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*.py"))}


@pytest.fixture
def copy(tmp_path: Path) -> tuple[Path, Path]:
    """A private copy of schemas/ and the generated package, to edit freely."""
    schemas, out = tmp_path / "schemas", tmp_path / "_generated"
    shutil.copytree(SCHEMAS, schemas)
    shutil.copytree(GENERATED, out, ignore=shutil.ignore_patterns("__pycache__"))
    return schemas, out


def test_checkout_is_up_to_date() -> None:
    result = codegen("--check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "up to date" in result.stdout


def test_schema_edit_is_caught_with_a_diff_naming_the_file(copy: tuple[Path, Path]) -> None:
    schemas, out = copy
    path = schemas / "julep.schema.json"
    schema = json.loads(path.read_text())
    schema["$defs"]["JobStatus"]["properties"]["priority"] = {
        "description": "A field the generated model does not have yet.",
        "type": "integer",
    }
    # Every vendor field must be mapped to the hub or declared dropped (codegen's totality check).
    schema["x-jobstatus"]["fields"]["priority"] = {"dropped": "the hub has no priority"}
    path.write_text(json.dumps(schema, indent=2) + "\n")
    result = codegen("--check", "--schemas", schemas, "--out", out)
    assert result.returncode == 1
    assert "models/julep.py (on disk)" in result.stdout
    assert "+    priority:" in result.stdout
    assert "run: python -m codegen" in result.stderr
    assert "Traceback" not in result.stderr


def test_hand_edit_of_a_generated_file_is_caught(copy: tuple[Path, Path]) -> None:
    schemas, out = copy
    target = out / "models" / "wistia.py"
    target.write_text(target.read_text().replace("StrictStr", "str", 1))
    result = codegen("--check", "--schemas", schemas, "--out", out)
    assert result.returncode == 1
    assert "models/wistia.py (on disk)" in result.stdout
    assert "zendesk.py" not in result.stdout  # only the edited file is reported


def test_a_stray_generated_file_is_caught(copy: tuple[Path, Path]) -> None:
    schemas, out = copy
    (out / "models" / "leftover.py").write_text("# from a format that no longer exists\n")
    result = codegen("--check", "--schemas", schemas, "--out", out)
    assert result.returncode == 1
    assert "models/leftover.py" in result.stdout


def test_regeneration_is_byte_identical(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    assert codegen("--out", first, seed="1").returncode == 0
    assert codegen("--out", second, seed="2").returncode == 0
    assert tree(first) == tree(second)
    assert tree(first) == {k: v for k, v in tree(GENERATED).items() if "__pycache__" not in k}


def _expected_sha(source: str) -> str:
    if source == "schemas/*.schema.json":
        # The registry hashes every schema, in codegen's order: vendors by name, then the hub.
        paths = sorted(
            SCHEMAS.glob("*.schema.json"), key=lambda p: (p.name.startswith("canonical."), p.name)
        )
        return hashlib.sha256(b"".join(p.read_bytes() for p in paths)).hexdigest()
    return hashlib.sha256((ROOT / source).read_bytes()).hexdigest()


@pytest.mark.parametrize(
    "path", sorted(GENERATED.rglob("*.py")), ids=lambda p: p.relative_to(GENERATED).as_posix()
)
def test_generated_file_header_names_source_hash_and_rebuild(path: Path) -> None:
    match = HEADER.match(path.read_text())
    assert match, f"{path.name}: no generated-file header"
    source, sha = match["source"], match["sha"]
    if source == "schemas/":  # package __init__ files: generated, from no single source
        assert sha == "-"
        return
    assert sha == _expected_sha(source), f"{path.name}: stale sha256 for {source}"


def test_every_schema_has_a_generated_model() -> None:
    models = {p.stem for p in (GENERATED / "models").glob("*.py")} - {"__init__"}
    assert models == {p.name.removesuffix(".schema.json") for p in SCHEMAS.glob("*.schema.json")}


def test_cli_codegen_check_from_the_checkout() -> None:
    cli = Path(sys.executable).with_name("jobstatus")
    result = subprocess.run(
        [str(cli), "codegen", "--check"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "up to date" in result.stdout


def test_cli_codegen_outside_a_checkout_says_so(tmp_path: Path) -> None:
    cli = Path(sys.executable).with_name("jobstatus")
    result = subprocess.run(
        [str(cli), "codegen", "--check"], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert result.returncode == 2
    assert "inside a jobstatus checkout" in result.stderr
    assert "Traceback" not in result.stderr
