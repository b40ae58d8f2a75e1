"""The pre-commit hook definition picks the files lint reads and runs the lint command."""

from __future__ import annotations

import re

import yaml
from lint_helpers import ROOT, SAMPLES, lint


def test_hook_matches_every_input_type_and_runs() -> None:
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert hook["id"] == "jobstatus-lint"
    files = re.compile(hook["files"])
    for name in ("a.json", "b/c.jsonl", "d.ndjson", "e.har", "f.jsonl.gz", "g.har.gz",
                 "H.JSON", "i.Har"):
        assert files.search(name), name
    for name in ("a.py", "schema.json.bak", "har.txt"):
        assert not files.search(name), name
    assert hook["entry"].split() == ["jobstatus", "lint"]
    assert hook["require_serial"] is True  # the sequence checks follow jobs across files
    # pre-commit passes the matching file names as arguments
    names = [str(p) for p in sorted(SAMPLES.rglob("*")) if files.search(p.name)]
    assert lint(*names).exit_code == 1
