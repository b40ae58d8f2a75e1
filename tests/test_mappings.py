"""The static totality check: codegen refuses a mapping with a gap, and names the gap."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, SCHEMAS

from jobstatus._transforms import TRANSFORMS

sys.path.insert(0, str(ROOT))
from codegen._totality import KNOWN_TRANSFORMS


def test_codegen_knows_exactly_the_runtime_transforms() -> None:
    assert set(TRANSFORMS) == KNOWN_TRANSFORMS


def _drop_state(s: dict[str, Any]) -> None:
    del s["x-jobstatus"]["state"]["to_canonical"]["aborted"]


def _terminal_to_active(s: dict[str, Any]) -> None:
    s["x-jobstatus"]["state"]["from_canonical"]["succeeded"] = "in_progress"


def _lossy_without_reason(s: dict[str, Any]) -> None:
    s["x-jobstatus"]["state"]["from_canonical"]["retrying"] = {"value": "in_progress",
                                                               "loss": "collapsed"}


def _unmapped_field(s: dict[str, Any]) -> None:
    s["$defs"]["JobStatus"]["properties"]["owner"] = {"description": "x", "type": "string"}


def _unknown_transform(s: dict[str, Any]) -> None:
    s["x-jobstatus"]["fields"]["progress"]["transform"] = "guess"


def _canonical_field_forgotten(s: dict[str, Any]) -> None:
    del s["x-jobstatus"]["not_carried"]["results"]


@pytest.mark.parametrize(("edit", "message"), [
    (_drop_state, "'aborted' maps to no canonical state"),
    (_terminal_to_active, "terminal and non-terminal mixed"),
    (_lossy_without_reason, "needs a loss kind"),
    (_unmapped_field, "field 'owner' is neither mapped nor declared dropped"),
    (_unknown_transform, "unknown transform 'guess'"),
    (_canonical_field_forgotten, "canonical field 'results' is neither carried"),
])
def test_codegen_names_the_gap(tmp_path: Path, edit: Callable[[dict[str, Any]], None],
                               message: str) -> None:
    schemas = tmp_path / "schemas"
    shutil.copytree(SCHEMAS, schemas)
    julep = schemas / "julep.schema.json"
    schema = json.loads(julep.read_text())
    edit(schema)
    julep.write_text(json.dumps(schema))
    done = subprocess.run(
        [sys.executable, "-m", "codegen", "--check", "--schemas", str(schemas),
         "--out", str(tmp_path / "out")],
        cwd=ROOT, capture_output=True, text=True, check=False, timeout=300,
    )
    assert done.returncode == 1
    assert "julep.schema.json" in done.stderr
    assert message in done.stderr
    assert "Traceback" not in done.stderr
