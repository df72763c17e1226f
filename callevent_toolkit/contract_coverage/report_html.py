"""The HTML report: one static page, the schema as a tree coloured by coverage.

Modelled on coverage.py's ``htmlcov`` (figures first, then a drill-down, colour for how
much is covered), but as a single ``index.html`` with its style and script inline and
the measurement embedded as the JSON report (:mod:`.report_json`), so the page opens
offline, from a CI artefact or an e-mail attachment, with nothing to fetch. The script
builds the tree from that embedded data: every node is an expandable ``<details>`` whose
line shows its place, the figure of everything under it (so a closed node says how well
its whole subtree is covered) with a colour from red (nothing seen) to green (all seen),
and its own targets' figure; its body lists, per dimension, its own targets not seen and
those seen. A pointer after ``#`` in the address (``index.html#/sdk_edge/metric``) opens
the tree down to that place, so a place can be linked to. The totals
table is rendered from the same data, so the page cannot disagree with the JSON file.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from ..ndjson import atomic_output
from .report_json import to_json
from .summary import CoverageSummary

__all__ = ["render_html", "write_html"]

_STYLE = """
body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}
h1{font-size:1.3em}table{border-collapse:collapse;margin-bottom:1em}
td,th{padding:.2em .8em;border-bottom:1px solid #ddd;text-align:left}
td.num{text-align:right;font-variant-numeric:tabular-nums}
details{margin-left:1.2em}summary{cursor:pointer;padding:.1em .3em;border-radius:3px}
.pct{display:inline-block;min-width:4.5em;font-weight:600}
.kind{color:#666;font-size:.9em;margin-left:.5em}
ul.targets{margin:.2em 0 .4em 2.2em;padding:0;list-style:none;font-size:.92em}
li.seen::before{content:"\\2713  ";color:#1a7f37}
li.unseen::before{content:"\\2717  ";color:#c62828}li.unseen{color:#8a1c1c}
"""

_SCRIPT = r"""
(function () {
  var data = JSON.parse(document.getElementById("coverage-data").textContent);
  function colour(p) { return "hsl(" + Math.round(p * 1.2) + ",70%,85%)"; }
  function figure(f) { return f.percent.toFixed(2) + "% (" + f.covered + "/" + f.total + ")"; }
  var totals = document.getElementById("totals");
  var rows = [["overall", data.overall]];
  Object.keys(data.dimensions).forEach(function (k) { rows.push([k, data.dimensions[k]]); });
  rows.forEach(function (r) {
    var tr = document.createElement("tr");
    tr.className = "total"; tr.dataset.dimension = r[0];
    tr.dataset.covered = r[1].covered; tr.dataset.total = r[1].total;
    tr.innerHTML = "<td></td><td class=num></td>";
    tr.children[0].textContent = r[0]; tr.children[1].textContent = figure(r[1]);
    tr.style.background = colour(r[1].percent);
    totals.appendChild(tr);
  });
  var holders = {}, rootList = null;
  var tree = document.getElementById("tree");
  data.nodes.forEach(function (n) {
    var d = document.createElement("details");
    d.className = "node"; d.dataset.pointer = n.pointer;
    d.dataset.covered = n.covered; d.dataset.total = n.total;
    d.dataset.subtreeCovered = n.subtree.covered; d.dataset.subtreeTotal = n.subtree.total;
    if (n.pointer === "") { d.open = true; }
    var s = document.createElement("summary");
    s.style.background = colour(n.subtree.percent);
    s.innerHTML = "<span class=pct></span><code></code><span class=kind></span>";
    s.children[0].textContent = n.subtree.percent.toFixed(2) + "%";
    s.children[1].textContent = n.path;
    var own = n.covered + "/" + n.total + " here";
    var below = n.subtree.total > n.total
      ? ", " + n.subtree.covered + "/" + n.subtree.total + " with all below" : "";
    s.children[2].textContent = n.kind + " \u00b7 " + own + below;
    d.appendChild(s);
    var ul = document.createElement("ul"); ul.className = "targets";
    [["unseen", n.missing, "not seen: "], ["seen", n.seen, "seen: "]].forEach(function (g) {
      var groups = {};
      g[1].forEach(function (t) {
        var cut = t.indexOf(":");
        (groups[t.slice(0, cut)] = groups[t.slice(0, cut)] || []).push(t.slice(cut + 1));
      });
      Object.keys(groups).forEach(function (dim) {
        var li = document.createElement("li"); li.className = g[0];
        li.dataset.dimension = dim; li.dataset.count = groups[dim].length;
        li.textContent = dim + " " + g[2] + groups[dim].join(", "); ul.appendChild(li);
      });
    });
    if (n.pointer === "") { rootList = ul; } else { d.appendChild(ul); }
    var cut = n.pointer.lastIndexOf("/");
    var parent = n.pointer === "" ? null : holders[n.pointer.slice(0, Math.max(cut, 0))];
    (parent || tree).appendChild(d);
    holders[n.pointer] = d;
  });
  if (rootList) { holders[""].appendChild(rootList); }  // the long kinds list goes last
  var wanted = decodeURIComponent(location.hash.slice(1));  // index.html#/sdk_edge/metric
  Object.keys(holders).forEach(function (p) {
    if (p && wanted && (wanted === p || wanted.indexOf(p + "/") === 0)) { holders[p].open = true; }
  });
  document.body.dataset.rendered = "yes";
})();
"""

_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>CallEvent contract coverage</title>
<style>{style}</style></head>
<body>
<h1>CallEvent contract coverage: {overall}</h1>
<p>Schema VoiceInsights.CallEvent v{version}; {valid} valid and {invalid} invalid events
fed. Each place of the schema shows the figure of everything under it and lists what the
events showed there (seen) and what they never did (not seen). Click a place to open it.</p>
<noscript><p>This page draws its tree with JavaScript; the same data is in the JSON
report.</p></noscript>
<table><thead><tr><th>dimension</th><th>covered</th></tr></thead>
<tbody id="totals"></tbody></table>
<div id="tree"></div>
<script type="application/json" id="coverage-data">{data}</script>
<script>{script}</script>
</body></html>
"""


def render_html(summary: CoverageSummary) -> str:
    """The page as text (self-contained: no external style sheet, script or font)."""
    data = json.dumps(to_json(summary), ensure_ascii=True, separators=(",", ":"))
    overall = summary.overall
    return _PAGE.format(
        style=_STYLE,
        script=_SCRIPT,
        data=data.replace("</", "<\\/"),
        overall=f"{overall.percent:.2f}% ({overall.covered}/{overall.total})",
        version=summary.version,
        valid=summary.valid_events,
        invalid=summary.invalid_events,
    )


def write_html(summary: CoverageSummary, directory: str | os.PathLike[str]) -> Path:
    """Write ``index.html`` into ``directory`` (created when missing); its path."""
    target = Path(directory)
    target.mkdir(parents=True, exist_ok=True)
    page = target / "index.html"
    with atomic_output(page) as out:
        out.write(render_html(summary).encode("utf-8"))
    return page
