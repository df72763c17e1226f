"""Contract coverage: which parts of the CallEvent contract a test suite fed its code.

Line coverage says which code ran; this says which *inputs* it ran on: optional parts
absent and present, empty maps and arrays, empty and non-ASCII strings, boundary and huge
integers, timestamps with offsets, each kind of event, each rule broken alone. The model
(:mod:`.model`) is computed from the schema walk; the recorder (:mod:`.recorder`) is what
the strategies, the pytest plugin and the fuzzer notify when a report was asked for; the
reports (:mod:`.report_text`, :mod:`.report_json`, :mod:`.report_html`) render a
:class:`~.summary.CoverageSummary`.
"""

from __future__ import annotations

__all__: list[str] = []
