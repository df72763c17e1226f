"""A/B of two trees on the bulk ratio: fresh processes, alternating, each against its floor.

    python benchmarks/ab_bulk.py BEFORE_DIR AFTER_DIR [--runs 5] [--count 20000]

``BEFORE_DIR`` is typically ``git archive HEAD | tar -x -C DIR`` of the last commit and
``AFTER_DIR`` the working tree. Each run is a fresh process per tree (``PYTHONPATH=DIR``,
``PYTHONSAFEPATH=1``: the tree's own package, not the checkout's), which times ``generate``
realistic and contract and the same-shape floors of :mod:`floors` (best of ``--rounds``
interleaved rounds, CPU seconds) and prints the two ratios of ``bench_floors.py --only
bulk``. Runs alternate the trees, so a neighbour's burst of work lands on both. On the
shared machine one process's ratio moves by about ±0.03; a change of a few percent needs
the medians of 5 runs or more, and most pairs agreeing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

_RUN = """
import sys, time
sys.path.insert(0, "benchmarks")
from floors import contract_floor, realistic_floor
from callevent_toolkit import generate

count, rounds = {count}, {rounds}
def cpu(make):
    start = time.process_time()
    for _ in make():
        pass
    return time.process_time() - start
contestants = {{
    "generate": lambda: generate(count, seed=1),
    "floor": lambda: realistic_floor(count, reseed=False),
    "generate_contract": lambda: generate(count // 4, seed=1, realistic=False),
    "floor_contract": lambda: contract_floor(count // 4, reseed=False),
}}
cpu(lambda: generate(2000, seed=99))
best = dict.fromkeys(contestants, float("inf"))
for _ in range(rounds):
    for name, make in contestants.items():
        best[name] = min(best[name], cpu(make))
print(best["floor"] / best["generate"], best["floor_contract"] / best["generate_contract"],
      best["generate"] / count * 1e6)
"""


def _run(tree: Path, count: int, rounds: int) -> tuple[float, float, float]:
    """(realistic ratio, contract ratio, µs per realistic event) of one fresh process."""
    env = dict(os.environ, PYTHONPATH=str(tree), PYTHONSAFEPATH="1")
    code = _RUN.format(count=count, rounds=rounds)
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=tree, env=env, capture_output=True, text=True
    )
    if done.returncode:
        raise SystemExit(f"{tree}: {done.stderr.strip()}")
    realistic, contract, micros = (float(x) for x in done.stdout.split())
    return realistic, contract, micros


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("trees", nargs=2, type=Path, metavar="DIR")
    parser.add_argument("--runs", type=int, default=5, help="processes per tree")
    parser.add_argument("--count", type=int, default=20_000, help="realistic events a round")
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds a process")
    args = parser.parse_args()
    print(f"load average before: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    results: dict[Path, list[tuple[float, float, float]]] = {t: [] for t in args.trees}
    for _ in range(args.runs):
        for tree in args.trees:
            results[tree].append(_run(tree.resolve(), args.count, args.rounds))
    for tree, runs in results.items():
        realistic = [r[0] for r in runs]
        print(
            f"{tree}: realistic / floor {', '.join(f'{x:.3f}' for x in realistic)} "
            f"(median {statistics.median(realistic):.3f}); contract / floor "
            f"{', '.join(f'{r[1]:.3f}' for r in runs)}; µs an event "
            f"{', '.join(f'{r[2]:.2f}' for r in runs)}"
        )
    print(f"load average after: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
