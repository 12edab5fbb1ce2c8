"""Every file or folder a command line names is refused as a usage error when no file system could
hold it (a NUL character), never a crash of `os` with a traceback."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from kzcrisis.cli.app import cli
from tests.conftest import command_params

BAD = "a\x00b"


def named_paths() -> list[tuple[str, str | None, str]]:
    """(command, option or None for an argument, the parameter's name) of every parameter that
    names a file or a folder, found in the commands themselves."""
    return [
        (name, param.opts[0] if isinstance(param, click.Option) else None, str(param.name))
        for name, param in command_params()
        if isinstance(param.type, click.Path | click.File) or param.name == "corpus"
    ]


def test_the_file_names_are_found() -> None:
    found = {(command, option) for command, option, _name in named_paths()}
    assert {("draft", "--output"), ("export", None), ("add-source", None), ("claims", "--corpus")} <= found
    assert len(found) >= 15  # --corpus on every command that reads a corpus


@pytest.mark.parametrize(("command", "option", "name"), named_paths())
def test_a_nul_in_a_file_name_is_a_usage_error(command: str, option: str | None, name: str) -> None:
    argv = [command, option, BAD] if option else [command, BAD]
    if command == "export" and option is None:
        argv = [command, "sqlite", BAD]
    if command == "add-source":
        argv += ["--slug", "x"]
    if command == "show":
        argv += ["dantri-001"]
    if command == "search":
        argv += ["Tokayev"]
    result = CliRunner().invoke(cli, argv)
    assert result.exit_code == 2, (argv, result.output, result.exception)
    assert "holds a NUL character" in result.output
    assert "Traceback" not in result.output
