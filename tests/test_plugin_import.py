"""Loading the plugin costs nothing beyond the package itself.

pytest imports the plugin in every run of every project that has the toolkit installed,
so the plugin's own modules import only pytest and the standard library; Faker,
hypothesis-jsonschema and the generators load when a fixture first needs them.
"""

from __future__ import annotations

import json
import subprocess
import sys

PROBE = """
import json, sys
import pytest, callevent_toolkit
before = set(sys.modules)
import callevent_toolkit.pytest_plugin
print(json.dumps({"added": sorted(set(sys.modules) - before),
                  "faker": "faker" in sys.modules}))
"""


def test_importing_the_plugin_adds_only_its_own_modules() -> None:
    probe = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True
    )
    report = json.loads(probe.stdout)
    third_party = [
        name
        for name in report["added"]
        if name.split(".")[0] not in sys.stdlib_module_names
        and not name.startswith("callevent_toolkit.pytest_plugin")
    ]
    assert third_party == []
    assert not report["faker"]
