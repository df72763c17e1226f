"""Names as the workers must see them.

A worker process has a working directory of its own (on a remote cluster, another
machine's), so a relative local path is made absolute here, where the user typed it;
URLs (``file://``, ``s3://``) pass unchanged. Reports still name inputs as given.
"""

from __future__ import annotations

import os

__all__ = ["for_workers"]


def for_workers(name: str) -> str:
    """``name`` as an absolute path or URL that means the same file on every worker."""
    return name if "://" in name else os.path.abspath(name)
