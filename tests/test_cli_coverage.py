"""``callevent coverage FILE...``: the contract-coverage report of NDJSON and delivery files,
the same figures as the pytest plugin's report, bad lines named by file and line."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest
from _cli import callevent

from callevent_toolkit import generate
from callevent_toolkit.contract_coverage.recorder import Recorder
from callevent_toolkit.contract_coverage.report_json import to_json
from callevent_toolkit.envelopes import kinesis_record, webhook_body
from callevent_toolkit.generation import coverage_cases
from callevent_toolkit.ndjson import dumps_line


def _events(n: int = 30, *, realistic: bool = True) -> list[dict]:
    return list(generate(n, seed=11, realistic=realistic))


def _write(path: Path, lines: list[bytes]) -> str:
    path.write_bytes(b"".join(lines))
    return str(path)


def _ndjson(tmp_path: Path, events: list, name: str = "events.ndjson") -> str:
    return _write(tmp_path / name, [dumps_line(e) for e in events])


def _json(*argv: str) -> dict:
    result = callevent("coverage", "--format", "json", *argv)
    assert result.status == 0, result.err
    return json.loads(result.out)


def _expected(events: list) -> dict:
    recorder = Recorder()
    for event in events:
        recorder.record(event)
    return to_json(recorder.summary())


def test_the_json_report_of_a_file_is_that_of_its_events(tmp_path):
    events = _events(realistic=False)
    assert _json(_ndjson(tmp_path, events)) == _expected(events)


def test_the_text_report_gives_counts_figures_and_the_least_covered(tmp_path):
    events = _events()
    result = callevent("coverage", _ndjson(tmp_path, events))
    assert result.status == 0, result.err
    report = _expected(events)
    lines = result.out.splitlines()
    assert lines[0] == (
        "CallEvent contract coverage (schema v3): 30 valid and 0 invalid events fed"
    )
    overall = report["overall"]
    assert re.fullmatch(
        rf"  overall +{overall['percent']:.2f}%  \({overall['covered']}/{overall['total']}\)",
        lines[1],
    )
    assert [line.split()[0] for line in lines[2:7]] == list(report["dimensions"])
    assert lines[7].startswith("least covered (10 of ")
    assert result.err == ""


@pytest.mark.parametrize(
    ("envelope", "wrap"),
    [
        ("webhook", lambda e: webhook_body([e]).encode() + b"\n"),
        ("kinesis", lambda e: kinesis_record(e).encode() + b"\n"),
        ("auto", lambda e: webhook_body([e]).encode() + b"\n"),
        ("auto", lambda e: kinesis_record(e).encode() + b"\n"),
    ],
)
def test_delivery_files_count_the_events_inside(tmp_path, envelope, wrap):
    events = _events(realistic=False)
    path = _write(tmp_path / "deliveries.txt", [wrap(e) for e in events])
    assert _json("--envelope", envelope, path) == _expected(events)


def test_a_webhook_body_of_several_events_counts_each(tmp_path):
    events = _events(6)
    path = _write(
        tmp_path / "bodies.txt",
        [webhook_body(events[:4]).encode() + b"\n", webhook_body(events[4:]).encode() + b"\n"],
    )
    assert _json("--envelope", "webhook", path) == _expected(events)


def test_bad_lines_are_named_by_file_and_line_and_skipped(tmp_path):
    good, broken = _events(2)
    del broken["call_sid"]  # breaks exactly one rule: required call_sid
    path = _write(
        tmp_path / "mixed.ndjson",
        [dumps_line(good), b"not json\n", b"[1, 2]\n", dumps_line(broken), b'{"edge": 1}\n'],
    )
    result = callevent("coverage", "--format", "json", path)
    assert result.status == 0
    errors = result.err.splitlines()
    assert [line.split(": ")[0] for line in errors] == [f"{path}:2", f"{path}:3"]
    assert "Traceback" not in result.err
    report = json.loads(result.out)
    assert report["events"] == {"valid": 1, "invalid": 2}
    call_sid = next(n for n in report["nodes"] if n["pointer"] == "/call_sid")
    assert "constraints:required" in call_sid["seen"]  # the line without call_sid


def test_broken_envelopes_are_named_by_file_and_line(tmp_path):
    event = _events(1)[0]
    path = _write(
        tmp_path / "bodies.txt",
        [webhook_body([event]).encode() + b"\n", dumps_line(event), b"[{}]\n"],
    )
    result = callevent("coverage", "--envelope", "webhook", "--format", "json", path)
    assert result.status == 0
    assert [line.split(": ")[0] for line in result.err.splitlines()] == [f"{path}:2", f"{path}:3"]
    assert "not a webhook body" in result.err
    assert json.loads(result.out)["events"]["valid"] == 1


@pytest.mark.parametrize(
    "hostile",
    [
        b'{"call_sid": ' + b"[" * 1000 + b"]" * 1000 + b"}\n",  # deeper than a recursive walk
        b'{"call_sid": ' + b"9" * 5000 + b"}\n",  # past Python's 4,300-digit limit
        b"[" * 5000 + b"\n",  # past every JSON parser's nesting limit
    ],
    ids=["deep-value", "huge-integer", "deep-line"],
)
def test_hostile_lines_are_reported_without_a_traceback(tmp_path, hostile):
    path = _write(tmp_path / "hostile.ndjson", [dumps_line(_events(1)[0]), hostile])
    result = callevent("coverage", "--format", "json", path)
    assert result.status == 0
    assert result.err.startswith(f"{path}:2: ")
    assert "Traceback" not in result.err
    assert json.loads(result.out)["events"]["valid"] == 1


def test_every_coverage_case_in_a_file_breaks_each_rule_alone(tmp_path):
    """All but the root's ``type`` rule: a line that is not an object holds no event."""
    cases = coverage_cases(seed=0)
    path = _write(tmp_path / "cases.ndjson", [json.dumps(c.event).encode() + b"\n" for c in cases])
    result = callevent("coverage", "--format", "json", path)
    report = json.loads(result.out)
    root = next(n for n in report["nodes"] if n["pointer"] == "")
    assert [t for t in root["missing"] if t.startswith("constraints:")] == ["constraints:type"]
    rules = report["dimensions"]["constraints"]
    assert rules["covered"] == rules["total"] - 1
    not_objects = [i for i, c in enumerate(cases, start=1) if not isinstance(c.event, dict)]
    assert [line.split(": ")[0] for line in result.err.splitlines()] == [
        f"{path}:{i}" for i in not_objects
    ]
    assert report["events"] == {"valid": 0, "invalid": len(cases) - len(not_objects)}


def test_gzip_stdin_and_several_files_add_up(tmp_path):
    events = _events(20)
    first = _ndjson(tmp_path, events[:10], "first.ndjson")
    second = tmp_path / "second.ndjson.gz"
    second.write_bytes(gzip.compress(b"".join(dumps_line(e) for e in events[10:])))
    stdin = b"".join(dumps_line(e) for e in events[:5])
    result = callevent("coverage", "--format", "json", first, str(second), "-", stdin=stdin)
    assert result.status == 0, result.err
    assert json.loads(result.out) == _expected(events + events[:5])


def test_html_holds_the_json_report(tmp_path):
    path = _ndjson(tmp_path, _events())
    result = callevent("coverage", "--format", "json", "--html", str(tmp_path / "html"), path)
    assert result.status == 0
    page = (tmp_path / "html" / "index.html").read_text(encoding="utf-8")
    embedded = re.search(r'id="coverage-data">(.*?)</script>', page, re.S)
    assert embedded is not None
    assert json.loads(embedded.group(1).replace("<\\/", "</")) == json.loads(result.out)
    assert f"written to {tmp_path / 'html' / 'index.html'}" in result.err


def test_fail_under(tmp_path):
    path = _ndjson(tmp_path, _events())
    percent = _json(path)["overall"]["percent"]
    below = callevent("coverage", "--fail-under", f"{percent + 0.01:.2f}", path)
    assert below.status == 1
    assert f"contract coverage {percent:.2f}% is below --fail-under=" in below.err
    assert callevent("coverage", "--fail-under", f"{percent:.2f}", path).status == 0


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--fail-under", "101", "x"], "expected a percentage 0-100"),
        (["--fail-under", "lots", "x"], "expected a percentage 0-100"),
        (["--envelope", "sqs", "x"], "invalid choice: 'sqs'"),
        (["-", "-"], "'-' (stdin) can be read only once"),
        ([], "the following arguments are required: FILE"),
    ],
)
def test_usage_errors_exit_2(argv, message):
    result = callevent("coverage", *argv)
    assert result.status == 2
    assert message in result.err
    assert "Traceback" not in result.err


def test_an_unreadable_file_exits_2_after_reporting_the_others(tmp_path):
    path = _ndjson(tmp_path, _events(3))
    result = callevent("coverage", str(tmp_path / "missing.ndjson"), path)
    assert result.status == 2
    assert f"{tmp_path / 'missing.ndjson'}: No such file or directory" in result.err
    assert "3 valid and 0 invalid events fed" in result.out


def test_an_html_directory_that_cannot_be_made_exits_2(tmp_path):
    path = _ndjson(tmp_path, _events(3))
    blocker = tmp_path / "taken"
    blocker.write_text("a file, not a directory", encoding="utf-8")
    result = callevent("coverage", "--html", str(blocker), path)
    assert result.status == 2
    assert result.err.startswith(f"callevent: {blocker}: ")
    assert "Traceback" not in result.err
    assert "3 valid and 0 invalid events fed" in result.out  # the text report still came
