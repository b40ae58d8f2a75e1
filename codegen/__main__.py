"""``python -m codegen [--check]``: regenerate the generated package, or fail on drift."""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path

from codegen._build import build

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m codegen", description=__doc__)
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 and show a diff if generated code is stale")
    parser.add_argument("--schemas", type=Path, default=ROOT / "schemas")
    parser.add_argument("--out", type=Path, default=ROOT / "src" / "jobstatus" / "_generated",
                        help="directory of the generated package")
    parser.add_argument("--package", default="jobstatus._generated",
                        help="import name of the generated package")
    args = parser.parse_args(argv)
    try:
        files = build(args.schemas, args.package)
    except ValueError as exc:  # a mapping gap or a bad annotation: say which, no traceback
        print(f"codegen: {exc}", file=sys.stderr)
        return 1
    return check(args.out, files) if args.check else write(args.out, files)


def _existing(out: Path) -> dict[str, str]:
    if not out.exists():
        return {}
    return {
        path.relative_to(out).as_posix(): path.read_text()
        for path in sorted(out.rglob("*.py"))
    }


def write(out: Path, files: dict[str, str]) -> int:
    existing = _existing(out)
    for name in sorted(set(existing) - set(files)):
        (out / name).unlink()
    for name, text in files.items():
        target = out / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if existing.get(name) != text:
            target.write_text(text)
    print(f"codegen: {len(files)} files in {out}")
    return 0


def check(out: Path, files: dict[str, str]) -> int:
    existing = _existing(out)
    stale = 0
    for name in sorted(set(existing) | set(files)):
        old, new = existing.get(name, ""), files.get(name, "")
        if old != new:
            stale += 1
            sys.stdout.writelines(difflib.unified_diff(
                old.splitlines(keepends=True), new.splitlines(keepends=True),
                f"{name} (on disk)", f"{name} (from the schemas)",
            ))
    if stale:
        print(f"codegen --check: {stale} generated file(s) out of date or edited by hand; "
              "run: python -m codegen", file=sys.stderr)
        return 1
    print(f"codegen --check: {len(files)} generated files up to date")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
