"""What the fuzzer finds, measured in one run: lenient validators and consumer crash bugs.

    nice python benchmarks/bench_fuzz.py            # full run (about half an hour)
    python benchmarks/bench_fuzz.py --quick         # a slice, for a smoke run

Three measurements, printed as one report:

(a) **Leave-one-out validators.** For every constraint of ``schemas.constraints`` (213 in
    version 3), a validator that enforces everything but that one: the real validator's
    violations, minus those of the dropped constraint. ``fuzz_handler(v, valid=False)`` at
    defaults (both phases, ``max_examples=200``) must report it as ``accepted-invalid``.
(b) **The bug catalogue** (``benchmarks/bug_catalogue.py``): each handler fuzzed by
    ``fuzz_handler`` at defaults on seeds 0-9, with ``invalid=False`` because these are
    consumers that trust an upstream check (the invalid questions come after every valid
    one, so they change no figure but the run time). A bug counts as found when the
    report has a failure with the bug's own exception; calls and seconds to find are
    counted from the start of the run to the first call that raised it.
(c) **The same catalogue under** ``@given(hypothesis_jsonschema.from_schema(schema))`` at
    200 examples, the same seeds (``@seed``). One ``@given`` run per seed feeds every
    example to every handler, so each handler sees exactly the examples a test of its own
    would see (the test never fails, so nothing depends on the handler); a crash counts
    when it is the bug's exception on an event the validator accepts. hypothesis-jsonschema
    0.23.1 cannot draw object schemas on Hypothesis >= 6.170.10, so this part runs in
    ``benchmarks/.venv-peers`` (Hypothesis 6.170.9, made on first use, as in
    ``bench_generate.py``) when the current Hypothesis is too new.

Figures are medians over the seeds where the bug was found. Absolute seconds depend on the
machine and its load (printed at start and end); compare rows within one run.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_generate import (  # noqa: E402 - the peer venv is shared with that benchmark
    PEER_HYPOTHESIS,
    PEER_VENV,
    _hypothesis_jsonschema_works,
)
from bug_catalogue import BUGS, Bug  # noqa: E402

from callevent_toolkit import Violation, fuzz_handler, is_valid, validate  # noqa: E402
from callevent_toolkit.fuzz import FailureKind, FuzzReport  # noqa: E402
from callevent_toolkit.schemas.constraints import Constraint, constraints  # noqa: E402

FULL_SEEDS = 10
QUICK_SEEDS = 2
QUICK_EVERY = 20  # --quick: every 20th constraint (11 of 213)
HJS_EXAMPLES = 200


class RejectedError(ValueError):
    """What the leave-one-out validators raise for an event they refuse."""


# --- (a) leave-one-out validators ------------------------------------------------------


def matches(constraint: Constraint, violation: Violation) -> bool:
    """Whether ``violation`` is one of ``constraint``'s (``*`` matches any step).

    ``additionalProperties`` violations point at the unexpected property, one step below
    the closed object the constraint names.
    """
    if violation.keyword != constraint.keyword:
        return False
    place = violation.path
    if constraint.keyword == "additionalProperties":
        place = place[:-1]
    rule = constraint.path
    return len(place) == len(rule) and all(r in ("*", p) for r, p in zip(rule, place, strict=True))


def leave_one_out(constraint: Constraint) -> Callable[[Any], None]:
    """A validator that enforces every rule of the schema except ``constraint``."""

    def validator(event: Any) -> None:
        if is_valid(event):
            return
        kept = [v for v in validate(event) if not matches(constraint, v)]
        if kept:
            raise RejectedError(str(kept[0]))

    validator.__name__ = f"all_but_{constraint.keyword}_at_{constraint.pointer or 'root'}"
    return validator


@dataclass(frozen=True)
class LooResult:
    constraint: Constraint
    found: bool
    phase: str  # "coverage" or "random", where the accepted-invalid failure came from
    seconds: float


def run_leave_one_out(every: int, seed: int = 0) -> list[LooResult]:
    results = []
    for constraint in constraints(3)[::every]:
        start = time.perf_counter()
        report = fuzz_handler(leave_one_out(constraint), valid=False, seed=seed)
        accepted = [f for f in report.failures if f.kind is FailureKind.ACCEPTED_INVALID]
        phase = "-" if not accepted else accepted[0].space
        phase = "coverage" if phase.startswith("coverage") else ("random" if accepted else "-")
        results.append(LooResult(constraint, bool(accepted), phase, time.perf_counter() - start))
    return results


# --- (b) the catalogue under fuzz_handler ------------------------------------------------


@dataclass(frozen=True)
class Find:
    """One run on one seed: found or not, and the calls and seconds it took."""

    found: bool
    calls: int | None = None
    seconds: float | None = None


class _Timed:
    """Counts calls and notes when the bug's exception is first raised."""

    def __init__(self, bug: Bug) -> None:
        self.bug = bug
        self.calls = 0
        self.first: tuple[int, float] | None = None
        self.start = time.perf_counter()

    def __call__(self, event: Any) -> object:
        self.calls += 1
        try:
            return self.bug.handler(event)
        except self.bug.expected:
            if self.first is None:
                self.first = (self.calls, time.perf_counter() - self.start)
            raise


def _found(report: FuzzReport, bug: Bug) -> bool:
    return any(
        f.kind is FailureKind.CRASHED_ON_VALID and isinstance(f.exception, bug.expected)
        for f in report.failures
    )


def fuzz_one(bug: Bug, seed: int) -> Find:
    timed = _Timed(bug)
    report = fuzz_handler(timed, invalid=False, seed=seed)
    if not _found(report, bug) or timed.first is None:
        return Find(False)
    return Find(True, *timed.first)


def run_catalogue(seeds: Sequence[int]) -> dict[str, list[Find]]:
    fuzz_handler(lambda _event: None, invalid=False, seed=0, max_examples=5)  # build caches
    return {bug.name: [fuzz_one(bug, seed) for seed in seeds] for bug in BUGS}


# --- (c) the catalogue under hypothesis-jsonschema ---------------------------------------


def hjs_one_seed(
    seed: int, examples: int = HJS_EXAMPLES, strategy: Any = None, bugs: Sequence[Bug] = BUGS
) -> dict[str, Find]:
    """One ``@given(strategy)`` run (default: ``from_schema`` of the schema); the first
    crash of each handler with its own exception on a valid event."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import seed as hypothesis_seed

    if strategy is None:
        from hypothesis_jsonschema import from_schema

        from callevent_toolkit import load_schema

        strategy = from_schema(load_schema(3))
    first: dict[str, Find] = {}
    count = [0]
    start = time.perf_counter()

    @hypothesis_seed(seed)
    @settings(
        max_examples=examples,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def feed(event: Any) -> None:
        count[0] += 1
        for bug in bugs:
            if bug.name in first:
                continue
            try:
                bug.handler(event)
            except bug.expected:
                if is_valid(event):
                    first[bug.name] = Find(True, count[0], time.perf_counter() - start)
            except Exception:  # another crash is not this bug
                pass

    feed()
    return {bug.name: first.get(bug.name, Find(False)) for bug in bugs}


def run_hjs(seeds: Sequence[int]) -> dict[str, list[Find]]:
    per_seed = [hjs_one_seed(seed) for seed in seeds]
    return {bug.name: [found[bug.name] for found in per_seed] for bug in BUGS}


def _hjs_elsewhere(seeds: Sequence[int]) -> dict[str, list[Find]]:
    """Part (c) in the peer venv when this Hypothesis cannot draw object schemas."""
    if not _hypothesis_jsonschema_works():
        python = PEER_VENV / "bin" / "python"
        if not python.exists():
            raise SystemExit(
                f"part (c) needs {PEER_VENV} (Hypothesis {PEER_HYPOTHESIS}): run "
                "benchmarks/bench_generate.py --quick once to create it"
            )
        argv = [str(python), __file__, "--hjs-only", ",".join(map(str, seeds))]
        done = subprocess.run(argv, capture_output=True, text=True, check=True)
        raw = json.loads(done.stdout)
        return {name: [Find(**f) for f in finds] for name, finds in raw.items()}
    return run_hjs(seeds)


# --- the report ------------------------------------------------------------------------


def _median(values: Sequence[float]) -> str:
    if not values:
        return "-"
    middle = statistics.median(values)
    return f"{middle:.0f}" if all(float(v).is_integer() for v in values) else f"{middle:.2f}"


def _summary(finds: Sequence[Find]) -> tuple[str, str, str]:
    hits = [f for f in finds if f.found]
    calls = [float(f.calls) for f in hits if f.calls is not None]
    seconds = [f.seconds for f in hits if f.seconds is not None]
    return f"{len(hits)}/{len(finds)}", _median(calls), _median(seconds)


def catalogue_table(ours: dict[str, list[Find]], peer: dict[str, list[Find]]) -> list[str]:
    """One row per bug of ``ours`` (in catalogue order), ``peer`` beside it."""
    lines = [
        "| bug | kind | fuzz_handler found | calls (median) | s (median) "
        "| from_schema found | examples (median) | s (median) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for bug in [b for b in BUGS if b.name in ours]:
        a, b = _summary(ours[bug.name]), _summary(peer[bug.name])
        lines.append(f"| {bug.name} | {bug.kind} | {' | '.join(a)} | {' | '.join(b)} |")
    return lines


def _totals(finds: dict[str, list[Find]]) -> str:
    every = sum(all(f.found for f in runs) for runs in finds.values())
    hits = sum(f.found for runs in finds.values() for f in runs)
    runs = sum(len(r) for r in finds.values())
    return f"{every}/{len(finds)} bugs found on every seed ({hits}/{runs} runs)"


def loo_lines(results: Sequence[LooResult]) -> list[str]:
    found = [r for r in results if r.found]
    coverage = sum(r.phase == "coverage" for r in found)
    missed = [
        f"{r.constraint.keyword} at {r.constraint.pointer or '/'}" for r in results if not r.found
    ]
    seconds = [r.seconds for r in results]
    lines = [
        f"(a) leave-one-out validators: {len(found)}/{len(results)} found "
        f"({coverage} in the coverage phase, {len(found) - coverage} by the random searches); "
        f"seconds per run: median {_median(seconds)}, max {max(seconds):.2f}",
    ]
    lines += [f"    missed: {m}" for m in missed]
    return lines


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="2 seeds, every 20th constraint")
    parser.add_argument("--hjs-only", help=argparse.SUPPRESS)  # the peer venv's part (c)
    args = parser.parse_args(argv)
    if args.hjs_only is not None:
        seeds = [int(s) for s in args.hjs_only.split(",")]
        found = run_hjs(seeds)
        print(json.dumps({k: [f.__dict__ for f in v] for k, v in found.items()}))
        return 0
    seeds = list(range(QUICK_SEEDS if args.quick else FULL_SEEDS))
    every = QUICK_EVERY if args.quick else 1
    print(f"load average at start: {_load()}; seeds {seeds[0]}-{seeds[-1]}", flush=True)
    start = time.perf_counter()
    loo = run_leave_one_out(every)
    ours = run_catalogue(seeds)
    peer = _hjs_elsewhere(seeds)
    print("\n".join(report_lines(loo, ours, peer)))
    print(f"\nload average at end: {_load()}; {time.perf_counter() - start:.0f} s in all")
    return 0


def report_lines(
    loo: Sequence[LooResult], ours: dict[str, list[Find]], peer: dict[str, list[Find]]
) -> list[str]:
    """The printed report: the three totals, then the catalogue table."""
    return [
        *loo_lines(loo),
        f"(b) fuzz_handler at defaults: {_totals(ours)}",
        f"(c) @given(from_schema(...)), {HJS_EXAMPLES} examples: {_totals(peer)}",
        "",
        *catalogue_table(ours, peer),
    ]


if __name__ == "__main__":
    raise SystemExit(main())
