"""Generation speed of callevent-toolkit against its peers, measured in one process.

    python benchmarks/bench_generate.py            # full run
    python benchmarks/bench_generate.py --quick    # smaller counts, for a smoke test

Peers on the same bundled schema: ``hypothesis_jsonschema.from_schema`` (bulk events/s,
strategy build time, per-example cost inside ``@given``) and ``jsf`` (bulk events/s).

hypothesis-jsonschema 0.23.1 cannot draw *object* schemas on Hypothesis >= 6.170.10
(``'many' object has no attribute 'more'``). So that every figure comes from one process,
the script re-runs itself in ``benchmarks/.venv-peers`` (created on first use: this
project plus ``hypothesis==6.170.9`` and ``jsf``) when the current interpreter's
Hypothesis is too new. Targets from the issue are printed beside each figure; the figures
that matter are the ratios to the peers, measured in the same run on the same machine.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
import venv
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PEER_VENV = ROOT / "benchmarks" / ".venv-peers"
PEER_HYPOTHESIS = "6.170.9"


def _hypothesis_jsonschema_works() -> bool:
    from hypothesis import given, settings
    from hypothesis_jsonschema import from_schema

    @settings(max_examples=1, database=None)
    @given(from_schema({"type": "object", "properties": {"a": {"type": "string"}}}))
    def probe(_value: Any) -> None:
        pass

    try:
        probe()
    except AttributeError:
        return False
    return True


def _reexec_in_peer_venv() -> int:
    python = PEER_VENV / "bin" / "python"
    if not python.exists():
        print(f"creating {PEER_VENV} (hypothesis=={PEER_HYPOTHESIS}, jsf) ...", file=sys.stderr)
        venv.EnvBuilder(with_pip=True).create(PEER_VENV)
        subprocess.run(
            [
                str(python),
                "-m",
                "pip",
                "install",
                "--quiet",
                "-e",
                f"{ROOT}[bench]",
                f"hypothesis=={PEER_HYPOTHESIS}",
            ],
            check=True,
        )
    env = {**os.environ, "CALLEVENT_BENCH_IN_PEER_VENV": "1"}
    return subprocess.run([str(python), __file__, *sys.argv[1:]], env=env, check=False).returncode


def _rate(count: int, seconds: float) -> float:
    return count / seconds if seconds > 0 else float("inf")


def _time(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def _consume(events: Iterable[Any]) -> int:
    return sum(1 for _ in events)


def bench_bulk(count: int) -> dict[str, float]:
    """Events/s of the fast generator, realistic and contract, after one warm-up."""
    from callevent_toolkit import generate

    _consume(generate(2000, seed=99))
    _consume(generate(2000, seed=99, realistic=False))
    realistic, _ = _time(lambda: _consume(generate(count, seed=1)))
    contract, _ = _time(lambda: _consume(generate(count // 4, seed=1, realistic=False)))
    return {
        "generate_realistic_events_per_s": _rate(count, realistic),
        "generate_contract_events_per_s": _rate(count // 4, contract),
    }


def _given_cost(strategy: Any, examples: int) -> tuple[float, int]:
    """Seconds per example of a ``@given`` test that only receives events."""
    from hypothesis import HealthCheck, given, settings

    seen = [0]

    @settings(
        max_examples=examples,
        database=None,
        derandomize=True,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def receive(_event: Any) -> None:
        seen[0] += 1

    elapsed, _ = _time(receive)
    return elapsed / max(seen[0], 1), seen[0]


_FIRST_EXAMPLE = """
import time
t0 = time.perf_counter()
from hypothesis import given, settings
{setup}
@settings(max_examples=1, database=None)
@given(strategy)
def first(_event):
    pass
first()
print(time.perf_counter() - t0)
"""


def _cold_first_example(setup: str) -> float:
    """Seconds from a fresh interpreter to the first example (imports + build + draw)."""
    code = _FIRST_EXAMPLE.format(setup=setup)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.split()[-1])


def bench_cold_start() -> dict[str, float]:
    """Cold start of both strategies, each in its own new process."""
    ours = "from callevent_toolkit.strategies import call_events\nstrategy = call_events()"
    peer = (
        "from hypothesis_jsonschema import from_schema\n"
        "from callevent_toolkit import load_schema\nstrategy = from_schema(load_schema(3))"
    )
    return {
        "call_events_cold_first_example_s": _cold_first_example(ours),
        "from_schema_cold_first_example_s": _cold_first_example(peer),
    }


def bench_strategy(examples: int) -> dict[str, float]:
    """Build time (cold, own process) and per-example cost of ``call_events()``."""
    from callevent_toolkit.strategies import call_events

    code = (
        "import time; t0 = time.perf_counter();"
        "from callevent_toolkit.strategies import call_events;"
        "t1 = time.perf_counter(); s = call_events(); s.validate(); t2 = time.perf_counter();"
        "print(t1 - t0, t2 - t1)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    import_s, build_s = (float(x) for x in out.stdout.split())
    realistic, n_real = _given_cost(call_events(), examples)
    contract, n_contract = _given_cost(call_events(realistic=False), examples)
    return {
        "call_events_import_s": import_s,
        "call_events_build_s": build_s,
        "call_events_ms_per_example": realistic * 1000,
        "call_events_contract_ms_per_example": contract * 1000,
        "call_events_examples": float(n_real + n_contract),
    }


def bench_hypothesis_jsonschema(examples: int) -> dict[str, float]:
    """The peer: canonicalise + build, then per-example cost and bulk rate."""
    from hypothesis_jsonschema import from_schema

    from callevent_toolkit import load_schema

    schema = load_schema(3)
    build_s, strategy = _time(lambda: from_schema(schema))
    validate_s, _ = _time(strategy.validate)
    per_example, seen = _given_cost(strategy, examples)
    return {
        "from_schema_build_s": build_s + validate_s,
        "from_schema_ms_per_example": per_example * 1000,
        "from_schema_events_per_s": 1 / per_example,
        "from_schema_examples": float(seen),
    }


def bench_jsf(count: int) -> dict[str, float]:
    """The peer: jsf (Faker-backed, no seeding) bulk events/s."""
    from jsf import JSF

    from callevent_toolkit import load_schema

    faker_json = JSF(load_schema(3))
    elapsed, _ = _time(lambda: [faker_json.generate() for _ in range(count)])
    return {"jsf_events_per_s": _rate(count, elapsed)}


# ---------------------------------------------------------------------------------------
# Invalid events (issue 3): the same two faces, breaking one schema rule per event.


def bench_invalid(count: int, examples: int) -> dict[str, float]:
    """Invalid events/s of the bulk generator (``invalid_ratio=1.0``) and the strategy's cost.

    The first pass warms the per-constraint plans (one compiled plan per optional part a
    mutation needs present), as a long run would.
    """
    from callevent_toolkit import generate_labelled
    from callevent_toolkit.strategies import invalid_call_events

    _consume(generate_labelled(3000, seed=99, invalid_ratio=1.0))
    elapsed, _ = _time(lambda: _consume(generate_labelled(count, seed=1, invalid_ratio=1.0)))
    per_example, seen = _given_cost(invalid_call_events(), examples)
    return {
        "generate_invalid_events_per_s": _rate(count, elapsed),
        "invalid_call_events_ms_per_example": per_example * 1000,
        "invalid_call_events_examples": float(seen),
    }


TARGETS = {
    "generate_realistic_events_per_s": (">=", 20_000),
    "call_events_build_s": ("<=", 0.2),
    "call_events_ms_per_example": ("<=", 2.0),
}


def _report(results: dict[str, float]) -> None:
    width = max(len(k) for k in results)
    for key, value in results.items():
        target = TARGETS.get(key)
        note = ""
        if target:
            op, limit = target
            ok = value >= limit if op == ">=" else value <= limit
            note = f"   target {op} {limit:g}: {'met' if ok else 'MISSED'}"
        print(f"{key:<{width}}  {value:>14,.3f}{note}")
    ratios = {
        "generate vs from_schema (bulk events/s)": results["generate_realistic_events_per_s"]
        / results["from_schema_events_per_s"],
        "generate vs jsf (bulk events/s)": results["generate_realistic_events_per_s"]
        / results["jsf_events_per_s"],
        "from_schema vs call_events (build time)": results["from_schema_build_s"]
        / results["call_events_build_s"],
        "from_schema vs call_events (ms per example)": results["from_schema_ms_per_example"]
        / results["call_events_ms_per_example"],
        "from_schema vs call_events (cold first example)": results[
            "from_schema_cold_first_example_s"
        ]
        / results["call_events_cold_first_example_s"],
    }
    if "generate_invalid_events_per_s" in results:
        ratios["invalid vs valid (bulk events/s)"] = (
            results["generate_invalid_events_per_s"] / results["generate_realistic_events_per_s"]
        )
    print()
    for label, ratio in ratios.items():
        print(f"{label:<45} {ratio:>10,.1f}x")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small counts (smoke test)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    if not _hypothesis_jsonschema_works():
        if os.environ.get("CALLEVENT_BENCH_IN_PEER_VENV"):
            print("hypothesis-jsonschema still fails in the peer venv", file=sys.stderr)
            return 2
        return _reexec_in_peer_venv()
    import hypothesis

    print(
        f"python {sys.version.split()[0]}, hypothesis {hypothesis.__version__}, "
        f"one process, {os.cpu_count()} CPUs visible\n"
    )
    bulk = 20_000 if args.quick else 200_000
    examples = 100 if args.quick else 500
    results: dict[str, float] = {}
    results.update(bench_bulk(bulk))
    results.update(bench_strategy(examples))
    results.update(bench_invalid(bulk // 4, examples))
    results.update(bench_hypothesis_jsonschema(30 if args.quick else 100))
    results.update(bench_jsf(300 if args.quick else 2000))
    results.update(bench_cold_start())
    _report(results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
