"""How long the command line takes to start, against the floor of its two native imports.

    python benchmarks/bench_startup.py             # 21 interleaved rounds
    python benchmarks/bench_startup.py --rounds 5  # quick

Each round runs, in fresh processes and in this order:

* the floor: ``python -c "import orjson, jsonschema_rs"`` (what any NDJSON validator in
  Python pays before reading a byte);
* ``callevent generate --count 1`` to a file;
* ``callevent validate`` of a one-line file (a valid event);
* ``python -c "import hypothesis"``, for scale.

It prints the median wall time of each and each command's median *excess* over the floor
(target: at most 0.2 s for generate and validate). Wall time is what a user waits for, so
it is the measure; the children's CPU time is printed beside it because on a shared
machine the wall figures include the neighbours.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _callevent() -> list[str]:
    """The console script next to this interpreter (what users run), else ``-m``."""
    script = Path(sys.executable).with_name("callevent")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "callevent_toolkit"]


def _timed(argv: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of one fresh process (which must succeed)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def _commands(directory: Path) -> dict[str, list[str]]:
    one_line = directory / "one.ndjson"
    subprocess.run([*_callevent(), "generate", "--count", "1", "-o", str(one_line)], check=True)
    return {
        "floor: import orjson, jsonschema_rs": [
            sys.executable,
            "-c",
            "import orjson, jsonschema_rs",
        ],
        "callevent generate --count 1": [
            *_callevent(),
            "generate",
            "--count",
            "1",
            "--quiet",
            "-o",
            str(directory / "out.ndjson"),
        ],
        "callevent validate (one line)": [*_callevent(), "validate", str(one_line)],
        "import hypothesis": [sys.executable, "-c", "import hypothesis"],
    }


def _compile_package() -> None:
    """Byte-compile the toolkit, as installing its wheel does (see bench_floors.py)."""
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(ROOT / "callevent_toolkit")], check=True
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=21, help="interleaved rounds (odd)")
    args = parser.parse_args()
    _compile_package()
    print(
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, load average "
        f"{', '.join(f'{x:.2f}' for x in os.getloadavg())}, python {sys.version.split()[0]}"
    )
    with tempfile.TemporaryDirectory() as name:
        commands = _commands(Path(name))
        for argv in commands.values():  # warm the page cache
            _timed(argv)
        walls: dict[str, list[float]] = {k: [] for k in commands}
        cpus: dict[str, list[float]] = {k: [] for k in commands}
        for _ in range(args.rounds):
            for key, argv in commands.items():
                wall, cpu = _timed(argv)
                walls[key].append(wall)
                cpus[key].append(cpu)
    floor_key = next(iter(commands))
    floor_wall = statistics.median(walls[floor_key])
    floor_cpu = statistics.median(cpus[floor_key])
    width = max(map(len, commands))
    print(f"{'command':<{width}}  wall median  excess   cpu median  excess")
    for key in commands:
        wall, cpu = statistics.median(walls[key]), statistics.median(cpus[key])
        print(
            f"{key:<{width}}  {wall:9.3f} s  {wall - floor_wall:+.3f}  "
            f"{cpu:8.3f} s  {cpu - floor_cpu:+.3f}"
        )
    print(
        f"finished, load average {', '.join(f'{x:.2f}' for x in os.getloadavg())}, "
        f"{args.rounds} rounds"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
