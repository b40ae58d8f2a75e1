"""A fifth format costs one file: its schema with mapping annotations, then regenerate.

The test adds tests/fixtures/fifth_format/acme.schema.json to a copy of the installed package,
runs codegen into that copy, and runs the very same law tests (test_laws.py) against it, with
no code written for the new format.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, SCHEMAS

import jobstatus

TOY = Path(__file__).parent / "fixtures" / "fifth_format" / "acme.schema.json"


def test_a_fifth_format_passes_the_laws_with_no_code(tmp_path: Path) -> None:
    site = tmp_path / "site"
    package = site / "jobstatus"
    shutil.copytree(Path(jobstatus.__file__).parent, package,
                    ignore=shutil.ignore_patterns("__pycache__"))
    schemas = tmp_path / "schemas"
    shutil.copytree(SCHEMAS, schemas)
    for folder in (schemas, package / "schemas"):
        shutil.copy(TOY, folder)
    generated = subprocess.run(
        [sys.executable, "-m", "codegen", "--schemas", str(schemas),
         "--out", str(package / "_generated")],
        cwd=ROOT, capture_output=True, text=True, check=False, timeout=600,
    )
    assert generated.returncode == 0, generated.stderr
    assert (package / "_generated" / "converters" / "acme.py").is_file()

    env = {**os.environ, "PYTHONPATH": str(site), "JOBSTATUS_SCHEMAS": str(schemas)}
    probe = subprocess.run(
        [sys.executable, "-c",
         "import jobstatus; print(jobstatus.FORMATS); "
         "print(jobstatus.detect({'job': {'ref': 'A-1', 'phase': 'ok'}})); "
         "print(jobstatus.convert({'job': {'ref': 'A-1', 'phase': 'busy', 'pct': 50}}, "
         "'julep').losses)"],
        cwd=tmp_path, env=env, capture_output=True, text=True, check=False, timeout=120,
    )
    assert "'acme'" in probe.stdout, probe.stderr
    assert "\nacme\n" in probe.stdout
    laws = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         str(ROOT / "tests" / "test_laws.py"), "-k", "acme"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False, timeout=1800,
    )
    assert laws.returncode == 0, laws.stdout[-3000:] + laws.stderr[-3000:]
    assert " passed" in laws.stdout
    assert "5 passed" in laws.stdout or "6 passed" in laws.stdout, laws.stdout[-500:]
