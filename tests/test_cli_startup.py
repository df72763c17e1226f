"""``callevent generate`` and ``callevent validate`` load only what they use.

A command line's start-up is paid on every call a script makes. Hypothesis alone costs
about 0.3 s to import, the fuzzer and ``explain`` more; so ``cli`` imports only the module
of the command being run, the engine builds Hypothesis strategies only on the first
Hypothesis draw, and the bulk generator never makes one. The figures are in
docs/performance.md (``benchmarks/bench_startup.py``); this test holds the cause: which
modules a fresh process has loaded after the command ran.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import textwrap

import pytest

#: Never loaded by generate or validate (each is at least tens of milliseconds).
HEAVY = (
    "hypothesis",
    "hypothesis_jsonschema",
    "faker",
    "pytest",
    "jsonschema",  # the message validator: only for lines that fail the fast check
    "dask",
    "callevent_toolkit.fuzz",
    "callevent_toolkit.contract_coverage",
    "callevent_toolkit.jobs.dask",
    "callevent_toolkit.strategies",
    "callevent_toolkit.sending",
    "callevent_toolkit.pytest_plugin",
    "callevent_toolkit.cli._explain",
    "callevent_toolkit.cli._fuzz",
    "callevent_toolkit.cli._send",
    "callevent_toolkit.cli._coverage",
)

_RUN = """
import contextlib, io, json, sys
from callevent_toolkit.cli import main  # the console script's entry point
sys.argv = ["callevent", *sys.argv[1:]]
with contextlib.redirect_stdout(io.StringIO()):
    try:
        main()
    except SystemExit as exit_:
        status = exit_.code
print(json.dumps({"status": status, "modules": sorted(sys.modules)}))
"""


def _loaded_after(*argv: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(_RUN), *argv],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    found = json.loads(done.stdout.splitlines()[-1])
    assert found["status"] == 0
    return set(found["modules"])


def _heavy_in(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if any(m == h or m.startswith(h + ".") for h in HEAVY))


def test_generate_count_1_loads_no_heavy_module(tmp_path):
    modules = _loaded_after("generate", "--count", "1", "--quiet", "-o", str(tmp_path / "o"))
    assert "callevent_toolkit.cli._generate" in modules  # it did run the command
    assert "callevent_toolkit.engine" in modules
    assert "callevent_toolkit.cli._validate" not in modules
    assert "msgspec" not in modules  # validate's pre-filter: compiled by validate only
    assert _heavy_in(modules) == []


@pytest.mark.parametrize("contract", [False, True])
def test_validate_of_a_valid_line_loads_no_heavy_module(tmp_path, contract):
    path = tmp_path / "one.ndjson"
    flags = ["--contract"] if contract else []
    generated = _loaded_after("generate", "--count", "1", *flags, "--quiet", "-o", str(path))
    assert _heavy_in(generated) == []  # contract plans build no strategy in bulk either
    modules = _loaded_after("validate", str(path))
    assert "callevent_toolkit.cli._validate" in modules
    assert "msgspec" in modules  # the pre-filter judged the line
    if not contract:  # a realistic line is taken: the compiled check (jsonschema-rs, 10
        assert "jsonschema_rs" not in modules  # ms to import) was never needed
        assert "rfc3339_validator" not in modules  # nor the exact date-time check
    assert "callevent_toolkit.envelopes" not in modules  # --envelope only
    assert _heavy_in(modules) == []
    # checking needs neither the generator nor the engine (jobs/ is a lazy facade)
    assert {"callevent_toolkit.engine", "callevent_toolkit.generation"}.isdisjoint(modules)


def test_validate_of_a_line_the_prefilter_does_not_take_loads_the_compiled_check(tmp_path):
    """The other side: a valid line the pre-filter cannot judge (spaced JSON) goes to the
    compiled check, so jsonschema-rs is loaded then (and the line still counts as valid)."""
    path = tmp_path / "one.ndjson"
    _loaded_after("generate", "--count", "1", "--quiet", "-o", str(path))
    value = json.loads(path.read_bytes())
    path.write_text(json.dumps(value, separators=(", ", ": ")) + "\n")
    modules = _loaded_after("validate", str(path))
    assert "jsonschema_rs" in modules
    assert _heavy_in(modules) == []  # jsonschema (the messages) only for invalid lines


def test_help_still_lists_every_command():
    done = subprocess.run(
        [sys.executable, "-m", "callevent_toolkit", "--help"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    for command in ("generate", "validate", "explain", "schema", "fuzz", "send", "coverage"):
        assert f"    {command}" in done.stdout


def test_the_check_sees_a_heavy_module_when_one_is_loaded():
    """The same check on a run that does load the fuzzer (so it cannot pass vacuously)."""
    modules = _loaded_after("fuzz", "--help")
    assert "callevent_toolkit.cli._fuzz" in _heavy_in(modules)


def test_the_console_script_module_loads_little_before_its_signal_handlers():
    """``from callevent_toolkit.cli import main`` runs before ``main()`` installs the
    signal handlers: a Ctrl-C then is Python's own, with a traceback. Only the signal
    helpers are imported in that window; argparse and the rest come in ``run()``."""
    code = (
        "import sys; before = set(sys.modules); from callevent_toolkit.cli import main; "
        "print(sorted(set(sys.modules) - before))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    loaded = set(ast.literal_eval(done.stdout))
    assert "argparse" not in loaded
    assert "dataclasses" not in loaded
    assert "callevent_toolkit.cli._streams" not in loaded
    assert "callevent_toolkit._process" in loaded


def test_the_exit_status_main_uses_for_a_usage_error_is_the_commands():
    from callevent_toolkit import cli
    from callevent_toolkit.cli import _streams

    assert cli._EXIT_USAGE == _streams.EXIT_USAGE
