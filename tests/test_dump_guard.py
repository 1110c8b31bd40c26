"""The plaintext dump goes only where the person meant, and nowhere planted for it.

The guard against writing inside the journal's own folder compares real paths (symlinks
and `..` resolved), and the file written beside the target before the final rename is a
fresh one, created exclusively: a leftover or a planted symlink is never opened or followed.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from psp_journal.vault import disk
from psp_journal.vault.disk import write_file_durably
from tests.conftest import RunCli


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    folder = tmp_path / "outside"
    folder.mkdir(mode=0o700)
    return folder


@pytest.fixture
def journal_with_an_entry(run_cli: RunCli, recovery_key: str) -> None:
    saved = run_cli("reflect", "--at", "2026-11-02T21:00", input="a quiet evening")
    assert saved.exit_code == 0, saved.output


def entries_in(home: Path) -> list[str]:
    return sorted(path.name for path in home.iterdir())


@pytest.mark.usefixtures("journal_with_an_entry")
def test_dump_refuses_a_folder_that_is_a_symlink_into_the_home(
    run_cli: RunCli, home: Path, outside: Path
) -> None:
    (outside / "looks-outside").symlink_to(home, target_is_directory=True)
    before = entries_in(home)

    refused = run_cli("dump", "--out", str(outside / "looks-outside" / "dump.jsonl"))

    assert refused.exit_code == 2, refused.output
    assert "--out" in refused.stderr and "inside the journal's own folder" in refused.stderr
    assert entries_in(home) == before


@pytest.mark.usefixtures("journal_with_an_entry")
def test_dump_refuses_a_file_that_is_a_symlink_into_the_home(
    run_cli: RunCli, home: Path, outside: Path
) -> None:
    (outside / "dump.jsonl").symlink_to(home / "dump.jsonl")
    before = entries_in(home)

    refused = run_cli("dump", "--out", str(outside / "dump.jsonl"))

    assert refused.exit_code == 2, refused.output
    assert "--out" in refused.stderr
    assert entries_in(home) == before
    assert (outside / "dump.jsonl").is_symlink()


@pytest.mark.usefixtures("journal_with_an_entry")
def test_dump_refuses_a_path_that_climbs_back_into_the_home(
    run_cli: RunCli, home: Path, outside: Path
) -> None:
    before = entries_in(home)
    climbing = outside / ".." / home.name / "dump.jsonl"
    assert home.parent == outside.parent

    refused = run_cli("dump", "--out", str(climbing))

    assert refused.exit_code == 2, refused.output
    assert "--out" in refused.stderr and "inside the journal's own folder" in refused.stderr
    assert entries_in(home) == before


@pytest.mark.usefixtures("journal_with_an_entry")
def test_dump_never_opens_or_follows_a_planted_partial_file(
    run_cli: RunCli, outside: Path, tmp_path: Path
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"keep me as I am\n")
    target = outside / "dump.jsonl"
    planted = outside / "dump.jsonl.partial"
    planted.symlink_to(victim)
    stale = outside / ".dump.jsonl.partial"
    stale.write_bytes(b"a leftover\n")

    done = run_cli("dump", "--out", str(target))

    assert done.exit_code == 0, done.output
    assert victim.read_bytes() == b"keep me as I am\n"
    assert planted.is_symlink() and planted.readlink() == victim
    assert stale.read_bytes() == b"a leftover\n"
    assert not target.is_symlink() and stat.S_IMODE(target.stat().st_mode) == 0o600
    assert "a quiet evening" in target.read_text(encoding="utf-8")
    assert sorted(path.name for path in outside.iterdir()) == sorted(
        [target.name, planted.name, stale.name]
    )


def test_the_partial_file_is_fresh_exclusive_private_and_beside_the_target(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[tuple[Path, int, int]] = []
    real_open = os.open

    def spying_open(path: os.PathLike[str] | str, flags: int, mode: int = 0o777) -> int:
        opened.append((Path(path), flags, mode))
        return real_open(path, flags, mode)

    monkeypatch.setattr(disk.os, "open", spying_open)
    target = tmp_path / "out.bin"
    write_file_durably(target, b"one")
    write_file_durably(target, b"two")

    partials = [entry for entry in opened if entry[0].name.endswith(".partial")]
    assert len(partials) == 2
    assert partials[0][0] != partials[1][0], "a partial file name is never reused"
    for path, flags, mode in partials:
        assert path.parent == tmp_path and target.name in path.name
        assert flags & os.O_CREAT and flags & os.O_EXCL and not flags & os.O_TRUNC
        assert mode == 0o600
    assert target.read_bytes() == b"two"
    assert sorted(tmp_path.iterdir()) == [target]


def test_a_failed_write_removes_its_partial_file_and_leaves_the_target(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.bin"
    target.write_bytes(b"before")

    def failing_replace(source: object, destination: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(disk.os, "replace", failing_replace)
    with pytest.raises(OSError):
        write_file_durably(target, b"after")

    assert sorted(tmp_path.iterdir()) == [target]
    assert target.read_bytes() == b"before"
