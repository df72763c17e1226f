"""Speed and memory of ``callevent generate`` and ``callevent validate`` on big files.

    python benchmarks/bench_cli.py                  # 1,000,000 events (and 100,000 for RSS)
    python benchmarks/bench_cli.py --count 20000    # a quick run

Each measured command runs in a fresh child process (``callevent_toolkit.cli.run``
in-process there, timed around the call, so interpreter start-up and imports are not
counted) that reports its own peak RSS from :func:`resource.getrusage`. Figures:

* generate: events/s and MB/s writing realistic events to a file on one core (``--jobs 1``);
* the engine alone (``generate()`` iterated, nothing written) for comparison;
* validate: events/s on that file (best of ``--repeat`` runs), against jsonschema's
  ``Draft7Validator`` (with its format checker, reading and parsing included, like the
  CLI) on the first ``--baseline`` lines of the same file (best of as many runs);
* peak RSS of both at two file sizes (``--count`` and a tenth of it): streaming means the
  two should be about equal.

Targets from the issue are printed beside the figures.
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

_CHILD = """
import io, json, resource, sys, time
from callevent_toolkit.cli import run
argv = json.loads(sys.argv[1])
out, err = io.StringIO(), io.StringIO()
began = time.perf_counter()
status = run(argv, out, err)
seconds = time.perf_counter() - began
print(json.dumps({
    "status": status,
    "seconds": seconds,
    "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "stderr": err.getvalue()[-500:],
}))
"""

_BASELINE = """
import json, resource, sys, time
import jsonschema
from callevent_toolkit import load_schema
path, limit = sys.argv[1], int(sys.argv[2])
validator = jsonschema.Draft7Validator(
    load_schema(3), format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER
)
began = time.perf_counter()
checked = valid = 0
with open(path, "rb") as stream:
    for line in stream:
        valid += validator.is_valid(json.loads(line))
        checked += 1
        if checked == limit:
            break
seconds = time.perf_counter() - began
print(json.dumps({"checked": checked, "valid": valid, "seconds": seconds}))
"""


_ENGINE = """
import json, sys, time
from callevent_toolkit import generate
count = int(sys.argv[1])
began = time.perf_counter()
for _ in generate(count, seed=7):
    pass
print(json.dumps({"seconds": time.perf_counter() - began}))
"""


def _child(code: str, *args: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"benchmark child failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def _cli(*argv: str) -> dict[str, Any]:
    result = _child(_CHILD, json.dumps(list(argv)))
    if result["status"] not in (0, 1):
        raise SystemExit(
            f"callevent {' '.join(argv)} exited {result['status']}: {result['stderr']}"
        )
    return result


def _generate(path: Path, count: int, jobs: int) -> dict[str, Any]:
    argv = ["generate", "--count", str(count), "--seed", "7", "-o", str(path), "--quiet"]
    result = _cli(*argv, "--jobs", str(jobs))
    size_mb = path.stat().st_size / 1e6
    return {
        "events": count,
        "jobs": jobs,
        "seconds": result["seconds"],
        "events_per_s": count / result["seconds"],
        "mb": size_mb,
        "mb_per_s": size_mb / result["seconds"],
        "peak_rss_mb": result["peak_rss_mb"],
    }


def _validate(path: Path, count: int, repeat: int, jobs: int = 1) -> dict[str, Any]:
    runs = [_cli("validate", str(path), "--jobs", str(jobs)) for _ in range(repeat)]
    if any(run["status"] != 0 for run in runs):
        raise SystemExit(f"generated file did not validate: {runs[0]['stderr']}")
    result = min(runs, key=lambda run: run["seconds"])
    return {
        "events": count,
        "seconds": result["seconds"],
        "events_per_s": count / result["seconds"],
        "peak_rss_mb": result["peak_rss_mb"],
    }


def _baseline(path: Path, limit: int, repeat: int) -> dict[str, Any]:
    runs = [_child(_BASELINE, str(path), str(limit)) for _ in range(repeat)]
    result = min(runs, key=lambda run: run["seconds"])
    if result["valid"] != result["checked"]:
        raise SystemExit("jsonschema rejected events the CLI accepted")
    return {**result, "events_per_s": result["checked"] / result["seconds"]}


def _engine(count: int) -> dict[str, Any]:
    result = _child(_ENGINE, str(count))
    return {"events": count, "events_per_s": count / result["seconds"]}


def _measure(args: argparse.Namespace, directory: Path) -> dict[str, Any]:
    count, jobs, repeat = args.count, args.jobs, args.repeat
    sizes = sorted({count, max(count // 10, 1)}, reverse=True)
    report: dict[str, Any] = {"load_average": os.getloadavg(), "sizes": {}}
    report["engine"] = _engine(min(count, 200_000))
    for size in sizes:
        path = directory / f"events-{size}.ndjson"
        entry = {
            "generate": _generate(path, size, 1),
            "validate": _validate(path, size, repeat if size == count else 1),
        }
        if size == count:
            entry["jsonschema"] = _baseline(path, min(args.baseline, size), repeat)
            if jobs > 1:
                entry["validate_jobs"] = _validate(path, size, repeat, jobs)
                jobs_path = directory / "jobs.ndjson"
                entry["generate_jobs"] = _generate(jobs_path, size, jobs)
                jobs_path.unlink()
        report["sizes"][str(size)] = entry
        path.unlink()
    return report


def _jobs_of(entry: dict[str, Any]) -> int:
    jobs: int = entry["generate_jobs"]["jobs"]
    return jobs


def _print(report: dict[str, Any], count: int) -> None:
    big = report["sizes"][str(count)]
    gen, val, base = big["generate"], big["validate"], big["jsonschema"]
    speedup = val["events_per_s"] / base["events_per_s"]
    print(f"load average at start: {', '.join(f'{x:.2f}' for x in report['load_average'])}")
    print(
        f"generate {count:,} events, 1 core: {gen['events_per_s']:,.0f} events/s, "
        f"{gen['mb_per_s']:,.1f} MB/s ({gen['mb']:,.1f} MB in {gen['seconds']:,.1f} s)  "
        f"[target >= 20,000 events/s: {'met' if gen['events_per_s'] >= 20_000 else 'MISSED'}]"
    )
    engine = report["engine"]
    print(
        f"  (engine alone, generate() without writing, {engine['events']:,} events: "
        f"{engine['events_per_s']:,.0f} events/s)"
    )
    if "generate_jobs" in big:
        jobs = big["generate_jobs"]
        print(f"generate with --jobs {jobs['jobs']}: {jobs['events_per_s']:,.0f} events/s")
    print(
        f"validate {count:,} events: {val['events_per_s']:,.0f} events/s; jsonschema "
        f"Draft7Validator on the first {base['checked']:,}: {base['events_per_s']:,.0f} events/s "
        f"-> {speedup:,.0f}x  [target >= 50x: {'met' if speedup >= 50 else 'MISSED'}]"
    )
    if "validate_jobs" in big:
        jobs_rate = big["validate_jobs"]["events_per_s"]
        print(
            f"validate with --jobs {_jobs_of(big)}: {jobs_rate:,.0f} events/s "
            f"-> {jobs_rate / base['events_per_s']:,.0f}x jsonschema on one core"
        )
    print("peak RSS (MB) by file size:")
    for size, entry in report["sizes"].items():
        print(
            f"  {int(size):>10,} events: generate {entry['generate']['peak_rss_mb']:6.1f}, "
            f"validate {entry['validate']['peak_rss_mb']:6.1f}"
        )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=1_000_000, help="events in the big file")
    parser.add_argument("--baseline", type=int, default=2_000, help="lines jsonschema checks")
    parser.add_argument("--jobs", type=int, default=1, help="also time generate --jobs J")
    parser.add_argument(
        "--repeat", type=int, default=3, help="validation timings: best of this many runs"
    )
    parser.add_argument("--json", action="store_true", help="print the raw figures as JSON")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-cli-") as directory:
        report = _measure(args, Path(directory))
    if args.json:
        print(json.dumps(report, indent=2))
    _print(report, args.count)


if __name__ == "__main__":
    main()
