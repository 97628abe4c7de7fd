"""Output files written safely: exports, backups and new databases.

A file is written to a new temporary file in its target folder (created with ``O_EXCL`` and
``O_NOFOLLOW``, so a link planted there is never followed), made private (0600), flushed to
disk and then put in place: renamed over the target with ``force``, else linked (``os.link``
fails if the name exists), so an existing file is never replaced by accident.
"""

from __future__ import annotations

import os
import secrets
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import IO

from repdesk.domain.errors import InputError, ProgramError

PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700


def ensure_folder(folder: str) -> None:
    """Create ``folder`` (0700) if it is missing; an environment problem is a clear error."""
    try:
        os.makedirs(folder, mode=PRIVATE_DIR, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise InputError(f"{folder} is a file, not a folder") from None
    except PermissionError:
        raise ProgramError(f"cannot create the folder {folder}: permission denied") from None
    except OSError as exc:
        raise ProgramError(f"cannot create the folder {folder}: {exc.strerror or exc}") from None


def check_target(path: str, force: bool) -> None:
    """Refuse a target that exists (unless ``force``) or that is a folder."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return
    except NotADirectoryError:
        raise InputError(f"{path}: a part of this path is a file, not a folder") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(f"{path} is a folder; name a file")
    if not force:
        raise InputError(f"{path} already exists; add --force to replace it")


def new_temp(folder: str, name: str) -> str:
    """A new, empty, private temporary file in ``folder``; never a link planted there."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    for _ in range(20):
        tmp = os.path.join(folder, f".{name}.{secrets.token_hex(6)}.tmp")
        try:
            fd = os.open(tmp, flags, PRIVATE_FILE)
        except FileExistsError:
            continue
        except PermissionError:
            raise ProgramError(f"cannot write in {folder or '.'}: permission denied") from None
        except OSError as exc:
            raise ProgramError(f"cannot write in {folder or '.'}: {exc.strerror or exc}") from None
        try:
            os.fchmod(fd, PRIVATE_FILE)
        finally:
            os.close(fd)
        return tmp
    raise ProgramError(f"cannot create a temporary file in {folder}")


def remove_quietly(*paths: str) -> None:
    """Remove files if they exist (temporary files and their SQLite side files)."""
    for p in paths:
        for side in ("", "-wal", "-shm", "-journal"):
            with suppress(OSError):
                os.unlink(p + side)


def sync_file(path: str) -> None:
    """Flush a written file to disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def sync_folder(folder: str) -> None:
    """Flush a folder's entries to disk (where the platform allows it)."""
    try:
        fd = os.open(folder or ".", os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def install(tmp: str, path: str, *, force: bool) -> bool:
    """Put a finished temporary file in place; ``False`` when ``path`` appeared meanwhile (and not ``force``)."""
    folder = os.path.dirname(path)
    if force:
        os.replace(tmp, path)
    else:
        try:
            os.link(tmp, path)  # atomic, and fails if the name exists: nothing is ever replaced
        except FileExistsError:
            return False
        except OSError:  # a file system without hard links
            if os.path.lexists(path):
                return False
            os.replace(tmp, path)
        else:
            os.unlink(tmp)
    sync_folder(folder)
    return True


@contextmanager
def output_files(paths: list[str], *, force: bool) -> Iterator[list[str]]:
    """Write several output files all or nothing: yields a temporary path for each, to be filled;
    then each is renamed (or linked) into place. Each target is checked before anything is written."""
    targets = [os.path.abspath(os.path.expanduser(p)) for p in paths]
    for t in targets:
        check_target(t, force)
    temps: list[str] = []
    try:
        for t in targets:
            ensure_folder(os.path.dirname(t))
            temps.append(new_temp(os.path.dirname(t), os.path.basename(t)))
        yield temps
        for tmp in temps:
            sync_file(tmp)
        for tmp, t in zip(temps, targets, strict=True):
            if not install(tmp, t, force=force):
                raise InputError(f"{t} already exists; add --force to replace it")
    finally:
        remove_quietly(*temps)


#: what an output file holds: text, bytes, or a writer that writes text to it (rows streamed from a cursor)
Content = str | bytes | Callable[[IO[str]], None]


def write_output(path: str, data: Content, *, force: bool = False) -> str:
    """Write one output file safely; returns its absolute path."""
    return write_outputs([(path, data)], force=force)[0]


def write_outputs(files: list[tuple[str, Content]], *, force: bool = False) -> list[str]:
    """Write several output files, all or nothing; returns their absolute paths."""
    with output_files([p for p, _ in files], force=force) as temps:
        for tmp, (_, data) in zip(temps, files, strict=True):
            if callable(data):
                with open(tmp, "w", encoding="utf-8", newline="") as text:
                    data(text)
                continue
            raw = data.encode("utf-8") if isinstance(data, str) else data
            with open(tmp, "wb") as fh:
                fh.write(raw)
    return [os.path.abspath(os.path.expanduser(p)) for p, _ in files]


def fill_with(path: str, fill: Callable[[str], None], *, force: bool = False) -> str:
    """Write one output file by handing its temporary path to ``fill`` (a database backup)."""
    with output_files([path], force=force) as temps:
        fill(temps[0])
    return os.path.abspath(os.path.expanduser(path))
