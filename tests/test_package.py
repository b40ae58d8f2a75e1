"""The package as users get it: installed (not the checkout's src/), schemas and py.typed inside.

The Makefile installs jobstatus non-editable before running the tests, so these tests see the
wheel's contents; run against src/ on sys.path they fail on purpose.
"""

from __future__ import annotations

import importlib
import importlib.resources
import json
import os
import tomllib
from pathlib import Path

import pytest
from conftest import ROOT, SCHEMAS

import jobstatus
from jobstatus._formats import FORMATS, spec

PUBLIC_API = {
    "FORMATS",
    "Conversion",
    "ConversionError",
    "DecodeError",
    "JobStatusError",
    "Loss",
    "LossKind",
    "LossyConversionError",
    "Phase",
    "UnknownFormatError",
    "ValidationError",
    "Violation",
    "convert",
    "detect",
    "from_canonical",
    "iter_errors",
    "parse",
    "to_canonical",
    "validate",
}


def test_the_installed_copy_is_under_test() -> None:
    installed = Path(jobstatus.__file__).resolve()
    assert not installed.is_relative_to(ROOT / "src"), (
        f"tests import {installed}, the checkout's source; install the package (make install)"
    )
    assert installed.parent.parent.name in {"site-packages", "dist-packages"}


def test_schemas_ship_in_the_package_and_equal_the_checkout() -> None:
    shipped = importlib.resources.files("jobstatus") / "schemas"
    names = sorted(item.name for item in shipped.iterdir() if item.name.endswith(".json"))
    assert names == sorted(path.name for path in SCHEMAS.glob("*.schema.json"))
    for name in names:
        assert (shipped / name).read_bytes() == (SCHEMAS / name).read_bytes(), (
            f"installed {name} differs from schemas/{name}; reinstall the package"
        )


def test_the_library_reads_the_shipped_schemas() -> None:
    assert set(FORMATS) == {p.name.removesuffix(".schema.json") for p in SCHEMAS.glob("*.json")}
    for format_id in FORMATS:
        on_disk = json.loads((SCHEMAS / f"{format_id}.schema.json").read_text())
        assert dict(spec(format_id).schema) == on_disk


def test_py_typed_is_shipped() -> None:
    assert (importlib.resources.files("jobstatus") / "py.typed").is_file()


def test_public_api_is_exactly_all() -> None:
    assert set(jobstatus.__all__) == PUBLIC_API
    assert len(jobstatus.__all__) == len(PUBLIC_API)  # no duplicates
    public = {name for name in dir(jobstatus) if not name.startswith("_")}
    assert public == PUBLIC_API
    assert list(jobstatus.FORMATS) == list(FORMATS)


def _compiled_modules() -> list[str]:
    """The modules pyproject.toml has the mypyc build hook compile."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    hook = config["tool"]["hatch"]["build"]["targets"]["wheel"]["hooks"]["mypyc"]
    return [path.removeprefix("src/").removesuffix(".py").replace("/", ".")
            for path in hook["include"]]


def test_the_build_compiled_the_modules_it_names() -> None:
    """``make test`` sets JOBSTATUS_COMPILED=1 when a C compiler is at hand: a mypyc build that
    failed and fell back to pure Python must then fail the tests, not pass slower. (Other
    runs, tox's pure wheel among them, skip this.)"""
    if os.environ.get("JOBSTATUS_COMPILED") != "1":
        pytest.skip("only meaningful for the compiled build of make test")
    modules = _compiled_modules()
    assert "jobstatus._lint._hot" in modules
    for name in modules:
        module_file = importlib.import_module(name).__file__
        assert module_file is not None
        assert not module_file.endswith(".py"), name
