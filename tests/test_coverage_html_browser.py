"""The HTML coverage page in a real browser: the tree is drawn, nested as the schema is, and
its figures are those of the JSON report of the same run; a screenshot is taken.

The page is written by the plugin (``--callevent-report=html:DIR``) in a pytester run that
also writes the JSON report, then opened by headless chromium from a ``file://`` address
(the page needs nothing else: no network, no other file).
"""

from __future__ import annotations

import json
import struct
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from _browser import dump_dom, screenshot

from callevent_toolkit.contract_coverage.recorder import Recorder
from callevent_toolkit.contract_coverage.report_html import write_html
from callevent_toolkit.generation import generate

SUITE = """
from hypothesis import given, settings
from callevent_toolkit.strategies import call_events, invalid_call_events

def test_fixture(call_event):
    assert call_event["account_sid"]

@settings(max_examples=25)
@given(call_events(realistic=False))
def test_contract(event):
    assert isinstance(event, dict)

@settings(max_examples=10)
@given(invalid_call_events())
def test_invalid(case):
    assert case.violation
"""

pytestmark = pytest.mark.slow  # a pytest run and a browser start per test: seconds each

SCREENSHOT = Path(__file__).resolve().parent.parent / "docs" / "coverage-report.png"


class _Dom(HTMLParser):
    """The rendered page's tree nodes (with their parent node) and total rows."""

    def __init__(self) -> None:
        super().__init__()
        self.nodes: list[dict[str, str | None]] = []
        self.totals: list[dict[str, str | None]] = []
        self.body: dict[str, str | None] = {}
        self._open: list[str | None] = []  # pointers of the open <details>, innermost last

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "body":
            self.body = found
        elif tag == "details":
            parent = next((p for p in reversed(self._open) if p is not None), None)
            self.nodes.append({**found, "parent": parent})
            self._open.append(found.get("data-pointer"))
        elif tag == "tr" and found.get("class") == "total":
            self.totals.append(found)

    def handle_endtag(self, tag: str) -> None:
        if tag == "details":
            self._open.pop()


@pytest.fixture(scope="module")
def reported(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, Path]:
    """One run's JSON report and the path of its HTML page."""
    run = tmp_path_factory.mktemp("run")
    (run / "test_suite.py").write_text(SUITE, encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "--callevent-report=json:cov.json",
            "--callevent-report=html:htmlcov",
        ],
        cwd=run,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads((run / "cov.json").read_text(encoding="utf-8")), run / "htmlcov/index.html"


def _rendered(page: Path, tmp_path: Path) -> _Dom:
    dom = _Dom()
    dom.feed(dump_dom(page, tmp_path / "profile"))
    return dom


def test_the_browser_draws_one_node_per_place_with_the_json_figures(reported, tmp_path):
    report, page = reported
    dom = _rendered(page, tmp_path)
    assert dom.body.get("data-rendered") == "yes"  # the script ran to its end
    drawn = [(n["data-pointer"], int(n["data-covered"]), int(n["data-total"])) for n in dom.nodes]
    expected = [(n["pointer"], n["covered"], n["total"]) for n in report["nodes"]]
    assert drawn == expected
    assert len(drawn) > 100
    subtrees = [(int(n["data-subtree-covered"]), int(n["data-subtree-total"])) for n in dom.nodes]
    assert subtrees == [(n["subtree"]["covered"], n["subtree"]["total"]) for n in report["nodes"]]
    assert subtrees[0] == (report["overall"]["covered"], report["overall"]["total"])


def test_the_tree_nests_each_place_under_its_parent(reported, tmp_path):
    _, page = reported
    dom = _rendered(page, tmp_path)
    parents = {n["data-pointer"]: n["parent"] for n in dom.nodes}
    assert parents[""] is None
    for pointer, parent in parents.items():
        if pointer:
            assert parent == pointer.rpartition("/")[0], pointer
    assert parents["/sdk_edge/metadata/location/lat"] == "/sdk_edge/metadata/location"


def test_a_pointer_in_the_address_opens_the_tree_down_to_it(reported, tmp_path):
    _, page = reported
    target = "/sdk_edge/metadata/location"
    dom = _Dom()
    dom.feed(dump_dom(page, tmp_path / "profile", fragment=target))
    opened = [n["data-pointer"] for n in dom.nodes if "open" in n]
    assert opened == ["", "/sdk_edge", "/sdk_edge/metadata", target]
    closed = [n["data-pointer"] for n in _rendered(page, tmp_path).nodes if "open" in n]
    assert closed == [""]


def test_the_totals_table_equals_the_json_report(reported, tmp_path):
    report, page = reported
    dom = _rendered(page, tmp_path)
    drawn = {
        row["data-dimension"]: (int(row["data-covered"]), int(row["data-total"]))
        for row in dom.totals
    }
    expected = {"overall": report["overall"], **report["dimensions"]}
    assert drawn == {name: (f["covered"], f["total"]) for name, f in expected.items()}
    assert list(drawn) == ["overall", "presence", "values", "sizes", "kinds", "constraints"]


def test_the_page_shows_the_figures_as_text_and_colours_them(reported, tmp_path):
    report, page = reported
    html = dump_dom(page, tmp_path / "profile")
    overall = report["overall"]
    shown = f"{overall['percent']:.2f}% ({overall['covered']}/{overall['total']})"
    assert html.count(shown) == 2  # the heading and the totals row
    assert html.count("background: rgb(") >= len(report["nodes"]) + 6


def test_the_page_needs_no_other_file(reported):
    _, page = reported
    text = page.read_text(encoding="utf-8")
    for reference in ("src=", "href=", "@import", "url(", "http:", "https:"):
        assert reference not in text
    assert [p.name for p in page.parent.iterdir()] == ["index.html"]


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_a_screenshot_of_the_page(reported, tmp_path):
    _, page = reported
    data = screenshot(page, tmp_path / "profile", tmp_path / "shot.png")
    assert len(data) > 10_000  # a drawn page, not a blank one
    assert _png_size(data) == (1200, 900)


def test_the_docs_screenshot_is_a_small_png_of_this_page():
    data = SCREENSHOT.read_bytes()
    assert _png_size(data) == (1200, 900)
    assert len(data) < 200_000
    page = SCREENSHOT.parent / "coverage-report.md"
    assert f"]({SCREENSHOT.name})" in page.read_text(encoding="utf-8")


def test_an_empty_measurement_renders_too(tmp_path):
    """No event fed: every node at 0 %, the page still draws (no division by zero)."""
    empty = write_html(Recorder().summary(), tmp_path / "empty")
    dom = _rendered(empty, tmp_path)
    assert dom.body.get("data-rendered") == "yes"
    assert {int(n["data-covered"]) for n in dom.nodes} == {0}
    full = Recorder()
    for event in generate(5, seed=1):
        full.record(event)
    assert (
        _rendered(write_html(full.summary(), tmp_path / "some"), tmp_path).nodes[0]["data-covered"]
        != "0"
    )
