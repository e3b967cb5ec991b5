"""The only module that writes the site: into a fresh folder, swapped in when complete.

A build that fails or is interrupted leaves the previous site exactly as it was.
"""

from __future__ import annotations

import contextlib
import os
import posixpath
import shutil
from pathlib import Path
from typing import Iterable, Iterator

from warta.errors import OutputError
from warta.model import OutputFile

MARKER = ".warta-site"
_MARKER_TEXT = b"This folder was written by warta; warta may replace it on the next build.\n"


def check_output(output: Path, protected: Iterable[Path], force: bool = False) -> None:
    """Refuse an output folder whose replacement would destroy something that is not a built site."""
    out = output.resolve()
    home = Path.home().resolve()
    if out == Path(out.anchor) or out == home:
        raise OutputError(f"refusing to write the site into {out}: it is the root or home folder")
    for place in protected:
        place = place.resolve()
        if out == place or place.is_relative_to(out):
            raise OutputError(f"refusing to write the site into {out}: it is or contains {place}")
    if out.exists() and not out.is_dir():
        raise OutputError(f"output {out} exists and is not a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).exists() and not force:
        raise OutputError(
            f"refusing to replace {out}: it is not empty and was not written by warta (no {MARKER}); "
            "use --force to replace it anyway"
        )


@contextlib.contextmanager
def lock(output: Path) -> Iterator[None]:
    """Hold the output folder's lock for one build; a second build at once is refused, not interleaved."""
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    path = output.parent / f".{output.name}.lock"
    for _ in range(2):
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            break
        except FileExistsError:
            holder = _holder(path)
            if holder is not None and _alive(holder):
                raise OutputError(
                    f"another warta build (process {holder}) is writing {output}; wait for it to finish "
                    f"(lock file {path})"
                ) from None
            path.unlink(missing_ok=True)  # left by a build that was killed
    else:
        raise OutputError(f"cannot take the lock {path}")
    try:
        os.write(fd, f"{os.getpid()}\n".encode("ascii"))
        os.close(fd)
        yield
    finally:
        path.unlink(missing_ok=True)


def _holder(path: Path) -> int | None:
    try:
        text = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return int(text) if text.isdigit() else None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def publish(files: Iterable[OutputFile], static_dir: Path | None, output: Path) -> int:
    """Write every file into a new folder beside ``output``, then swap it in; return the file count."""
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = output.parent / f".{output.name}.tmp-{os.getpid()}"
    if staging.exists():
        shutil.rmtree(staging)
    count = 0
    try:
        staging.mkdir()
        if static_dir is not None and static_dir.is_dir():
            shutil.copytree(static_dir, staging / "static", dirs_exist_ok=True)
            count += sum(1 for p in (staging / "static").rglob("*") if p.is_file())
        for file in files:
            target = staging / _safe(file.path)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(file.data)
            count += 1
        (staging / MARKER).write_bytes(_MARKER_TEXT)
        _swap(staging, output)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return count


def _safe(path: str) -> str:
    """An output-relative path that cannot leave the output folder."""
    norm = posixpath.normpath(path)
    if norm.startswith(("/", "../")) or norm in ("..", ".") or "\\" in norm or "\x00" in norm:
        raise OutputError(f"refusing to write {path!r}: it is outside the output folder")
    return norm


def _swap(staging: Path, output: Path) -> None:
    old = output.parent / f".{output.name}.old-{os.getpid()}"
    if output.exists():
        os.replace(output, old)
    os.replace(staging, output)
    if old.exists():
        shutil.rmtree(old, ignore_errors=True)
