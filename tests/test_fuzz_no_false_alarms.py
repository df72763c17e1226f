"""Correct handlers get a clean report: the fuzzer raises no false alarms.

A false alarm would be a "valid" event the schema forbids (the handler is right to
raise), an "invalid" event the schema allows (the handler is right to accept it), or an
exception the fuzzer itself caused. The careful handlers in ``fuzz_handlers`` do the same
jobs as the buggy ones, correctly.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import fuzz_handlers as handlers
import pytest

from callevent_toolkit import assert_handles, fuzz_handler

SEEDS = (1, 2, 3)


@pytest.mark.parametrize("seed", SEEDS)
def test_a_careful_consumer_survives_every_valid_event(seed: int) -> None:
    report = fuzz_handler(handlers.careful_summary, invalid=False, seed=seed, max_examples=50)
    assert report.ok, str(report)
    assert all(search.calls == search.budget for search in report.searches)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("validator", [handlers.schema_validator, handlers.async_schema_validator])
def test_a_correct_validator_accepts_valid_and_rejects_invalid_events(
    validator: Callable[[Any], Any], seed: int
) -> None:
    report = fuzz_handler(validator, rejects=handlers.InvalidEventError, seed=seed, max_examples=20)
    assert report.ok, str(report)
    assert any("right error" in search.name for search in report.searches)


def test_the_default_budget_raises_no_false_alarm() -> None:
    assert_handles(handlers.async_schema_validator, rejects=handlers.InvalidEventError, seed=4)
    assert_handles(handlers.careful_summary, invalid=False, seed=4)
