"""Speed of call timelines and envelopes, as ratios to single-event generation in one run.

    python benchmarks/bench_timelines.py            # full run
    python benchmarks/bench_timelines.py --quick    # smaller counts, for a smoke test

The peer is ``generate()`` (single events from the same engine), so the ratios say what
the call story and the wrapping cost on top of building the events themselves.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import Any

from hypothesis import given, settings

from callevent_toolkit import generate, generate_timelines
from callevent_toolkit.envelopes import kinesis_record, unwrap, webhook_body
from callevent_toolkit.strategies import call_events, call_timelines


def _rate(count: int, run: Callable[[], Any]) -> float:
    began = time.perf_counter()
    run()
    return count / (time.perf_counter() - began)


def _examples_per_second(strategy: Any, examples: int) -> float:
    @settings(max_examples=examples, database=None, deadline=None, derandomize=True)
    @given(strategy)
    def draw(_value: Any) -> None:
        pass

    return _rate(examples, draw)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    quick = parser.parse_args().quick
    calls = 300 if quick else 3_000
    timelines = list(generate_timelines(calls, seed=1))
    events = [e for t in timelines for e in t]
    n = len(events)
    peer = _rate(n, lambda: list(generate(n, seed=1)))
    in_calls = _rate(n, lambda: [e for t in generate_timelines(calls, seed=1) for e in t])
    bodies = [webhook_body([e]) for e in events]
    wrap = _rate(n, lambda: [webhook_body([e]) for e in events])
    kinesis = _rate(n, lambda: [kinesis_record(e) for e in events])
    read = _rate(n, lambda: [unwrap(b) for b in bodies])
    print(f"{calls} calls, {n} events ({n / calls:.1f} per call)")
    print(f"generate():            {peer:10,.0f} events/s (peer)")
    print(f"generate_timelines():  {in_calls:10,.0f} events/s ({in_calls / peer:.2f}x peer)")
    print(f"webhook_body([e]):     {wrap:10,.0f} events/s ({wrap / peer:.2f}x peer)")
    print(f"kinesis_record(e):     {kinesis:10,.0f} events/s ({kinesis / peer:.2f}x peer)")
    print(f"unwrap(webhook body):  {read:10,.0f} events/s ({read / peer:.2f}x peer)")
    examples = 50 if quick else 200
    single = _examples_per_second(call_events(), examples)
    story = _examples_per_second(call_timelines(), examples)
    print(f"@given(call_events()):    {single:8,.0f} examples/s (peer)")
    print(f"@given(call_timelines()): {story:8,.0f} examples/s ({story / single:.2f}x peer)")


if __name__ == "__main__":
    main()
