"""What docs/timelines-and-envelopes.md says about streams, deliveries and malformed
deliveries, held to the code: signatures, the figures, the table of breakages."""

from __future__ import annotations

import inspect
import re
from collections import defaultdict
from datetime import datetime
from statistics import median

import pytest
from _docs import DOCS, flat_text

from callevent_toolkit import (
    Delivery,
    Malformation,
    generate_deliveries,
    generate_stream,
    malformed_delivery_cases,
)
from callevent_toolkit.engine import MALFORMATIONS
from callevent_toolkit.strategies import call_streams, deliveries, malformed_deliveries

PAGE = DOCS / "timelines-and-envelopes.md"


def _shown(function):
    """``name(a, *, b=1, c="x")`` as the page writes a signature."""
    parts, star = [], False
    for parameter in inspect.signature(function).parameters.values():
        if parameter.kind is parameter.KEYWORD_ONLY and not star:
            parts.append("*")
            star = True
        if parameter.default is parameter.empty:
            parts.append(parameter.name)
        else:
            default = parameter.default
            text = f'"{default}"' if isinstance(default, str) else repr(default)
            parts.append(f"{parameter.name}={text}")
    return f"{function.__name__}({', '.join(parts)})"


@pytest.mark.parametrize(
    "function",
    [
        generate_stream,
        generate_deliveries,
        malformed_delivery_cases,
        call_streams,
        deliveries,
        malformed_deliveries,
    ],
)
def test_the_page_gives_each_signature_as_it_is(function):
    assert _shown(function) in flat_text(PAGE)


def test_the_stated_concurrency_is_what_seed_7_gives():
    calls = defaultdict(list)
    for event in generate_stream(200, seed=7):
        calls[event["call_sid"]].append(datetime.fromisoformat(event["timestamp"]).timestamp())
    spans = [(c[0], c[-1]) for c in calls.values()]
    running = [sum(1 for a, b in spans if a <= start <= b) for start, _ in spans]
    stated = re.search(
        r"a median of (\d+) calls \(at most (\d+), over 200 calls\)", flat_text(PAGE)
    )
    assert stated is not None
    assert (median(running), max(running)) == (int(stated[1]), int(stated[2]))


def _table():
    rows = {}
    for line in PAGE.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[0].startswith("`") and cells[0] != "kind":
            rows[cells[0].strip("`")] = (tuple(cells[1].split(", ")), cells[2].strip("`"), cells[3])
    return rows


def test_the_table_of_breakages_is_the_catalogue():
    rows = _table()
    assert list(rows) == list(MALFORMATIONS)
    for case in malformed_delivery_cases():
        forms, where, reason = rows[case.malformed]
        assert forms == MALFORMATIONS[case.malformed].forms
        assert reason == case.label.reason
        if case.envelope == "webhook":
            assert where == case.label.where
        else:
            assert where.replace("body[0]", "body") == case.label.where


def test_deliveries_and_labels_are_the_types_the_page_names():
    delivery = next(generate_deliveries(1))
    assert isinstance(delivery, Delivery)
    assert delivery.label is None
    assert all(isinstance(case.label, Malformation) for case in malformed_delivery_cases())
