"""Run ``callevent`` in a child process with its address space capped, and report the
child's own peak RSS: memory promises are about real processes, not about a test's
in-process call (whose RSS includes everything pytest has loaded)."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from typing import Any

#: Address-space cap for the child: the CLI needs about 60 MB of virtual memory, so any
#: attempt to hold a long line (2-3 GiB) fails with MemoryError long before the cap.
ADDRESS_SPACE_BYTES = 600 << 20

_CHILD = """
import atexit, json, resource, sys
resource.setrlimit(resource.RLIMIT_AS, ({cap}, {cap}))
def _report():
    status = dict(line.split(":", 1) for line in open("/proc/self/status").read().splitlines())
    sys.stderr.write("\\nPEAK-RSS-KB " + status["VmHWM"].split()[0] + "\\n")
atexit.register(_report)
sys.argv = ["callevent", *json.loads(sys.argv[1])]
from callevent_toolkit.cli import main
main()
"""


@dataclass(frozen=True)
class ChildResult:
    status: int
    out: str
    err: str
    peak_rss_mb: float


def run_capped(
    *argv: str, timeout: float = 60, **kwargs: Any
) -> ChildResult:  # kwargs: env, cwd, stdin
    """``callevent ARGV`` in a fresh, memory-capped interpreter; its status and output."""
    code = _CHILD.format(cap=ADDRESS_SPACE_BYTES)
    done = subprocess.run(
        [sys.executable, "-c", code, json.dumps(list(argv))],
        capture_output=True,
        timeout=timeout,
        check=False,
        **kwargs,
    )
    err = done.stderr.decode("utf-8", "backslashreplace")
    body, _, peak = err.rpartition("PEAK-RSS-KB ")
    return ChildResult(
        done.returncode,
        done.stdout.decode("utf-8", "backslashreplace"),
        body.rstrip("\n"),
        int(peak) / 1024 if peak.strip().isdigit() else float("nan"),
    )
