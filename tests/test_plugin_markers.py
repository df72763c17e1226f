"""``@pytest.mark.callevent_coverage``: one test run per coverage case, readable ids."""

from __future__ import annotations

import re

import pytest

from callevent_toolkit import coverage_cases

CASE_ID = re.compile(r"\$(\.[\w*]+)*:\w+:\w+")


def _collected_ids(pytester: pytest.Pytester, *args: str) -> list[str]:
    result = pytester.runpytest("--collect-only", "-q", *args)
    return [line.split("[", 1)[1][:-1] for line in result.outlines if "::test_cases[" in line]


def test_marker_parametrizes_every_coverage_case(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.callevent_coverage
        def test_cases(invalid_call_event):
            pass
        """
    )
    ids = _collected_ids(pytester)
    assert len(ids) == len(set(ids)) == len(coverage_cases(version=3, seed=0))
    assert all(CASE_ID.fullmatch(case_id) for case_id in ids)
    assert {
        "$:type:to_null",
        "$.call_sid:required:remove_required",
        "$.sdk_edge.metadata.location.lat:type:to_string",
    } <= set(ids)


def test_case_ids_do_not_depend_on_the_seed(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.callevent_coverage(keywords={"required", "additionalProperties"})
        def test_cases(invalid_call_event):
            pass
        """
    )
    assert _collected_ids(pytester, "--callevent-seed=1") == _collected_ids(
        pytester, "--callevent-seed=2"
    )


def test_each_case_is_rejected_for_its_label(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\naddopts = --strict-markers\nfilterwarnings = error\n")
    pytester.makepyfile(
        """
        import pytest
        from callevent_toolkit import assert_violates

        @pytest.mark.callevent_coverage(keywords={"minimum", "maximum", "format"})
        def test_cases(invalid_call_event):
            label = invalid_call_event.violation
            assert_violates(invalid_call_event.event, keyword=label.keyword, pointer=label.pointer)
        """
    )
    result = pytester.runpytest("-v")
    result.assert_outcomes(passed=11)
    result.stdout.fnmatch_lines(
        [
            "*::test_cases[[]$.conversation_relay_data.stt_latency.latency_ms:minimum:"
            "below_minimum] PASSED*",
            "*::test_cases[[]$.timestamp:format:*] PASSED*",
        ]
    )


def test_marker_is_registered(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest("--markers")
    result.stdout.fnmatch_lines(["@pytest.mark.callevent_coverage(keywords=None): *"])


@pytest.mark.parametrize(
    ("signature", "marker", "message"),
    [
        ("", "", "*needs the test to take an 'invalid_call_event' argument"),
        ("invalid_call_event", "(keywords={'tpye'})", "*keywords={'tpye'} must name some of *"),
        ("invalid_call_event", "(keywords='type')", "*keywords must be a collection*"),
        ("invalid_call_event", "('type')", "*takes only keywords=..., got *"),
    ],
)
def test_misuse_is_a_collection_error(
    pytester: pytest.Pytester, signature: str, marker: str, message: str
) -> None:
    pytester.makepyfile(
        f"""
        import pytest

        @pytest.mark.callevent_coverage{marker}
        def test_cases({signature}):
            pass
        """
    )
    result = pytester.runpytest()
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines([message])
