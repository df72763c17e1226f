"""A slice of ``benchmarks/bench_fuzz.py`` runs in the suite, so the benchmark cannot rot.

Each of its three parts runs on a sliver: leave-one-out validators for a few constraints
(each refuses what the real validator refuses but for its own rule, and the fuzzer finds
it), two catalogue bugs on one seed, and the ``@given`` harness of part (c) on two
examples streams. Part (c)'s own strategy (``hypothesis_jsonschema.from_schema`` of the
whole schema) cannot draw objects on the installed Hypothesis, so the harness is fed the
toolkit's contract events here; the benchmark feeds it ``from_schema`` in its peer venv.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from hypothesis import strategies as st

from callevent_toolkit import generate, validate
from callevent_toolkit.engine import hostile_cases
from callevent_toolkit.schemas.constraints import constraints
from callevent_toolkit.strategies import call_events

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import bench_fuzz as bench
from bug_catalogue import BUGS, ISSUE_KINDS

DOCS = Path(__file__).resolve().parent.parent / "docs"
EVENT = next(iter(generate(1, seed=3, realistic=True)))
BY_NAME = {bug.name: bug for bug in BUGS}


def _rule(keyword: str, pointer: str):
    (found,) = [c for c in constraints(3) if c.keyword == keyword and c.pointer == pointer]
    return found


def test_a_leave_one_out_validator_ignores_its_rule_and_only_it() -> None:
    validator = bench.leave_one_out(_rule("required", "/call_sid"))
    validator(EVENT)  # valid: accepted
    validator({k: v for k, v in EVENT.items() if k != "call_sid"})  # its rule: accepted
    with pytest.raises(bench.RejectedError, match="account_sid"):
        validator({k: v for k, v in EVENT.items() if k != "account_sid"})


def test_the_star_of_a_rule_matches_any_key_and_extra_properties_their_object() -> None:
    voice = _rule("type", "/conversation_relay_data/configurations/languages/*/voice")
    event = validate(
        {
            **EVENT,
            "conversation_relay_data": {"configurations": {"languages": {"xx-YY": {"voice": 7}}}},
        }
    )
    assert [bench.matches(voice, v) for v in event if v.keyword == "type"] == [True]
    closed = _rule("additionalProperties", "")
    (extra,) = validate({**EVENT, "surprise": 1})
    assert bench.matches(closed, extra)
    assert not bench.matches(_rule("additionalProperties", "/sdk_edge"), extra)


@pytest.mark.slow
def test_part_a_finds_a_slice_of_leave_one_out_validators() -> None:
    results = bench.run_leave_one_out(every=71)  # 3 of the 213 constraints
    assert [r.constraint for r in results] == constraints(3)[::71]
    assert all(r.found for r in results), results
    assert bench.loo_lines(results)[0].startswith("(a) leave-one-out validators: 3/3 found")


@pytest.mark.parametrize("name", ["reads sdk.browser.name", "sequence_number into int64"])
def test_part_b_finds_catalogue_bugs_and_counts_calls_to_the_first_crash(name: str) -> None:
    found = bench.fuzz_one(BY_NAME[name], seed=0)
    assert found.found
    assert found.calls is not None
    assert found.calls >= 1
    assert found.seconds is not None


def test_part_b_does_not_count_a_crash_of_another_type() -> None:
    wrong = bench.Bug("raises the wrong thing", "optional part", lambda e: e["nope"], TypeError)
    assert bench.fuzz_one(wrong, seed=0) == bench.Find(False)


def test_part_c_harness_records_each_handlers_first_crash_on_a_valid_event() -> None:
    bugs = [BY_NAME["event name as ASCII"], BY_NAME["reads sdk.browser.name"]]
    never = bench.Bug("never crashes", "zero", lambda e: None, ValueError)
    found = bench.hjs_one_seed(
        1, examples=60, strategy=call_events(realistic=False), bugs=[*bugs, never]
    )
    assert found["event name as ASCII"].found
    assert found["never crashes"] == bench.Find(False)
    first = found["event name as ASCII"]
    assert first.calls is not None
    assert 1 <= first.calls <= 60


def test_part_c_ignores_a_crash_on_an_event_the_schema_forbids() -> None:
    crashes = bench.Bug("crashes on anything", "zero", lambda e: 1 / 0, ZeroDivisionError)
    found = bench.hjs_one_seed(1, examples=5, strategy=st.just({"not": "an event"}), bugs=[crashes])
    assert found["crashes on anything"] == bench.Find(False)


def test_the_report_has_the_totals_and_one_row_per_bug() -> None:
    ours = {"reads sdk.browser.name": [bench.Find(True, 2, 0.1), bench.Find(True, 4, 0.3)]}
    peer = {"reads sdk.browser.name": [bench.Find(True, 30, 1.5), bench.Find(False)]}
    lines = bench.catalogue_table(ours, peer)
    assert (
        lines[2] == "| reads sdk.browser.name | optional part | 2/2 | 3 | 0.20 | 1/2 | 30 | 1.50 |"
    )
    assert bench._totals(peer) == "0/1 bugs found on every seed (1/2 runs)"


def test_the_counts_the_docs_state_for_the_benchmark_are_the_real_ones() -> None:
    text = " ".join((DOCS / "fuzzing.md").read_text(encoding="utf-8").split())
    stated = re.search(
        r"\(a\) (\d+) lenient validators.*?\(b\) the (\d+) crash bugs of "
        r"`benchmarks/bug_catalogue.py` \((\d+) of the kinds.*?and (\d+) others\)",
        text,
    )
    assert stated is not None, "docs/fuzzing.md no longer describes the benchmark"
    validators, bugs, of_kinds, others = map(int, stated.groups())
    assert validators == len(constraints(3))
    assert bugs == len(BUGS)
    assert of_kinds == sum(bug.kind in ISSUE_KINDS for bug in BUGS)
    assert others == bugs - of_kinds
    assert f"the first {len(hostile_cases()):,} calls are its valid cases" in text
    assert all(f"| {bug.name} | {bug.kind} |" in text for bug in BUGS)
