"""An empty or surprising answer leads somewhere: a line on stderr that says why and names commands,
and every command it names returns claims."""

from __future__ import annotations

import json
import re
import shlex

import pytest

from tests.conftest import run

LEADS = {
    # Armenia reacts in no claim, but its prime minister speaks for the CSTO in three.
    ("reactions", "--country", "Armenia"): ["csto-request-005", "--actor 'Nikol Pashinyan'"],
    # No filter was given: the note must not speak of filters; near words are offered.
    ("search", "Putin"): ["'putin'", "near words"],
    # OR is a word: say so, and search either word.
    ("search", "nga OR my"): ["OR is a word here", "kzcrisis search nga", "kzcrisis search my"],
    # A date typed as words: dates are filtered.
    ("search", "8/1"): ["2022-01-08", "--since"],
    # Nothing is dated 8 January: the nearest dates, and the undated claims that may belong there.
    ("timeline", "--since", "2022-01-08", "--until", "2022-01-08"): ["--undated only", "2022-01-07"],
}


def named_commands(stderr: str) -> list[list[str]]:
    """Each `kzcrisis ...` a lead names (a lead's commands are separated by '; ')."""
    found = []
    for line in stderr.splitlines():
        text = line.removeprefix("kzcrisis: ")
        for match in re.finditer(r"kzcrisis (.+?)(?=; kzcrisis |$)", text):
            found.append(shlex.split(match.group(1)))
    return found


@pytest.mark.parametrize("args", list(LEADS), ids=" ".join)
def test_a_lead_names_commands_that_return_claims(args: tuple[str, ...]) -> None:
    result = run(*args)
    assert result.exit_code == 0
    for words in LEADS[args]:
        assert words in result.stderr, result.stderr
    assert "nothing matches these filters" not in result.stderr
    commands = named_commands(result.stderr)
    assert commands, result.stderr
    for argv in commands:
        answer = run(*argv, "--json")
        assert answer.exit_code == 0, (argv, answer.stderr)
        assert json.loads(answer.stdout), f"the lead's command returns nothing: {argv}"


def test_stdout_stays_the_answer() -> None:
    result = run("reactions", "--country", "Armenia", "--json")
    assert json.loads(result.stdout) == []
    assert "Pashinyan" not in result.stdout


def test_the_filter_that_empties_the_answer_is_named() -> None:
    result = run("search", "nga", "--kind", "casualty", "--source", "tienphong")
    assert "--kind casualty leaves nothing" in result.stderr
    assert all(json.loads(run(*argv, "--json").stdout) for argv in named_commands(result.stderr))


def test_an_answer_that_is_not_empty_has_no_lead() -> None:
    result = run("reactions", "--country", "Russia")
    assert "kzcrisis: " not in result.stderr
