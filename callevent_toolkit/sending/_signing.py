"""Twilio's webhook signature for a JSON body, as ``twilio.request_validator`` checks it.

For a JSON body Twilio does not sign form parameters: it appends ``bodySHA256=<hex
SHA-256 of the body>`` to the URL's query and signs that URL alone, ``X-Twilio-Signature
= Base64(HMAC-SHA1(auth token, URL))``. ``RequestValidator.validate(uri, body, signature)``
recomputes the body hash from the text it is given, then the HMAC over the URL with and
without its port, so the sender must sign the URL exactly as the server will rebuild it:
the URL that goes on the wire, query included, fragment dropped (never sent).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from urllib.parse import parse_qs, urlsplit, urlunsplit

__all__ = ["SIGNATURE_HEADER", "body_hash_url", "signature_of"]

SIGNATURE_HEADER = "X-Twilio-Signature"
_BODY_HASH = "bodySHA256"


def body_hash_url(url: str, body: bytes) -> str:
    """``url`` with ``bodySHA256=<hex digest of body>`` added to its query.

    An existing query is kept (``?a=1`` becomes ``?a=1&bodySHA256=...``); the fragment
    is dropped, since it never reaches the server and so is not part of what it signs.
    A URL that already carries ``bodySHA256`` is refused: its value could not match every
    body, and the validator reads the first one only.
    """
    parts = urlsplit(url)
    if _BODY_HASH in parse_qs(parts.query, keep_blank_values=True):
        raise ValueError(f"the URL already has a {_BODY_HASH} query parameter")
    digest = hashlib.sha256(body).hexdigest()
    query = f"{parts.query}&{_BODY_HASH}={digest}" if parts.query else f"{_BODY_HASH}={digest}"
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))


def signature_of(url: str, auth_token: str) -> str:
    """``X-Twilio-Signature`` for a request to ``url`` with no form parameters."""
    mac = hmac.new(auth_token.encode("utf-8"), url.encode("utf-8"), hashlib.sha1)
    return base64.b64encode(mac.digest()).decode("ascii")
