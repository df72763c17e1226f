"""``--callevent-report`` and ``--callevent-fail-under``: what the run's events exercised."""

from __future__ import annotations

import json

import pytest

from callevent_toolkit.contract_coverage import recorder
from callevent_toolkit.engine import hostile_cases
from callevent_toolkit.generation import coverage_cases

SUITE = """
import pytest
from hypothesis import given, settings
from callevent_toolkit.strategies import call_events, call_timelines, invalid_call_events

@pytest.mark.parametrize("n", range(3))
def test_fixture(n, call_event):
    assert call_event["call_sid"]

def test_factory(call_event_factory):
    assert len(call_event_factory.batch(2)) == 2
    assert call_event_factory.contract() is not None
    assert call_event_factory.invalid("format").constraint.keyword == "format"

def test_invalid_fixture(invalid_call_event):
    assert invalid_call_event.violation

@settings(max_examples=5, derandomize=True, database=None)
@given(call_events(realistic=False))
def test_strategy(event):
    assert isinstance(event, dict)

@settings(max_examples=3, derandomize=True, database=None)
@given(invalid_call_events(keywords={"minimum"}))
def test_invalid_strategy(case):
    assert case.constraint.keyword == "minimum"

@settings(max_examples=2, derandomize=True, database=None)
@given(call_timelines())
def test_timelines(timeline):
    assert timeline

@pytest.mark.callevent_coverage(keywords={"maximum"})
def test_cases(invalid_call_event):
    assert invalid_call_event.constraint.keyword == "maximum"
"""


def _cases(keyword: str) -> int:
    return sum(case.constraint.keyword == keyword for case in coverage_cases())


def _json(pytester: pytest.Pytester, *args: str) -> dict:
    result = pytester.runpytest("-p", "no:randomly", "--callevent-report=json:out.json", *args)
    result.assert_outcomes(passed=8 + _cases("maximum"))
    return json.loads((pytester.path / "out.json").read_text(encoding="utf-8"))


def test_every_way_the_toolkit_hands_out_events_is_recorded(pytester: pytest.Pytester):
    pytester.makepyfile(test_suite=SUITE)
    report = _json(pytester)
    assert report["format"] == "callevent-contract-coverage"
    assert report["format_version"] == 1
    assert report["schema"] == {"name": "VoiceInsights.CallEvent", "version": 3}
    # 3 fixtures + 3 factory events + 5 strategy examples + the timelines' events
    assert report["events"]["valid"] > 3 + 3 + 5
    # factory.invalid + invalid fixture + 3 strategy examples + the marker's cases
    assert report["events"]["invalid"] >= 2 + 3 + _cases("maximum")
    rules = {
        (node["pointer"], target)
        for node in report["nodes"]
        for target in node["seen"]
        if target.startswith("constraints:")
    }
    assert ("/timestamp", "constraints:format") in rules  # factory.invalid("format")
    assert ("/conversation_relay_data/stt_latency/latency_ms", "constraints:maximum") in rules
    assert ("/conversation_relay_data/stt_latency/latency_ms", "constraints:minimum") in rules
    totals = report["dimensions"]
    assert sum(d["total"] for d in totals.values()) == report["overall"]["total"]
    assert sum(d["covered"] for d in totals.values()) == report["overall"]["covered"]


def test_term_report_summarises_least_covered_first(pytester: pytest.Pytester):
    pytester.makepyfile(test_one="def test_one(call_event):\n    assert call_event\n")
    result = pytester.runpytest("--callevent-report=term")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(
        [
            "*callevent contract coverage*",
            "CallEvent contract coverage (schema v3): 1 valid and 0 invalid events fed",
            "  overall * (*/*)",
            "  presence *",
            "  values *",
            "  sizes *",
            "  kinds *",
            "  constraints *",
            "least covered (10 of * places with something unseen):",
            "  $.* *0.00%*",
        ]
    )


def test_several_reports_at_once_and_html_embeds_the_json(pytester: pytest.Pytester):
    pytester.makepyfile(test_one="def test_one(call_event):\n    assert call_event\n")
    result = pytester.runpytest(
        "--callevent-report=term", "--callevent-report=json:a.json", "--callevent-report=html:h"
    )
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(
        [
            "CallEvent contract coverage*",
            "contract coverage JSON written to a.json",
            "contract coverage HTML written to h*index.html",
        ]
    )
    page = (pytester.path / "h" / "index.html").read_text(encoding="utf-8")
    embedded = page.split('id="coverage-data">', 1)[1].split("</script>", 1)[0]
    assert json.loads(embedded.replace("<\\/", "</")) == json.loads(
        (pytester.path / "a.json").read_text(encoding="utf-8")
    )
    assert "<link" not in page
    assert "src=" not in page
    assert "http" not in page.split("<script", 1)[1].split("</script>", 1)[0]


def test_default_paths(pytester: pytest.Pytester):
    pytester.makepyfile(test_one="def test_one(call_event):\n    assert call_event\n")
    pytester.runpytest("--callevent-report=json", "--callevent-report=html").assert_outcomes(
        passed=1
    )
    assert (pytester.path / "callevent-coverage.json").is_file()
    assert (pytester.path / "callevent-htmlcov" / "index.html").is_file()


def test_fail_under_fails_the_run_and_says_the_figure(pytester: pytest.Pytester):
    pytester.makepyfile(test_one="def test_one(call_event):\n    assert call_event\n")
    failed = pytester.runpytest("--callevent-fail-under=90")
    assert failed.ret == 1
    failed.assert_outcomes(passed=1)
    failed.stdout.fnmatch_lines(
        ["callevent contract coverage *% (FAIL: --callevent-fail-under=90)"]
    )
    passed = pytester.runpytest("--callevent-fail-under=0.5")
    assert passed.ret == 0
    passed.stdout.fnmatch_lines(
        ["callevent contract coverage *% (passed: --callevent-fail-under=0.5)"]
    )


@pytest.mark.parametrize(
    ("option", "message"),
    [
        (
            "--callevent-report=xml",
            "*--callevent-report=xml: expected term, json[[]:PATH] or html[[]:DIR]*",
        ),
        ("--callevent-report=term:x", "*--callevent-report=term:x: expected*"),
        ("--callevent-fail-under=101", "*--callevent-fail-under=101: expected a percentage 0-100*"),
        ("--callevent-fail-under=lots", "*--callevent-fail-under=lots: expected a percentage*"),
    ],
)
def test_bad_options_are_usage_errors(pytester: pytest.Pytester, option, message):
    pytester.makepyfile(test_one="def test_one():\n    pass\n")
    result = pytester.runpytest(option)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([message])


def test_without_the_option_nothing_is_recorded(pytester: pytest.Pytester):
    pytester.makepyfile(
        test_one="""
from callevent_toolkit.contract_coverage import recorder

def test_one(call_event):
    assert recorder.active() is None
"""
    )
    result = pytester.runpytest()
    result.assert_outcomes(passed=1)
    assert "contract coverage" not in result.stdout.str()
    assert recorder.active() is None


def test_the_recorder_is_active_during_a_reported_run_only(pytester: pytest.Pytester):
    pytester.makepyfile(
        test_one="""
from callevent_toolkit.contract_coverage import recorder

def test_one():
    assert recorder.active() is not None
"""
    )
    pytester.runpytest("--callevent-report=term").assert_outcomes(passed=1)
    assert recorder.active() is None


def test_fuzz_handler_calls_are_recorded(pytester: pytest.Pytester):
    pytester.makepyfile(
        test_fuzz="""
from callevent_toolkit.fuzz import fuzz_handler

def handler(event):
    if not isinstance(event, dict) or "call_sid" not in event:
        raise ValueError("bad event")

def test_fuzz():
    fuzz_handler(handler, max_examples=5, seed=1, invalid=True)
"""
    )
    pytester.runpytest("--callevent-report=json:f.json").assert_outcomes(passed=1)
    report = json.loads((pytester.path / "f.json").read_text(encoding="utf-8"))
    assert report["events"]["valid"] >= 5
    assert report["events"]["invalid"] >= 5
    assert report["dimensions"]["constraints"]["covered"] > 0


def test_fuzz_stream_deliveries_are_recorded(pytester: pytest.Pytester):
    """Each event of a valid delivery fuzz_stream feeds counts once per stream, however
    often it is redelivered; the events of broken envelopes do not count."""
    pytester.makepyfile(
        test_fuzz="""
import json
from pathlib import Path

from callevent_toolkit.envelopes import unwrap
from callevent_toolkit.fuzz import fuzz_stream

HANDED = []

class Consumer:
    def __init__(self):
        self.ids = set()
        HANDED.append(self.ids)

    def __call__(self, body):
        unwrap(body)  # raises EnvelopeError (a ValueError) for a broken one
        self.ids.update(envelope["id"] for envelope in json.loads(body))

def test_fuzz():
    report = fuzz_stream(Consumer, max_examples=20, seed=1)
    assert report.ok, report
    Path("handed.txt").write_text(str(sum(map(len, HANDED))))
"""
    )
    pytester.runpytest("--callevent-report=json:f.json").assert_outcomes(passed=1)
    report = json.loads((pytester.path / "f.json").read_text(encoding="utf-8"))
    handed = int((pytester.path / "handed.txt").read_text())
    assert handed > 20
    # a stream Hypothesis draws and then discards is heard without reaching a consumer
    assert handed <= report["events"]["valid"] <= handed * 2
    assert report["events"]["invalid"] == 0


def test_fuzz_handler_coverage_phase_cases_are_recorded(pytester: pytest.Pytester):
    """Every case the coverage phase feeds counts: each rule broken alone, each hostile event."""
    pytester.makepyfile(
        test_fuzz="""
from callevent_toolkit.fuzz import fuzz_handler

def handler(event):
    if not isinstance(event, dict) or "call_sid" not in event:
        raise ValueError("bad event")

def test_fuzz():
    fuzz_handler(handler, phases=["coverage"], seed=1)
"""
    )
    pytester.runpytest("--callevent-report=json:f.json").assert_outcomes(passed=1)
    report = json.loads((pytester.path / "f.json").read_text(encoding="utf-8"))
    assert report["events"] == {
        "valid": len(hostile_cases(3)),
        "invalid": len(coverage_cases(version=3)),
    }
    rules = report["dimensions"]["constraints"]
    assert rules["covered"] == rules["total"]


@pytest.mark.slow
def test_xdist_workers_report_what_a_serial_run_reports(pytester: pytest.Pytester):
    pytester.makepyfile(test_suite=SUITE)
    serial = _json(pytester)
    (pytester.path / "out.json").unlink()
    parallel = _json(pytester, "-n", "2")
    assert parallel == serial
    assert parallel["events"]["valid"] > 0
