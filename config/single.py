"""SQLite serves one process: the serving entry points hold an OS lock beside the file.

`python -m bot` (serving) and `python -m jobs` (the clock) take an exclusive, non-blocking
`flock` on `<database file>.lock` for as long as they run; a second one on the same file is
refused with the fix, instead of two processes taking turns at one writer lock (and two clocks
each believing it leads). One-off commands (`migrate`, `import`, `export`, `python -m jobs
nudges --now …`) take no lock, so they still run beside a serving bot.

The lock is taken at the command-line entry, not in `bot.serve.BotProcess`, because tests run
several of those in one interpreter on purpose. The OS frees it when the process ends, however
it ends, so a crash leaves nothing to clean up.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from sqlalchemy.engine import make_url

MESSAGE = (
    "SQLite serves one process; set DATABASE_URL to PostgreSQL to run several web or clock "
    "processes"
)


class SingleProcessError(RuntimeError):
    """Another serving process holds the SQLite file (or several were asked for)."""


def sqlite_file(database_url: str) -> Path | None:
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database)


class SqliteLock:
    """The held lock; `release()` (or process exit) lets the next serving process start."""

    def __init__(self, fd: int) -> None:
        self.fd: int | None = fd

    def release(self) -> None:
        if self.fd is not None:
            os.close(self.fd)  # closing the descriptor drops the flock
            self.fd = None


def hold_single_process(database_url: str) -> SqliteLock | None:
    """On SQLite, the lock for this serving process (raises SingleProcessError with the fix
    when another holds it); on PostgreSQL nothing is needed and None comes back."""
    path = sqlite_file(database_url)
    if path is None:
        return None
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(f"{path}.lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise SingleProcessError(MESSAGE) from None
    return SqliteLock(fd)
