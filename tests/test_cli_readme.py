"""The README's "Command line" examples run as written, with the exit codes they state."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from _cli import callevent

from callevent_toolkit.cli import build_parser

README = Path(__file__).resolve().parent.parent / "README.md"


def _section_commands() -> list[tuple[list[str], int]]:
    text = README.read_text(encoding="utf-8")
    section = text.split("\n## Command line\n", 1)[1].split("\n## ", 1)[0]
    commands = []
    for block in re.findall(r"```bash\n(.*?)```", section, flags=re.S):
        for line in block.splitlines():
            command, _, comment = line.partition("#")
            if command.strip():
                expected = re.search(r"exit (\d)", comment)
                commands.append((shlex.split(command), int(expected[1]) if expected else 0))
    return commands


def test_the_section_has_examples_of_every_command():
    used = {argv[1] for argv, _ in _section_commands()}
    assert used == {"generate", "validate", "explain", "schema"}


def test_command_line_examples_run_in_order(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for argv, expected in _section_commands():
        assert argv[0] == "callevent"
        result = callevent(*argv[1:])
        assert result.status == expected, (argv, result.err)
        assert "Traceback" not in result.err
    assert Path("events.ndjson").read_bytes() == Path("same-bytes.ndjson").read_bytes()


def test_every_callevent_command_in_the_readme_parses():
    """Commands outside this section (fuzzing, timelines) are not run, since they need a
    handler module or take long, but their options must still exist as written."""
    text = README.read_text(encoding="utf-8")
    commands = [
        shlex.split(line.partition("#")[0])
        for block in re.findall(r"```bash\n(.*?)```", text, flags=re.S)
        for line in block.splitlines()
        if line.startswith("callevent ")
    ]
    assert {argv[1] for argv in commands} >= {"generate", "validate", "fuzz"}
    for argv in commands:
        build_parser().parse_args(argv[1:])  # argparse exits on an unknown option
