# SPDX-License-Identifier: EUPL-1.2
"""Writing ``--output``: checked before the work, written to a temporary file beside the target and
renamed over it, so a failed write (a full disk, a read-only file system) never truncates the
previous report; a failure is one line and exit 2.

Where the output is the work itself (the per-person results of ``screen``, the report of
``signals``), a failed write does not lose it: it is written to a private temporary file instead
and the one line says where.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .app import LANGUAGE, fail, open_console, refuse

__all__ = ["check_output", "print_to", "write", "write_file"]


def check_output(output: Path | None) -> None:
    """Refuse, before any work, an ``--output`` that cannot be written: a folder, a device, a
    missing folder, or a folder this process may not write in."""
    if output is None:
        return
    if output.is_dir():
        raise refuse("output-is-folder", path=output)
    if output.exists() and not output.is_file():
        raise refuse("output-not-regular", path=output)
    folder = output.absolute().parent
    if not folder.is_dir():
        raise refuse("output-no-folder", path=folder)
    if not os.access(folder, os.W_OK | os.X_OK):
        raise refuse("output-not-writable", path=folder)


def _reason(exc: BaseException) -> str:
    return exc.strerror if isinstance(exc, OSError) and exc.strerror else type(exc).__name__


def _write_failure(exc: BaseException) -> bool:
    """An error of writing: the operating system's, or polars' own when it writes a frame."""
    return isinstance(exc, OSError) or type(exc).__module__.startswith("polars")


def _mode(existing: Path) -> int:
    """The mode of the file being replaced, or what a new file would get under the umask."""
    try:
        return existing.stat().st_mode & 0o777
    except OSError:
        mask = os.umask(0o22)
        os.umask(mask)
        return 0o666 & ~mask


def write_file(output: Path, produce: Callable[[Path], Any], *, keep: bool = False) -> None:
    """Write ``output`` through ``produce(temporary_path)`` and rename it over ``output``.

    Args:
        output: The file to write.
        produce: Writes the whole content to the path it is given.
        keep: When the write fails, write the content to a private temporary file instead and say
            where (for output that is the work itself).

    Raises:
        typer.Exit: code 2, after one line on stderr, when the write failed.
    """
    check_output(output)
    folder = output.absolute().parent
    mode = _mode(output)
    temporary = None
    try:
        fd, name = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".tmp", dir=folder)
        os.close(fd)
        temporary = Path(name)
        produce(temporary)
        os.chmod(temporary, mode)
        os.replace(temporary, output)
        return
    except Exception as exc:
        if not _write_failure(exc):
            raise
        reason = _reason(exc)
    finally:
        if temporary is not None and temporary.exists():
            with contextlib.suppress(OSError):
                temporary.unlink()
    from .._messages import message

    text = message("output-failed", LANGUAGE["lang"], path=output, reason=reason)
    if keep:
        text += "; " + _keep(output, produce)
    raise fail(text) from None


def _keep(output: Path, produce: Callable[[Path], Any]) -> str:
    """Write the content to a private temporary file instead; the sentence that says where."""
    from .._messages import message

    try:
        fd, name = tempfile.mkstemp(prefix="regelruimte-", suffix=output.suffix)
        os.close(fd)
        produce(Path(name))
    except Exception as exc:
        if not _write_failure(exc):
            raise
        return message("output-lost", LANGUAGE["lang"])
    return message("output-kept", LANGUAGE["lang"], path=name)


def write(text: str, output: Path | None, *, keep: bool = False) -> None:
    """``text`` on stdout, or written to ``output`` (see :func:`write_file`)."""
    text = text if text.endswith("\n") else text + "\n"
    if output is None:
        sys.stdout.write(text)
    else:
        write_file(output, lambda path: path.write_text(text, encoding="utf-8"), keep=keep)


def print_to(output: Path | None, *renderables: Any, keep: bool = False) -> None:
    """Print rich ``renderables`` in the terminal, or as plain text to ``output``."""
    if output is None:
        console = open_console()
        for r in renderables:
            console.print(r)
        return
    import io

    from rich.console import Console

    buffer = io.StringIO()
    console = Console(file=buffer, width=110, no_color=True, force_terminal=False)
    for r in renderables:
        console.print(r)
    write(buffer.getvalue(), output, keep=keep)
