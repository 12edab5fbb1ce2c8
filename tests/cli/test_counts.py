"""A number typed on the command line is ASCII digits: what `str.isdigit` also calls a digit ('²',
'٣') or Python's int() also reads ('1_000') is a usage error, never a crash."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from kzcrisis.cli.app import cli
from kzcrisis.cli.options import Count
from tests.conftest import command_params


def count_options() -> list[tuple[str, str]]:
    """(command, option) of every option that takes a count, found in the commands themselves."""
    return [(name, p.opts[0]) for name, p in command_params() if isinstance(p.type, Count) and p.opts]


def test_the_count_options_are_found() -> None:
    assert ("arrests", "--limit") in count_options()


@pytest.mark.parametrize(("command", "option"), count_options())
@pytest.mark.parametrize("typed", ["²", "٣", "1_000", "3.0"])
def test_a_number_that_is_not_ascii_digits_is_a_usage_error(command: str, option: str, typed: str) -> None:
    argv = [command, option, typed] + (["Tokayev"] if command == "search" else [])
    result = CliRunner().invoke(cli, argv)
    assert result.exit_code == 2, (argv, result.output, result.exception)
    assert f"{typed!r} is not a whole number" in result.output


def test_spaces_and_a_plus_sign_are_read() -> None:
    result = CliRunner().invoke(cli, ["arrests", "--limit", " +2 ", "--json"])
    assert result.exit_code == 0, result.output
    assert result.stdout.count('"id"') == 2
