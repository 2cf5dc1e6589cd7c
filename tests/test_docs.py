"""The README documents every command, and every command has help text."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from talkwatch.cli import main

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    out = []
    for name, command in sorted(group.commands.items()):
        full = f"{prefix}{name}"
        out.append((full, command))
        if isinstance(command, click.Group):
            out.extend(_commands(command, full + " "))
    return out


@pytest.mark.parametrize(("name", "command"), _commands(main), ids=[n for n, _ in _commands(main)])
def test_docs_every_command_is_in_the_readme_with_help(name: str, command: click.Command) -> None:
    assert f"talkwatch {name}" in README, f"README does not mention `talkwatch {name}`"
    assert (command.help or "").strip(), f"`talkwatch {name}` has no help text"


def test_docs_readme_two_commands_exist_in_the_makefile() -> None:
    makefile = (Path(__file__).resolve().parents[1] / "Makefile").read_text()
    assert "make demo" in README and "make test" in README
    assert "\ndemo:" in makefile and "\ntest:" in makefile
    ci = (Path(__file__).resolve().parents[1] / ".ci" / "run").read_text()
    assert "make test" in ci
