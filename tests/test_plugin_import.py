"""Loading the plugin costs nothing beyond pytest and the standard library.

pytest imports the plugin in every run of every project that has the toolkit installed,
so the plugin's own modules import only pytest and the standard library; Hypothesis,
jsonschema, Faker and the generators load when a fixture or hook first needs them.

The probe imports ``callevent_toolkit.pytest_plugin`` with the package's ``__init__``
bypassed (an empty package module over the same directory), so it measures the plugin
alone, whatever the package itself chooses to import eagerly.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import callevent_toolkit

PROBE = """
import json, sys, types
import pytest
package = types.ModuleType("callevent_toolkit")
package.__path__ = [sys.argv[1]]
sys.modules["callevent_toolkit"] = package
before = set(sys.modules)
import callevent_toolkit.pytest_plugin
print(json.dumps(sorted(set(sys.modules) - before)))
"""


def test_importing_the_plugin_adds_no_third_party_module() -> None:
    package_dir = str(Path(callevent_toolkit.__file__).parent)
    probe = subprocess.run(
        [sys.executable, "-c", PROBE, package_dir], capture_output=True, text=True, check=True
    )
    added = json.loads(probe.stdout)
    assert "callevent_toolkit.pytest_plugin._fixtures" in added
    third_party = [
        name
        for name in added
        if name.split(".")[0] not in sys.stdlib_module_names
        and not name.startswith("callevent_toolkit.pytest_plugin")
    ]
    assert third_party == []


def test_the_command_line_loads_neither_pytest_nor_the_plugin() -> None:
    """The CLI and the plugin are separate faces: ``callevent`` must work without pytest."""
    probe = (
        "import json, sys, callevent_toolkit.cli, callevent_toolkit.__main__\n"
        "callevent_toolkit.cli.build_parser()  # every command module, as --help loads them\n"
        "print(json.dumps(sorted(sys.modules)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    loaded = json.loads(result.stdout)
    assert "callevent_toolkit.cli._fuzz" in loaded
    assert [m for m in loaded if m.split(".")[0] in ("pytest", "_pytest")] == []
    assert [m for m in loaded if m.startswith("callevent_toolkit.pytest_plugin")] == []
