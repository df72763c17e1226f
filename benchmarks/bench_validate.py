"""``callevent validate`` end to end against jsonschema and against its own floor.

    python benchmarks/bench_validate.py                   # 200,000 realistic events
    python benchmarks/bench_validate.py --count 1000000   # the issue's file size

One file of realistic events (``callevent generate --seed 7``) is checked by, each in a
fresh child process and timed around the work only (imports and start-up not counted):

* ``callevent validate FILE`` with ``--jobs 1`` and ``--jobs 2`` (``cli.run`` in-process);
* jsonschema's ``Draft7Validator`` with its format checker, ``json.loads`` per line, on the
  first ``--baseline`` lines (it is about a hundred times slower);
* the floor: ``orjson.loads`` and jsonschema-rs's ``is_valid`` (native formats) per line,
  nothing else: what any validator of this file must at least pay.

The runs are interleaved, ``--repeat`` rounds, and the best of each is kept. One-core
figures are given twice: by the wall clock and by the child's own CPU time
(:func:`time.process_time`), which a busy machine does not inflate, so the CPU-time
ratios hold whatever else runs. ``--jobs 2`` is wall clock only (its work is in worker
processes) and can only gain when a second core is free: the load average before and
after is printed.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

_VALIDATE = """
import io, json, sys, time
from callevent_toolkit.cli import run
argv = json.loads(sys.argv[1])
out, err = io.StringIO(), io.StringIO()
run(["validate", "--version", "3", argv[0]], out, err)  # warm: caches, compiled checks
began, cpu = time.perf_counter(), time.process_time()
status = run(["validate", *argv], out, err)
print(json.dumps({
    "status": status, "seconds": time.perf_counter() - began, "cpu": time.process_time() - cpu
}))
"""

_JSONSCHEMA = """
import json, sys, time
import jsonschema
from callevent_toolkit import load_schema
path, limit = sys.argv[1], int(sys.argv[2])
validator = jsonschema.Draft7Validator(
    load_schema(3), format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER
)
began, cpu = time.perf_counter(), time.process_time()
checked = valid = 0
with open(path, "rb") as stream:
    for line in stream:
        valid += validator.is_valid(json.loads(line))
        checked += 1
        if checked == limit:
            break
print(json.dumps({
    "checked": checked, "valid": valid,
    "seconds": time.perf_counter() - began, "cpu": time.process_time() - cpu,
}))
"""

_FLOOR = """
import json, sys, time
import jsonschema_rs, orjson
from callevent_toolkit import load_schema
check = jsonschema_rs.Draft7Validator(load_schema(3), validate_formats=True).is_valid
loads = orjson.loads
began, cpu = time.perf_counter(), time.process_time()
checked = valid = 0
with open(sys.argv[1], "rb") as stream:
    for line in stream:
        valid += check(loads(line))
        checked += 1
print(json.dumps({
    "checked": checked, "valid": valid,
    "seconds": time.perf_counter() - began, "cpu": time.process_time() - cpu,
}))
"""


def _child(code: str, *args: str, source: str | None = None) -> dict[str, Any]:
    """Run ``code`` in a fresh interpreter; ``source``: import the toolkit from there.

    ``PYTHONSAFEPATH`` keeps ``python -c`` from putting the working directory first on
    ``sys.path``: run from a checkout, the child would otherwise import the checkout's
    toolkit, not the one in ``source``."""
    env = None
    if source is not None:
        env = {
            **os.environ,
            "PYTHONPATH": source,
            "PYTHONDONTWRITEBYTECODE": "1",
            "PYTHONSAFEPATH": "1",
        }
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=False, env=env
    )
    if done.returncode != 0:
        raise SystemExit(f"benchmark child failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def _make_file(path: Path, count: int) -> None:
    from callevent_toolkit.cli import run

    argv = ["generate", "--count", str(count), "--seed", "7", "-o", str(path), "--quiet"]
    if run([*argv, "--jobs", "2"], sys.stdout, sys.stderr) != 0:
        raise SystemExit("could not generate the file")


def _rounds(path: Path, args: argparse.Namespace) -> dict[str, dict[str, float]]:
    """Events per second of each contender (wall clock, and CPU time where it means
    something), best of ``--repeat`` interleaved rounds."""
    best: dict[str, dict[str, float]] = {}
    for _ in range(args.repeat):
        runs = {
            "validate --jobs 1": (_child(_VALIDATE, json.dumps([str(path)])), args.count),
            "validate --jobs 2": (
                _child(_VALIDATE, json.dumps([str(path), "--jobs", "2"])),
                args.count,
            ),
            "orjson + jsonschema-rs (floor)": (_child(_FLOOR, str(path)), args.count),
            "jsonschema Draft7Validator": (
                _child(_JSONSCHEMA, str(path), str(args.baseline)),
                args.baseline,
            ),
        }
        if args.before:
            before = _child(_VALIDATE, json.dumps([str(path)]), source=args.before)
            runs["validate --jobs 1, --before tree"] = (before, args.count)
        for name, (result, events) in runs.items():
            if result.get("status", 0) != 0 or result.get("valid", events) != events:
                raise SystemExit(f"{name} did not find every event valid: {result}")
            rates = best.setdefault(name, {"wall": 0.0, "cpu": 0.0})
            rates["wall"] = max(rates["wall"], events / result["seconds"])
            rates["cpu"] = max(rates["cpu"], events / result["cpu"])
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200_000)
    parser.add_argument("--baseline", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--before",
        metavar="DIR",
        help="also time `validate --jobs 1` of the toolkit in DIR (e.g. an export of main: "
        "`git archive main | tar -x -C DIR`), in the same rounds",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "events.ndjson"
        _make_file(path, args.count)
        before = os.getloadavg()
        best = _rounds(path, args)
        after = os.getloadavg()
    base = best["jsonschema Draft7Validator"]
    print(
        f"{args.count:,} realistic events; load average {before[0]:.2f} before, "
        f"{after[0]:.2f} after"
    )
    print(f"  {'':32s} {'wall clock':>26s}   {'CPU time':>26s}")
    for name, rates in best.items():
        cpu = (
            ""
            if name.endswith("--jobs 2")
            else (f"{rates['cpu']:12,.0f}/s {rates['cpu'] / base['cpu']:7.1f}x")
        )
        print(f"  {name:32s} {rates['wall']:12,.0f}/s {rates['wall'] / base['wall']:7.1f}x   {cpu}")
    one, two = best["validate --jobs 1"], best["validate --jobs 2"]
    floor = best["orjson + jsonschema-rs (floor)"]
    print(
        f"  --jobs 2 / --jobs 1 (wall): {two['wall'] / one['wall']:.2f}x; "
        f"--jobs 1 / floor (CPU): {one['cpu'] / floor['cpu']:.2f}"
    )


if __name__ == "__main__":
    main()
