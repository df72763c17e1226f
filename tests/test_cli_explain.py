"""``callevent explain`` and ``callevent schema``, and the command's own plumbing."""

from __future__ import annotations

import json

import pytest
from _cli import callevent

from callevent_toolkit.schemas import load_schema
from callevent_toolkit.schemas.constraints import constraints
from callevent_toolkit.schemas.structure import structure


def test_schema_prints_the_bundled_schema():
    result = callevent("schema")
    assert result.status == 0
    assert json.loads(result.out) == load_schema(3)


def test_explain_json_lists_every_field_of_the_schema_walk():
    fields = json.loads(callevent("explain", "--format", "json").out)
    assert [f["pointer"] for f in fields] == [node.pointer for node in structure(3).walk()]
    assert [f["kind"] for f in fields] == [node.kind for node in structure(3).walk()]


def test_explain_lists_exactly_the_constraints_coverage_uses():
    fields = json.loads(callevent("explain", "--format", "json").out)
    listed = sorted(
        (f["pointer"], c["keyword"], c["detail"]) for f in fields for c in f["constraints"]
    )
    expected = sorted((c.pointer, c.keyword, c.detail) for c in constraints(3))
    assert listed == expected


def test_explain_text_has_a_heading_per_field_and_a_line_per_constraint():
    result = callevent("explain")
    assert result.status == 0
    lines = result.out.splitlines()
    headings = [line for line in lines if line.startswith("$")]
    rules = [line for line in lines if line.startswith("  - ")]
    assert len(headings) == len(structure(3).walk())
    assert len(rules) == len(constraints(3))
    assert f"{len(constraints(3))} constraints" in lines[0]
    assert "$.sdk_edge.metadata.location.lat  (number, required)" in lines
    assert "$.conversation_relay_data.configurations.languages.*  (object)" in lines


def test_required_fields_are_marked_required():
    lines = callevent("explain").out.splitlines()
    required = {p.name for p in structure(3).properties if p.required}
    for name in required:
        assert any(line.startswith(f"$.{name}  (") and "required" in line for line in lines)


@pytest.mark.parametrize("command", ["explain", "schema"])
def test_unknown_version_is_a_usage_error(command):
    result = callevent(command, "--version", "2")
    assert result.status == 2
    assert "invalid choice" in result.err


def test_no_command_is_a_usage_error():
    result = callevent()
    assert result.status == 2
    assert "usage: callevent" in result.err


def test_help_goes_to_stdout_and_exits_0():
    result = callevent("--help")
    assert result.status == 0
    for command in ("generate", "validate", "explain", "schema"):
        assert command in result.out
