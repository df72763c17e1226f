"""What ``is_valid`` pays for agreeing with ``validate`` on hostile values.

    python benchmarks/bench_is_valid.py              # 2,000 events of each space, 15 rounds

``is_valid`` is the compiled jsonschema-rs check plus checks beside it: the ``date-time``
positions and, since the hostile-input work, an unprintable integer at an ``integer``
position (to say ``False`` for 10**5000 as ``validate`` does). Its floor is the compiled
check alone, built here from the public schema (formats off). The two are timed
interleaved in one process, best round of each, so the ratio holds on a busy machine
where absolute figures do not; only public names are used, so the same script measures
any earlier version of the toolkit for a before/after comparison of the ratio.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import Any

import jsonschema_rs

from callevent_toolkit import generate, is_valid, load_schema


def _per_call(check: Callable[[Any], object], events: list[Any]) -> float:
    began = time.perf_counter()
    for event in events:
        check(event)
    return (time.perf_counter() - began) / len(events)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=2_000)
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    floor = jsonschema_rs.Draft7Validator(load_schema(3), validate_formats=False).is_valid
    for realistic in (True, False):
        events = list(generate(args.count, seed=3, realistic=realistic))
        best = {"jsonschema-rs alone": 1.0, "is_valid": 1.0}
        for _ in range(args.rounds):
            for name, check in zip(best, (floor, is_valid), strict=True):
                best[name] = min(best[name], _per_call(check, events))
        space = "realistic" if realistic else "contract"
        shown = ", ".join(f"{name} {seconds * 1e6:.2f} µs" for name, seconds in best.items())
        ratio = best["is_valid"] / best["jsonschema-rs alone"]
        print(f"{space}: {shown}; ratio {ratio:.2f}")


if __name__ == "__main__":
    main()
