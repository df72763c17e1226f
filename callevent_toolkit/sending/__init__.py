"""Post a generated stream to a real endpoint, as an Event Streams webhook sink would.

The deliveries come from :func:`callevent_toolkit.generate_deliveries` (seeded, with
accounts, duplicates, delays and batches); :func:`send_deliveries` posts them, signed
with ``X-Twilio-Signature`` for an auth token, retrying failures, and returns a
:class:`SendReport`. The ``callevent send`` command is the two together. Posting needs
httpx (``pip install 'callevent-toolkit[send]'``).
"""

from __future__ import annotations

from ._client import DEFAULT_TIMEOUT, HttpxMissingError, Sendable, send_deliveries
from ._report import SendReport, percentile
from ._signing import SIGNATURE_HEADER, body_hash_url, signature_of

__all__ = [
    "DEFAULT_TIMEOUT",
    "SIGNATURE_HEADER",
    "HttpxMissingError",
    "SendReport",
    "Sendable",
    "body_hash_url",
    "percentile",
    "send_deliveries",
    "signature_of",
]
