"""The keys `review` has seen, by author: trust on first use, as SSH's known_hosts does.

A supervisor has no vault, so the file lives in the config folder, beside `config.toml`:
JSON `{"keys": {author: base64 raw public key}}`, 0600, written whole or not at all. A
key seen for the first time is remembered; a different key for a known author is
"changed" and stays untrusted until the supervisor has compared its fingerprint with the
PSP and trusts it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

from psp_journal.config import ensure_private_dir
from psp_journal.i18n import _
from psp_journal.vault.disk import write_file_durably

KNOWN_KEYS_FILE_NAME = "known-keys.json"

KeyStatus = Literal["new", "known", "changed"]


class KnownKeysError(ValueError):
    """The file cannot be read as known keys; it is left as it is rather than overwritten
    and the keys it holds lost."""


class KnownKeys:
    """Author → key, read from `path` on each call so two reviews at once lose nothing
    more than the last write of the same author."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def _read(self) -> dict[str, str]:
        if not self.path.exists():
            return {}
        try:
            table = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            raise KnownKeysError(
                _("The known keys in {path} cannot be read.").format(path=self.path)
            ) from error
        keys = table.get("keys") if isinstance(table, dict) else None
        if not isinstance(keys, dict) or not all(
            isinstance(author, str) and isinstance(key, str) for author, key in keys.items()
        ):
            raise KnownKeysError(
                _("The known keys in {path} are not in the expected form.").format(path=self.path)
            )
        return keys

    def _write(self, keys: dict[str, str]) -> None:
        ensure_private_dir(self.path.parent)
        text = json.dumps({"keys": dict(sorted(keys.items()))}, ensure_ascii=False, indent=2)
        write_file_durably(self.path, (text + "\n").encode("utf-8"))

    def check(self, author: str, key: str) -> KeyStatus:
        known = self._read().get(author)
        if known is None:
            return "new"
        return "known" if known == key else "changed"

    def remember(self, author: str, key: str) -> None:
        """Keep the key of an author seen for the first time; a known author's key is
        never replaced here (that is `trust`, after the fingerprint was compared)."""
        keys = self._read()
        if author not in keys:
            keys[author] = key
            self._write(keys)

    def trust(self, author: str, key: str) -> None:
        """Accept `key` for `author`, replacing any key known before."""
        keys = self._read()
        if keys.get(author) != key:
            keys[author] = key
            self._write(keys)

    def key_of(self, author: str) -> str | None:
        """The key remembered for `author`, so a warning can show both fingerprints."""
        return self._read().get(author)
