"""The build folder's safety: one writer at a time (a lock file), and the output files replaced
as one generation (their texts committed to the library first, then the files renamed in a fixed
order; a set left half-written by a crash is repaired from the library before anything else)."""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from types import TracebackType

from refman.errors import InputError
from refman.store import BuildFolder, read_bytes, write_all_atomic

__all__ = ["LOCK_TIMEOUT", "WriterLock", "remove_stale_temps", "repair_outputs", "write_generation"]

#: How long a writer waits for another to finish, in seconds.
LOCK_TIMEOUT = 120.0


class WriterLock:
    """The build folder's writer lock (``fcntl`` on ``DIR/.refman.lock``): a second writer waits up
    to ``timeout`` seconds, saying so once through ``on_wait``, then fails with an
    :class:`InputError`. The operating system releases it when the process ends, killed or not."""

    def __init__(
        self, path: Path, timeout: float = LOCK_TIMEOUT, on_wait: Callable[[str], None] | None = None
    ) -> None:
        self.path = path
        self.timeout = timeout
        self.on_wait = on_wait
        self._fd: int | None = None

    def __enter__(self) -> WriterLock:
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o666)
        except OSError as exc:
            raise InputError(self.path, f"cannot open the lock file: {exc.strerror}") from None
        deadline = time.monotonic() + self.timeout
        told = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    os.close(fd)
                    raise InputError(
                        self.path.parent,
                        f"another refman is still writing this folder after {self.timeout:g} s;"
                        " try again later",
                    ) from None
                if not told and self.on_wait is not None:
                    self.on_wait(f"{self.path.parent}: waiting for another refman writing this folder")
                    told = True
                time.sleep(0.05)
        self._fd = fd
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None


def remove_stale_temps(folder: BuildFolder) -> list[Path]:
    """Remove the temporary files a killed writer left beside the outputs (only while holding the
    writer lock: no other writer's files are then in flight); the paths removed."""
    removed = []
    for output in folder.outputs:
        for stale in output.parent.glob(f".{output.name}.*.tmp"):
            stale.unlink(missing_ok=True)
            removed.append(stale)
    return removed


def _differs(path: Path, text: str) -> bool:
    try:
        return read_bytes(path, max_bytes=1 << 62) != text.encode("utf-8")
    except InputError:
        return True


def repair_outputs(folder: BuildFolder, generation: Mapping[str, str]) -> list[Path]:
    """Make the output files the library's last ``generation`` (file name -> text) again where a
    crash left them otherwise; the paths rewritten (none when the set is whole)."""
    wanted = [(path, generation[path.name]) for path in folder.outputs if path.name in generation]
    stale = [(path, text) for path, text in wanted if _differs(path, text)]
    if stale:
        write_all_atomic(stale)
    return [path for path, _ in stale]


def write_generation(folder: BuildFolder, generation: Mapping[str, str]) -> list[Path]:
    """Write the generation the library has just committed: every new file staged, then renamed
    in :attr:`BuildFolder.outputs` order; unchanged files are left alone. The paths written."""
    return repair_outputs(folder, generation)
