"""Where a strategy's per-example time goes: the toolkit's own code or Hypothesis's engine.

    python benchmarks/profile_strategies.py [--examples 300]

``bench_floors.py`` compares each strategy with a composite that makes as many
``draw(st.integers())`` calls as the strategy's examples record choices. When a ratio is
above target this script says why: it profiles each strategy and its floor inside
``@given`` (after a warm-up run) and splits the profiled time into the toolkit's code
(``callevent_toolkit`` and its generated object builders), Hypothesis,
hypothesis-jsonschema and the rest. A ratio that comes from the
toolkit's share can be fixed here; one that comes from Hypothesis's share (strings and
floats cost Hypothesis more per choice than the floor's integers) cannot, short of making
fewer or cheaper choices.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_floors import _count_choices, _floor_composite, _run_given, stamp


def _group(filename: str) -> str:
    if "callevent_toolkit" in filename or filename.startswith("<object builder"):
        return "toolkit"
    if "hypothesis_jsonschema" in filename:
        return "hypothesis-jsonschema"
    if "hypothesis" in filename:
        return "hypothesis"
    return "other"


def _split(strategy: object, examples: int) -> Counter[str]:
    _run_given(strategy, 50)
    profile = cProfile.Profile()
    profile.enable()
    _run_given(strategy, examples)
    profile.disable()
    groups: Counter[str] = Counter()
    for (filename, _line, _name), row in pstats.Stats(profile).stats.items():  # type: ignore[attr-defined]
        groups[_group(filename)] += row[2]  # own time
    return groups


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=300)
    args = parser.parse_args()
    from callevent_toolkit.strategies import call_events, call_timelines, invalid_call_events

    print(f"{stamp()}, {args.examples} examples")
    strategies = {
        "call_events": call_events(),
        "call_events_contract": call_events(realistic=False),
        "invalid_call_events": invalid_call_events(),
        "call_timelines": call_timelines(),
    }
    print(f"{'strategy':<22} {'profiled s':>10} {'toolkit':>8} {'hypothesis':>10} {'hjs':>6}")
    for name, strategy in strategies.items():
        draws = round(_count_choices(strategy, 100))
        for label, subject in ((name, strategy), (f"  floor ({draws} choices)", None)):
            groups = _split(
                subject if subject is not None else _floor_composite(draws), args.examples
            )
            total = sum(groups.values())
            print(
                f"{label:<22} {total:>10.3f} {groups['toolkit'] / total:>8.1%} "
                f"{groups['hypothesis'] / total:>10.1%} "
                f"{groups['hypothesis-jsonschema'] / total:>6.1%}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
