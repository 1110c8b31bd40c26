"""Summary files given to `review`, fuzzed: signed summaries whose payload holds anything
at any place (signed by whoever made the file, so the signature is good), summaries
changed after signing, keys and signatures of every wrong kind, other schema versions,
JSON of other shapes, bytes that are not JSON, sizes over the limit.

`review --plain` ends with 0 (read and verified), 2 (not a summary) or 4 (the signature
or the key does not check out), never 1, never a traceback, never a raw control
character on the terminal, and each file it could not use is named.
"""

from __future__ import annotations

import base64
import copy
import json
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import event, given
from hypothesis import strategies as st

from psp_journal.export.signing import sign_summary
from psp_journal.terminal_text import is_hidden_control
from tests.conftest import RunCli, runner_for
from tests.fuzz.budget import fuzz
from tests.fuzz.strategies import JSON_VALUES, hostile_text
from tests.signed_summaries import summary

KEYS = (
    Ed25519PrivateKey.from_private_bytes(bytes(32)),
    Ed25519PrivateKey.from_private_bytes(bytes(range(32))),
)
BASE = summary("Kari", note="a note", went_well="the group went well")


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("review")


@pytest.fixture(scope="module")
def run(folder: Path) -> RunCli:
    home = folder / "home"
    home.mkdir(mode=0o700)
    return runner_for(home)


def places(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a JSON value, as the keys and indexes that lead to it."""
    found = [path]
    if isinstance(value, dict):
        for key, inner in value.items():
            found += places(inner, (*path, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            found += places(inner, (*path, index))
    return found


def put(document: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    parent = document
    for step in path[:-1]:
        parent = parent[step]
    parent[path[-1]] = value
    return document


@st.composite
def payloads(draw: st.DrawFn) -> dict[str, Any]:
    """A summary with up to three places holding something else: any JSON value, text
    of any kind, or a value taken out."""
    payload = copy.deepcopy(BASE)
    payload["author"] = draw(st.one_of(st.just("Kari"), hostile_text(huge=False)))
    for _ in range(draw(st.integers(0, 3))):
        path = draw(st.sampled_from(places(payload)[1:]))
        how = draw(st.sampled_from(["value", "text", "drop"]))
        if how == "drop":
            parent = payload
            for step in path[:-1]:
                parent = parent[step]
            del parent[path[-1]]
        else:
            put(payload, path, draw(JSON_VALUES if how == "value" else hostile_text()))
    return payload


@st.composite
def summary_files(draw: st.DrawFn) -> bytes:
    how = draw(
        st.sampled_from(
            ["signed", "signed", "signed", "changed", "fields", "shape", "bytes", "big"]
        )
    )
    event(how)
    if how == "bytes":
        return draw(st.binary(max_size=300))
    if how == "shape":
        return json.dumps(draw(JSON_VALUES)).encode("utf-8", "surrogatepass")
    if how == "big":
        return b'{"payload": "' + b"x" * (4 * 1024 * 1024) + b'"}'
    payload = draw(payloads())
    try:
        document: dict[str, Any] = sign_summary(payload, draw(st.sampled_from(KEYS)))
    except ValueError:  # what cannot be signed at all (a float NaN, a lone surrogate, ...)
        document = {"payload": payload, "signature": "", "key": ""}
    if how == "changed":
        document["payload"] = draw(payloads())
    elif how == "fields":
        field = draw(st.sampled_from(["payload", "signature", "key", "extra"]))
        value = draw(
            st.one_of(
                JSON_VALUES,
                st.binary(max_size=80).map(lambda raw: base64.b64encode(raw).decode()),
            )
        )
        document[field] = value
    text = json.dumps(
        document, ensure_ascii=draw(st.booleans()), indent=draw(st.sampled_from([None, 2]))
    )
    return text.encode("utf-8", "surrogatepass")


@fuzz(300)
@given(files=st.lists(summary_files(), min_size=1, max_size=3), trust=st.booleans())
def test_review_reads_verifies_or_refuses_each_file_naming_it(
    run: RunCli, folder: Path, files: list[bytes], trust: bool
) -> None:
    names = []
    for number, data in enumerate(files):
        path = folder / f"summary-{number}.json"
        path.write_bytes(data)
        names.append(str(path))
    result = run("review", "--plain", *(["--trust"] if trust else []), *names)
    said = result.stdout + result.stderr
    event(f"exit {result.exit_code}")
    assert "Traceback" not in said and "Something unexpected" not in said, said[-800:]
    assert not any(is_hidden_control(char) for char in said), said[-800:]
    assert result.exit_code in (0, 2, 4), said[-800:]
    if result.exit_code:
        assert any(name in result.stderr for name in names), result.stderr[-800:]
