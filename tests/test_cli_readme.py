"""The `callevent` commands of the README and the docs run as written, with the exit codes
they state, and every one of them parses."""

from __future__ import annotations

from pathlib import Path

import pytest
from _cli import callevent
from _docs import DOCS, PAGES, callevent_commands, page_id

from callevent_toolkit.cli import build_parser

CLI_PAGE = DOCS / "cli.md"
RUNNABLE = [
    page
    for page in PAGES
    if any(argv[1] not in ("fuzz", "send") for argv, _ in callevent_commands(page))
]


def test_the_cli_page_has_examples_of_every_command():
    used = {argv[1] for argv, _ in callevent_commands(CLI_PAGE)}
    assert used == {"generate", "validate", "explain", "schema", "send"}


@pytest.mark.parametrize("page", RUNNABLE, ids=[page_id(page) for page in RUNNABLE])
def test_command_line_examples_run_in_order(page, tmp_path, monkeypatch):
    """`fuzz` and `send` examples are only parsed: they name a handler module or an
    endpoint of the reader's (``tests/test_send.py`` runs ``send`` against a local one)."""
    monkeypatch.chdir(tmp_path)
    for argv, expected in callevent_commands(page):
        if argv[1] in ("fuzz", "send"):
            continue
        assert argv[0] == "callevent"
        result = callevent(*argv[1:])
        assert result.status == expected, (argv, result.err)
        assert "Traceback" not in result.err
    if page == CLI_PAGE:
        assert Path("events.ndjson").read_bytes() == Path("same-bytes.ndjson").read_bytes()


def test_every_callevent_command_in_the_docs_parses():
    commands = [argv for page in PAGES for argv, _ in callevent_commands(page)]
    expected = {"generate", "validate", "explain", "schema", "fuzz", "send"}
    assert {argv[1] for argv in commands} >= expected
    for argv in commands:
        build_parser().parse_args(argv[1:])  # argparse exits on an unknown option
