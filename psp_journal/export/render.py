"""Each export format as the exact bytes that leave: the preview prints them, the consent
writes them, and the ledger's SHA-256 is taken over them.

`json` is the signed document `{"payload", "signature", "key"}`, written as pretty JSON
(keys sorted, two-space indent, UTF-8, a final newline, hidden controls as \\uXXXX):
readable in any editor and safe on a terminal, and the signature still checks because a
verifier recomputes the canonical bytes from the payload as parsed. Ed25519 is
deterministic, so the same summary and key give the same bytes.

`html` is `psp_journal.export.html.render_html`: one self-contained file.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from psp_journal.export.html import render_html
from psp_journal.export.markdown import render_markdown
from psp_journal.export.signing import sign_summary
from psp_journal.terminal_text import json_text

FORMATS = ("md", "html", "json")


def _markdown(summary: Mapping[str, Any], author: str, key: Ed25519PrivateKey) -> bytes:
    return render_markdown(summary).encode("utf-8")


def _html(summary: Mapping[str, Any], author: str, key: Ed25519PrivateKey) -> bytes:
    return render_html(summary).encode("utf-8")


def _signed_json(summary: Mapping[str, Any], author: str, key: Ed25519PrivateKey) -> bytes:
    document = sign_summary({**summary, "author": author}, key)
    return (json_text(document, sort_keys=True) + "\n").encode()


Renderer = Callable[[Mapping[str, Any], str, Ed25519PrivateKey], bytes]
_RENDERERS: Mapping[str, Renderer] = {"md": _markdown, "html": _html, "json": _signed_json}


def renderer(name: str) -> Renderer:
    """The renderer of format `name` (one of FORMATS, which the command line checks)."""
    return _RENDERERS[name]
