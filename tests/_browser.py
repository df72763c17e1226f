"""A real headless browser (Debian's chromium) for the tests of the HTML coverage page.

Why a browser and not a parse of the file: the page draws its tree and its totals with
JavaScript from the embedded JSON, so only the DOM *after* the script ran shows whether a
reader sees the right figures. ``.ci/run`` installs chromium; every flag below keeps it
off the network (no first-run page, no component or sync requests, no QUIC).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

__all__ = ["dump_dom", "screenshot"]

_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def _chromium(
    page: Path, profile: Path, *extra: str, fragment: str = ""
) -> subprocess.CompletedProcess[str]:
    binary = shutil.which("chromium")
    if binary is None:
        pytest.fail("chromium is not installed (.ci/run installs it: apt-get install chromium)")
    return subprocess.run(
        [binary, *_FLAGS, f"--user-data-dir={profile}", *extra, _address(page, fragment)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )


def _address(page: Path, fragment: str) -> str:
    return page.resolve().as_uri() + (f"#{fragment}" if fragment else "")


def dump_dom(page: Path, profile: Path, *, fragment: str = "") -> str:
    """The DOM of ``page`` (``#fragment`` added to its address) after its scripts ran."""
    return _chromium(page, profile, "--dump-dom", fragment=fragment).stdout


def screenshot(
    page: Path, profile: Path, target: Path, *, size: str = "1200,900", fragment: str = ""
) -> bytes:
    """A PNG of the page as a ``size`` window shows it; the PNG's bytes."""
    _chromium(page, profile, f"--screenshot={target}", f"--window-size={size}", fragment=fragment)
    return target.read_bytes()
