"""Seeded output pinned to the byte: the guard every refactor runs under.

A restructure of the package must not change what a seed produces (users rely on "same
seed, same bytes" to replay failures and to diff sample files across upgrades). These
digests were taken before the move to the layered layout; a deliberate change of output
must update them in a commit that says why.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import Any

import pytest
from _cli import callevent

from callevent_toolkit import coverage_cases, generate, generate_labelled, generate_timelines


def _digest(items: Iterable[Any]) -> str:
    """SHA-256 of one JSON text per item (stdlib json: exact for integers of any size)."""
    sha = hashlib.sha256()
    for item in items:
        sha.update(json.dumps(item, ensure_ascii=False, sort_keys=False).encode())
        sha.update(b"\n")
    return sha.hexdigest()


def _violation(v: Any) -> Any:
    return None if v is None else [v.pointer, v.keyword, v.message]


def _case(case: Any) -> Any:
    return {
        "event": case.event,
        "violations": [_violation(v) for v in case.violations],
        "constraints": [[c.pointer, c.keyword, c.detail] for c in case.constraints],
        "operators": list(case.operators),
    }


OUTPUTS = {
    "generate-realistic": lambda: generate(300, seed=7),
    "generate-contract": lambda: generate(300, seed=7, realistic=False),
    "generate-window": lambda: generate(50, seed=-3, start=1000),
    "generate-invalid": lambda: generate(300, seed=11, invalid_ratio=0.3),
    "labelled-realistic": lambda: (
        [e, _violation(v)] for e, v in generate_labelled(300, seed=5, invalid_ratio=0.5)
    ),
    "labelled-contract": lambda: (
        [e, _violation(v)]
        for e, v in generate_labelled(300, seed=5, realistic=False, invalid_ratio=0.5)
    ),
    "timelines-realistic": lambda: generate_timelines(40, seed=7),
    "timelines-contract": lambda: generate_timelines(40, seed=7, realistic=False),
    "coverage-cases": lambda: (_case(c) for c in coverage_cases(seed=0)),
    "cli-contract": lambda: [
        callevent("generate", "--count", "200", "--seed", "3", "--contract").out
    ],
    "cli-webhook": lambda: [
        callevent("generate", "--timelines", "--count", "5", "--envelope", "webhook").out
    ],
}

PINNED = {
    "cli-contract": "85a9a6373b7be7876fc2263675af6fc2fb54e0c5c166f210682b9bf672c00ff3",
    "cli-webhook": "6b6ebd145f45602ed37fc51d5414dda186d115d06da07ed85adf201ab69ee1fb",
    "coverage-cases": "7a86f2b4b5a9fbdebc2f5dd672f39cc6f772e673c26038a71c68cc8b43d46853",
    "generate-contract": "918e57d984a3897934c622c5fa5f9f726a1f729e73d1db618f4350ef0a673d1e",
    "generate-invalid": "becc7707427cb5f70bb4da5cf858df001bd22602478ccfd67ecff7ecf45196ac",
    "generate-realistic": "0938e99af2d7c7440ed46ac460da68b02f37945fe9ed6629b4fb93ba164f28bb",
    "generate-window": "d0a1c8821f9d32bd1c41c86419d62ebf6be5d853998526035d84cf2cc93740d5",
    "labelled-contract": "e9e90aa6aee8cce508b46be3f61ca8edf48efa071019f865fe20f3872f07ebcc",
    "labelled-realistic": "4cfb6705a5267004798aa6604063e915c8df9d5b3c8c61e1fb56b4b3b55460ae",
    "timelines-contract": "a75b2e542379d2031b20390a7060c434b69a30550ae214d5744ec8a02387bb8e",
    "timelines-realistic": "7532bd5690db1d232dad7ead98d6bc3969defccf24101dd5baf00db5bb1cb951",
}


@pytest.mark.parametrize("name", sorted(OUTPUTS))
def test_seeded_output_is_byte_identical(name: str) -> None:
    assert _digest(OUTPUTS[name]()) == PINNED[name]


def test_a_violation_round_trips_through_its_dict():
    from callevent_toolkit import Violation

    for _event, violation in generate_labelled(50, seed=1, invalid_ratio=1.0):
        assert violation is not None
        data = json.loads(json.dumps(violation.to_dict()))
        assert set(data) == {"pointer", "keyword", "message"}
        assert Violation.from_dict(data) == violation
        assert Violation.from_dict({**data, "json_path": "ignored"}) == violation
