"""The header every generated file starts with: what made it, from what, how to rebuild it."""

from __future__ import annotations

REBUILD = "python -m codegen  (or: jobstatus codegen)"


def header(source: str, sha256: str, generator: str) -> str:
    return (
        "# GENERATED FILE - DO NOT EDIT.\n"
        f"# Source: {source} (sha256 {sha256})\n"
        f"# Generator: {generator}\n"
        f"# Rebuild: {REBUILD}\n"
    )
