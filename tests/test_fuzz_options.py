"""``FuzzOptions`` and each option of ``fuzz_handler``: checked, honoured, replayable."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import fuzz_handlers as handlers
import pytest

from callevent_toolkit import InvalidArgument, fuzz_handler
from callevent_toolkit.engine import hostile_cases
from callevent_toolkit.fuzz import PHASES, FailureKind, FuzzOptions
from callevent_toolkit.generation import coverage_cases

DOCS = Path(__file__).resolve().parent.parent / "docs"


def _invalid_cases(*keywords: str) -> int:
    return sum(1 for case in coverage_cases() if case.violation.keyword in keywords)


def test_the_defaults_run_every_phase_and_question() -> None:
    options = FuzzOptions()
    assert (options.valid, options.invalid, options.phases) == (True, True, PHASES)
    assert options.invalid_keywords() == tuple(
        dict.fromkeys(case.violation.keyword for case in coverage_cases())
    )


def test_the_coverage_phase_counts_follow_from_the_case_builders() -> None:
    report = fuzz_handler(lambda event: None, phases=["coverage"], seed=1)
    assert report.coverage is not None
    assert report.coverage.valid_cases == len(hostile_cases())
    assert report.coverage.invalid_cases == len(coverage_cases())
    assert report.calls == report.coverage.cases
    # It accepts everything: every invalid case fails, one failure per kind of rule.
    assert len(report.coverage.failed) == len(coverage_cases())
    kinds = {case.violation.keyword for case in coverage_cases()}
    assert {f.violation.keyword for f in report.failures if f.violation} == kinds
    assert f"coverage phase: {report.coverage.cases} cases" in str(report)


def test_the_case_counts_in_the_docs_are_the_real_ones() -> None:
    text = " ".join((DOCS / "fuzzing.md").read_text(encoding="utf-8").split())
    found = re.search(r"\(([\d,]+) cases: ([\d,]+) valid, ([\d,]+) invalid\)", text)
    assert found is not None, "docs/fuzzing.md no longer states the coverage case counts"
    stated = [int(n.replace(",", "")) for n in found.groups()]
    valid, invalid = len(hostile_cases()), len(coverage_cases())
    assert stated == [valid + invalid, valid, invalid]


def test_no_invalid_runs_valid_events_only() -> None:
    report = fuzz_handler(handlers.careful_summary, invalid=False, max_examples=5, seed=1)
    assert report.ok, str(report)
    assert report.coverage is not None
    assert report.coverage.invalid_cases == 0
    assert not any("invalid" in s.name for s in report.searches)


def test_no_valid_runs_invalid_events_only() -> None:
    report = fuzz_handler(handlers.browser_name, valid=False, max_examples=5, seed=1)
    assert report.coverage is not None
    assert report.coverage.valid_cases == 0
    assert all("invalid" in s.name for s in report.searches)
    assert {f.kind for f in report.failures} == {FailureKind.ACCEPTED_INVALID}


def test_keywords_choose_the_kinds_of_rule_broken() -> None:
    report = fuzz_handler(
        lambda event: None, valid=False, keywords=["format"], max_examples=5, seed=1
    )
    assert report.coverage is not None
    assert report.coverage.invalid_cases == _invalid_cases("format")
    assert [s.name for s in report.searches] == ["invalid events breaking 'format': rejected?"]
    assert {f.violation.keyword for f in report.failures if f.violation} == {"format"}


def test_a_consumer_that_tolerates_unknown_fields_skips_additional_properties() -> None:
    flagged = fuzz_handler(handlers.tolerant_validator, valid=False, max_examples=5, seed=1)
    assert {f.violation.keyword for f in flagged.failures if f.violation} == {
        "additionalProperties"
    }
    skipped = fuzz_handler(
        handlers.tolerant_validator,
        valid=False,
        skip_keywords=["additionalProperties"],
        max_examples=5,
        seed=1,
    )
    assert skipped.ok, str(skipped)
    assert skipped.coverage is not None
    every = {case.violation.keyword for case in coverage_cases()}
    assert skipped.coverage.invalid_cases == _invalid_cases(*every - {"additionalProperties"})


@pytest.mark.parametrize("phases", [["coverage"], ["random"], ["random", "coverage"]])
def test_phases_choose_what_runs(phases: list[str]) -> None:
    report = fuzz_handler(handlers.careful_summary, invalid=False, phases=phases, max_examples=3)
    assert (report.coverage is not None) == ("coverage" in phases)
    assert bool(report.searches) == ("random" in phases)
    assert report.options.phases == tuple(p for p in PHASES if p in phases)


def test_a_factory_gives_each_event_a_fresh_handler() -> None:
    shared = fuzz_handler(handlers.Deduplicator(), invalid=False, max_examples=20, seed=1)
    assert any(f.kind is FailureKind.CRASHED_ON_VALID for f in shared.failures), str(shared)
    fresh = fuzz_handler(
        handlers.Deduplicator, invalid=False, factory=True, max_examples=20, seed=1
    )
    assert fresh.ok, str(fresh)
    assert "factory=True" in fresh.replay


def test_a_factory_is_checked_before_the_run() -> None:
    with pytest.raises(InvalidArgument, match=r"handler\(\) must return a callable, got 3"):
        fuzz_handler(lambda: 3, factory=True)


def test_options_can_be_passed_whole_and_changed_by_keyword() -> None:
    options = FuzzOptions(invalid=False, max_examples=3, phases=("random",))
    report = fuzz_handler(handlers.careful_summary, options, seed=5)
    assert report.options == FuzzOptions(invalid=False, max_examples=3, phases=("random",), seed=5)
    again = fuzz_handler(handlers.careful_summary, report.options)
    assert again.options == report.options
    assert [s.calls for s in again.searches] == [s.calls for s in report.searches]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"colour": "red"}, "unknown fuzz option.s. colour"),
        ({"keywords": ["nope"]}, "'nope' is not a constraint keyword"),
        ({"keywords": "format"}, "keywords must be a collection"),
        ({"skip_keywords": ["nope"]}, "'nope' is not a constraint keyword"),
        ({"keywords": ["format"], "skip_keywords": ["format"]}, "leave no kind of rule"),
        ({"phases": ["examples"]}, "phases must be a non-empty collection"),
        ({"phases": []}, "phases must be a non-empty collection"),
        ({"factory": "yes"}, "factory must be True or False"),
        ({"valid": 1}, "valid must be True or False"),
    ],
)
def test_bad_options_are_refused_naming_them(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidArgument, match=message):
        fuzz_handler(handlers.careful_summary, **changes)


def test_options_are_frozen() -> None:
    options = FuzzOptions()
    with pytest.raises(AttributeError):
        options.seed = 3  # type: ignore[misc]


def test_the_text_lists_ten_failing_cases_and_json_all_of_them() -> None:
    report = fuzz_handler(lambda event: None, valid=False, phases=["coverage"], seed=1)
    assert report.coverage is not None
    failed = report.coverage.failed
    assert len(failed) == len(coverage_cases()) > 10
    assert report.to_json()["coverage"]["failed"] == list(failed)
    text = str(report)
    assert all(case in text for case in failed[:10])
    assert f"... and {len(failed) - 10} more" in text


def test_a_fast_handler_gets_through_the_coverage_phase_quickly() -> None:
    fuzz_handler(lambda event: None, phases=["coverage"], seed=1)  # builds the cases, once
    started = time.monotonic()
    report = fuzz_handler(lambda event: None, phases=["coverage"], seed=1)
    elapsed = time.monotonic() - started
    assert report.coverage is not None
    assert report.coverage.cases > 2_000
    assert elapsed < 30, elapsed  # 0.4 s measured on an idle machine; generous for CI
