"""The copy of an earlier index that a rebuild starts from while the index is being read: the same
bytes, by the kernel or not."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from kzcrisis.index.cachefiles import copy_index

# Bytes that are not all alike, over several of the read loop's chunks.
DATA = b"".join(i.to_bytes(4, "big") for i in range(700_000))


def index_file(folder: Path) -> Path:
    path = folder / f"{'0' * 16}-{'1' * 32}-{'2' * 32}.sqlite"
    path.write_bytes(DATA)
    return path


def test_a_copy_has_the_same_bytes(tmp_path: Path) -> None:
    source = index_file(tmp_path)
    assert copy_index(str(source), str(tmp_path / "copy"))
    assert (tmp_path / "copy").read_bytes() == DATA


def test_where_the_kernel_cannot_copy_the_read_loop_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    real = os.copy_file_range

    def half_then_refuse(src: int, dst: int, count: int, offset_src: int, offset_dst: int) -> int:
        calls.append(count)
        if len(calls) > 1:
            raise OSError(errno.EXDEV, "cross-device")
        return real(src, dst, count // 2, offset_src, offset_dst)

    monkeypatch.setattr(os, "copy_file_range", half_then_refuse)
    source = index_file(tmp_path)
    assert copy_index(str(source), str(tmp_path / "copy"))
    assert len(calls) == 2, "the kernel copy was not tried"
    assert (tmp_path / "copy").read_bytes() == DATA
