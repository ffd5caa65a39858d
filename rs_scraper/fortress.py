"""The data dir is a fortress: every write stays inside it and never goes through a planted link.

The data dir itself may be a symlink (an admin's ``/srv/rs/data -> /mnt/big/rs``): that is the user's choice,
followed once. *Below* it, nothing is followed:

- directories are walked one component at a time with ``O_DIRECTORY | O_NOFOLLOW`` relative to the parent's
  descriptor (``openat``), so a symlinked ``articles/year=2024`` or ``runs`` is refused, not written through;
- files are created in ``DATA_DIR/.tmp/`` with ``O_CREAT | O_EXCL | O_NOFOLLOW`` and renamed into place with
  ``renameat`` (a rename replaces a name, it never writes through one), after checking with ``lstat`` that
  what it replaces is a regular file;
- names that come from settings (``RS_RUN_ID``) must be plain names: no ``/``, no ``..``, no NUL, no leading
  dot or dash (``check_name``).

Temporaries live in ``DATA_DIR/.tmp/`` rather than next to their final name so that no glob a reader uses
(DuckDB's and Polars' ``data/articles/**/*.parquet`` read hidden and ``_``-prefixed files alike) can reach a
half-written file. ``.tmp/`` is on the same file system as the data, so the final rename stays atomic.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path, PurePath
from typing import BinaryIO

TMP_DIR = ".tmp"
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._+-]{0,127}")
_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC


class UnsafePath(OSError):
    """A write the fortress refuses: a symlink, a device, a FIFO or a directory where a file belongs, or a name
    that would leave the data dir. Its message is one line naming the path."""

    def __init__(self, message: str) -> None:
        super().__init__(errno.EPERM, message)
        self.message = message

    def __str__(self) -> str:
        return self.message


def check_name(value: object, what: str) -> str:
    """``value`` if it is a plain file-name component (letters, digits, ``._+-``, at most 128, not starting with
    a dot or dash, no ``..``), else ValueError with a one-line reason. Used for run ids and every other name
    that comes from a setting or an argument and ends up in a path."""
    if not isinstance(value, str) or not _NAME.fullmatch(value) or ".." in value:
        raise ValueError(
            f"{what} {value!r} is not a plain name (letters, digits, '.', '_', '+', '-'; at most 128; "
            "no '/', no '..', not starting with '.' or '-')"
        )
    return value


def kind_of(mode: int) -> str:
    """'a symlink', 'a FIFO', 'a directory' ... for messages."""
    for test, name in (
        (stat.S_ISLNK, "a symlink"),
        (stat.S_ISDIR, "a directory"),
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISREG, "a regular file"),
    ):
        if test(mode):
            return name
    return "not a regular file"


def _parts(rel: PurePath | str) -> list[str]:
    parts = [p for p in PurePath(rel).parts if p not in ("", ".")]
    for part in parts:
        if part in ("..", "/") or "/" in part or "\0" in part or os.sep in part:
            raise UnsafePath(f"refusing path {str(rel)!r}: it would leave the data dir")
    if PurePath(rel).is_absolute():
        raise UnsafePath(f"refusing absolute path {str(rel)!r} inside the data dir")
    return parts


def open_dir(base: str | Path, rel: PurePath | str = ".", create: bool = True) -> int:
    """A descriptor of ``base/rel``, walked without following any symlink below ``base`` (created when missing
    and ``create``). The caller closes it. Raises UnsafePath when a component is a symlink or not a directory."""
    if create:
        Path(base).mkdir(parents=True, exist_ok=True)  # the data dir itself: the user's path, links and all
    fd = os.open(base, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    walked = Path(base)
    try:
        for part in _parts(rel):
            walked = walked / part
            try:
                child = os.open(part, _DIR_FLAGS, dir_fd=fd)
            except FileNotFoundError:
                if not create:
                    raise
                try:
                    os.mkdir(part, 0o755, dir_fd=fd)
                except FileExistsError:
                    pass
                child = _open_child(part, fd, walked)
            except OSError as exc:
                if exc.errno in (errno.ELOOP, errno.ENOTDIR):
                    raise _refusal(fd, part, walked) from None
                raise
            os.close(fd)
            fd = child
    except BaseException:
        os.close(fd)
        raise
    return fd


def open_dir_close(base: str | Path, rel: PurePath | str) -> None:
    """Make sure ``base/rel`` is a real directory (created as needed, no link followed)."""
    os.close(open_dir(base, rel, create=True))


def _open_child(part: str, fd: int, walked: Path) -> int:
    try:
        return os.open(part, _DIR_FLAGS, dir_fd=fd)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.ENOTDIR):
            raise _refusal(fd, part, walked) from None
        raise


def describe(name: str | Path, dir_fd: int | None = None) -> str | None:
    """What ``name`` is, for messages: 'a symlink to /etc/x', 'a FIFO', 'a regular file' ... (None: absent)."""
    try:
        mode = os.stat(name, dir_fd=dir_fd, follow_symlinks=False).st_mode
    except OSError:
        return None
    what = kind_of(mode)
    if stat.S_ISLNK(mode):
        try:
            what += f" to {os.readlink(name, dir_fd=dir_fd)}"
        except OSError:
            pass
    return what


def _refusal(dir_fd: int, name: str, path: Path) -> UnsafePath:
    what = describe(name, dir_fd)
    if what is None:
        return UnsafePath(f"refusing {path}: not a directory")
    return UnsafePath(
        f"refusing {path}: it is {what}, not a directory (a planted link is never followed; "
        "remove it, see rs-scraper verify)"
    )


def check_replaceable(dir_fd: int, name: str, path: Path) -> None:
    """``name`` in ``dir_fd`` is absent or a regular file; else UnsafePath (a symlink, FIFO, device, dir)."""
    try:
        mode = os.stat(name, dir_fd=dir_fd, follow_symlinks=False).st_mode
    except FileNotFoundError:
        return
    if not stat.S_ISREG(mode):
        raise UnsafePath(f"refusing to replace {path}: it is {kind_of(mode)} (remove it, see rs-scraper verify)")


@contextmanager
def _dir(base: Path, rel: PurePath | str, create: bool = True) -> Iterator[int]:
    fd = open_dir(base, rel, create)
    try:
        yield fd
    finally:
        os.close(fd)


class AtomicFile:
    """A file that appears at ``base/rel`` whole or not at all, written over time: ``handle`` is a new file in
    ``base/.tmp/``; ``commit()`` fsyncs it and renames it over ``rel`` (never through a link), then fsyncs the
    directory; ``discard()`` removes it (a no-op once committed). A killed process leaves only the temporary,
    which the next crawl sweeps (pipelines.storage.sweep_partial_files)."""

    def __init__(self, base: str | Path, rel: PurePath | str, mode: int = 0o644) -> None:
        self.base = Path(base)
        self.parts = _parts(rel)
        if not self.parts:
            raise UnsafePath(f"refusing to write the data dir itself ({self.base})")
        self.final = self.base.joinpath(*self.parts)
        self._check()
        self.tmp_name: str | None = f"{uuid.uuid4().hex[:12]}-{self.parts[-1]}"
        with _dir(self.base, TMP_DIR) as tmp_fd:
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
            fd = os.open(self.tmp_name, flags, mode, dir_fd=tmp_fd)
        self.handle: BinaryIO = os.fdopen(fd, "wb")

    def _parent(self) -> PurePath | str:
        return PurePath(*self.parts[:-1]) if self.parts[:-1] else "."

    def _check(self) -> None:
        with _dir(self.base, self._parent()) as dir_fd:
            check_replaceable(dir_fd, self.parts[-1], self.final)

    def commit(self) -> Path:
        assert self.tmp_name is not None, "committed or discarded already"
        self.handle.flush()
        os.fsync(self.handle.fileno())
        self.handle.close()
        with _dir(self.base, TMP_DIR) as tmp_fd, _dir(self.base, self._parent()) as dir_fd:
            check_replaceable(dir_fd, self.parts[-1], self.final)
            os.replace(self.tmp_name, self.parts[-1], src_dir_fd=tmp_fd, dst_dir_fd=dir_fd)
            self.tmp_name = None
            _fsync_fd(dir_fd)
        return self.final

    def discard(self) -> None:
        if self.tmp_name is None:
            return
        name, self.tmp_name = self.tmp_name, None
        try:
            self.handle.close()
        except OSError:
            pass
        with _dir(self.base, TMP_DIR) as tmp_fd:
            try:
                os.unlink(name, dir_fd=tmp_fd)
            except FileNotFoundError:
                pass


def write_atomic(base: str | Path, rel: PurePath | str, write: Callable[[BinaryIO], object], mode: int = 0o644) -> Path:
    """Write ``base/rel`` whole or not at all: ``write(handle)`` fills a new file in ``base/.tmp/``, which is
    fsynced and renamed over ``rel`` (never through a link), and the directory is fsynced. Returns the path."""
    atomic = AtomicFile(base, rel, mode)
    try:
        write(atomic.handle)
        return atomic.commit()
    finally:
        atomic.discard()


def scratch_file(base: str | Path) -> int:
    """A new read-write file in ``base/.tmp/`` that has no name (``O_TMPFILE``; where the file system lacks it,
    one created ``O_EXCL`` and unlinked at once): it holds in-run state spilled from memory and is gone when
    closed or when the process dies, so nothing is left to sweep. The caller closes the descriptor."""
    with _dir(Path(base), TMP_DIR) as tmp_fd:
        try:
            return os.open(".", os.O_TMPFILE | os.O_RDWR | os.O_CLOEXEC, 0o600, dir_fd=tmp_fd)
        except (AttributeError, IsADirectoryError, NotADirectoryError):
            pass  # no O_TMPFILE here (not Linux)
        except OSError as exc:
            if exc.errno not in (errno.EOPNOTSUPP, errno.EINVAL):  # this file system cannot
                raise
        name = f"scratch-{uuid.uuid4().hex[:12]}"
        flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
        fd = os.open(name, flags, 0o600, dir_fd=tmp_fd)
        os.unlink(name, dir_fd=tmp_fd)
        return fd


def remove(base: str | Path, rel: PurePath | str) -> bool:
    """Unlink ``base/rel`` (a link itself, never its target); False when it was not there."""
    parts = _parts(rel)
    with _dir(Path(base), PurePath(*parts[:-1]) if parts[:-1] else ".", create=False) as dir_fd:
        try:
            os.unlink(parts[-1], dir_fd=dir_fd)
        except FileNotFoundError:
            return False
        _fsync_fd(dir_fd)
    return True


def link(base: str | Path, src: PurePath | str, dst: PurePath | str) -> None:
    """Hard-link ``base/src`` as ``base/dst`` (a snapshot entry), following no link on either side."""
    sparts, dparts = _parts(src), _parts(dst)
    with (
        _dir(Path(base), PurePath(*sparts[:-1]) if sparts[:-1] else ".", create=False) as sfd,
        _dir(Path(base), PurePath(*dparts[:-1]) if dparts[:-1] else ".") as dfd,
    ):
        mode = os.stat(sparts[-1], dir_fd=sfd, follow_symlinks=False).st_mode
        if not stat.S_ISREG(mode):
            raise UnsafePath(f"refusing to link {Path(base).joinpath(*sparts)}: it is {kind_of(mode)}")
        os.link(sparts[-1], dparts[-1], src_dir_fd=sfd, dst_dir_fd=dfd, follow_symlinks=False)


def open_regular(path: str | Path) -> BinaryIO:
    """``path`` opened for reading if it is a regular file: never through a symlink, never blocking on a FIFO
    (``O_NONBLOCK`` at open; a regular file ignores it). UnsafePath otherwise."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise UnsafePath(f"refusing to read {path}: it is a symlink") from None
        raise
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise UnsafePath(f"refusing to read {path}: it is {kind_of(mode)}")
    return os.fdopen(fd, "rb")


def _fsync_fd(fd: int) -> None:
    try:
        os.fsync(fd)
    except OSError:
        pass


def relative_to_base(path: Path, base: Path) -> PurePath:
    """``path`` as a path relative to ``base``; UnsafePath when it is not below it."""
    try:
        return Path(path).relative_to(base)
    except ValueError:
        raise UnsafePath(f"refusing {path}: it is not inside {base}") from None


def regular_files(root: str | Path, pattern: Callable[[str], bool] = lambda name: True) -> list[Path]:
    """Regular files below ``root`` whose name passes ``pattern``, sorted; symlinks (to files or directories)
    and anything that is not a regular file are left out, and symlinked directories are not entered (nor is
    ``root`` itself when it is a symlink: a dataset directory below the data dir is never a link)."""
    root = Path(root)
    if root.is_symlink() or not root.is_dir():
        return []
    return _walk_regular(root, pattern)


def _walk_regular(root: Path, pattern: Callable[[str], bool]) -> list[Path]:
    out = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames.sort()
        for name in sorted(filenames):
            if not pattern(name):
                continue
            path = Path(dirpath) / name
            try:
                if stat.S_ISREG(os.lstat(path).st_mode):
                    out.append(path)
            except OSError:
                continue
    return sorted(out)


def odd_entries(root: str | Path) -> Iterable[tuple[Path, str]]:
    """Every entry below ``root`` that is not a regular file or a real directory: (path, 'a symlink to X' ...)."""
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        for name in sorted(dirnames + filenames):
            path = Path(dirpath) / name
            try:
                mode = os.lstat(path).st_mode
            except OSError:
                continue
            if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
                continue
            yield path, describe(path) or kind_of(mode)


# ------------------------------------------------------------------------------------------ OS errors
_CAUSES = {
    errno.ENOSPC: "disk full",
    errno.EDQUOT: "disk quota exceeded",
    errno.EROFS: "read-only file system",
    errno.EACCES: "permission denied",
    errno.EPERM: "operation not permitted",
    errno.ENAMETOOLONG: "path too long",
    errno.EIO: "I/O error",
    errno.ELOOP: "symlink loop",
    errno.ENOTDIR: "not a directory",
    errno.EISDIR: "is a directory",
    errno.EMFILE: "too many open files",
    errno.ENOENT: "no such file or directory",
    errno.EXDEV: "cross-device rename",
    errno.EFBIG: "file size limit exceeded",
}


def cause(exc: BaseException) -> str:
    """A one-line cause for an OSError, plain words first: ``disk full: cannot write data/runs/x.json``."""
    if isinstance(exc, UnsafePath):
        return exc.message
    if isinstance(exc, OSError):
        what = _CAUSES.get(exc.errno or 0) or (exc.strerror or type(exc).__name__).lower()
        where = exc.filename
        return f"{what}: {where}" if where else what
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__
