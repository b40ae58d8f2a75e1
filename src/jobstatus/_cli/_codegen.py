"""``jobstatus codegen``: run the codegen step of a jobstatus checkout."""

from __future__ import annotations

import sys
from pathlib import Path

import click


def _find_checkout(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        if (folder / "codegen" / "__main__.py").is_file() and (folder / "schemas").is_dir():
            return folder
    return None


@click.command()
@click.option("--check", is_flag=True, help="Write nothing; exit 1 with a diff on drift.")
def codegen(check: bool) -> None:
    """Regenerate models and converters from schemas/ (run inside a jobstatus checkout)."""
    root = _find_checkout(Path.cwd())
    if root is None:
        click.echo("jobstatus codegen: run it inside a jobstatus checkout "
                   "(a folder with codegen/ and schemas/)", err=True)
        sys.exit(2)
    sys.path.insert(0, str(root))
    from codegen.__main__ import main as codegen_main  # noqa: PLC0415 - only in a checkout

    sys.exit(codegen_main(["--check"] if check else []))
