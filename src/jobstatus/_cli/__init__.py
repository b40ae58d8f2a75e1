"""The ``jobstatus`` command: options in, library calls, results out. No logic lives here."""

from __future__ import annotations

import click

from jobstatus._cli._codegen import codegen
from jobstatus._cli._convert import convert_command
from jobstatus._cli._lint import lint

__all__ = ["main"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="jobstatus")
def main() -> None:
    """Validate, convert and lint job-status payloads of Panoptica, Wistia, Zendesk and Julep."""


main.add_command(lint)
main.add_command(codegen)
main.add_command(convert_command)
