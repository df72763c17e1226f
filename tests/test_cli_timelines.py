"""``callevent generate --timelines`` and ``--envelope``: whole calls and sink deliveries."""

from __future__ import annotations

import json

import pytest
from _cli import callevent

from callevent_toolkit import generate_timelines
from callevent_toolkit.envelopes import unwrap
from callevent_toolkit.jobs import _deliveries


@pytest.fixture
def small_chunks(monkeypatch):
    """Several chunks even for a few calls, so chunk seams get exercised."""
    monkeypatch.setattr(_deliveries, "CHUNK_UNITS", 3)


def _calls(count: int, seed: int) -> list[dict]:
    return [e for timeline in generate_timelines(count, seed=seed) for e in timeline]


@pytest.mark.parametrize("envelope", ["none", "webhook", "kinesis"])
def test_each_line_delivers_the_next_event_of_the_calls(envelope):
    result = callevent(
        "generate", "--timelines", "--count", "4", "--seed", "6", "--envelope", envelope
    )
    assert result.status == 0
    delivered = (
        [e for line in result.out.splitlines() for e in unwrap(line)]
        if envelope != "none"
        else [json.loads(line) for line in result.out.splitlines()]
    )
    assert delivered == _calls(4, 6)


def test_envelopes_work_for_single_events_too():
    plain = callevent("generate", "--count", "5", "--seed", "1").out.splitlines()
    wrapped = callevent("generate", "--count", "5", "--seed", "1", "--envelope", "webhook").out
    assert [unwrap(line) for line in wrapped.splitlines()] == [[json.loads(p)] for p in plain]


@pytest.mark.usefixtures("small_chunks")
def test_shards_and_jobs_count_calls_and_keep_the_bytes(tmp_path):
    args = ("generate", "--timelines", "--count", "10", "--seed", "3", "--envelope", "kinesis")
    whole = callevent(*args).out
    shards = [callevent(*args, "--shard", f"{i}/3").out for i in (1, 2, 3)]
    assert "".join(shards) == whole
    target = tmp_path / "calls.ndjson"
    assert callevent(*args, "--jobs", "2", "-o", str(target), "--quiet").status == 0
    assert target.read_text() == whole


@pytest.mark.parametrize("extra", [["--labels", "labels.ndjson"], ["--invalid-ratio", "0.5"]])
def test_labels_and_invalid_ratio_are_refused_with_timelines(extra, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = callevent("generate", "--timelines", "--count", "1", *extra)
    assert result.status == 2
    assert "--timelines" in result.err
