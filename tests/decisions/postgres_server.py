# SPDX-License-Identifier: EUPL-1.2
"""A throwaway PostgreSQL server for the suite: Debian's ``postgresql`` package, ``initdb`` into a
temporary folder, a unix socket in that folder (no TCP port is opened), stopped at the end.

PostgreSQL refuses to run as root, and CI runs as root: then the server runs as the unprivileged
``postgres`` user (``runuser``), in a folder that user owns. Where no server can be started, the
reason is returned, so the tests that need it skip with it (and fail in CI, where it must run).
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Server:
    folder: Path
    port: int
    bindir: Path
    runas: list[str]

    @property
    def socket_dir(self) -> Path:
        return self.folder / "sock"

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@/{database}?host={self.socket_dir}&port={self.port}"

    def stop(self) -> None:
        subprocess.run([*self.runas, str(self.bindir / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "immediate", "-w", "stop"],
                       capture_output=True, timeout=60)
        shutil.rmtree(self.folder, ignore_errors=True)


def bindir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]) if p.split("/")[4].isdigit() else 0)
    if found:
        return Path(found[-1]).parent
    which = shutil.which("initdb")
    return Path(which).resolve().parent if which else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start() -> Server | str:
    """A running server, or the reason there is none."""
    bins = bindir()
    if bins is None:
        return "PostgreSQL is not installed (Debian's postgresql package; `make postgres` installs it)"
    runas: list[str] = []
    folder = Path(tempfile.mkdtemp(prefix="rr-pg-"))
    if os.geteuid() == 0:
        if shutil.which("runuser") is None:
            return "running as root without runuser: PostgreSQL refuses to run as root"
        try:
            import pwd

            user = pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and there is no 'postgres' user to run the server as"
        os.chown(folder, user.pw_uid, user.pw_gid)
        runas = ["runuser", "-u", "postgres", "--"]
    os.chmod(folder, 0o700)
    (folder / "sock").mkdir()
    if runas:
        import pwd

        user = pwd.getpwnam("postgres")
        os.chown(folder / "sock", user.pw_uid, user.pw_gid)
    port = free_port()
    init = subprocess.run([*runas, str(bins / "initdb"), "-D", str(folder / "data"), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                           "--locale=C.UTF-8" if _has_c_utf8() else "--locale=C"], capture_output=True, text=True, timeout=180)
    if init.returncode != 0:
        shutil.rmtree(folder, ignore_errors=True)
        return f"initdb failed: {(init.stderr.strip().splitlines() or ['?'])[-1]}"
    options = f"-p {port} -k {folder / 'sock'} -c listen_addresses='' -c fsync=on -c max_connections=50"
    started = subprocess.run([*runas, str(bins / "pg_ctl"), "-D", str(folder / "data"), "-o", options, "-l", str(folder / "server.log"), "-w", "-t", "60", "start"],
                             capture_output=True, text=True, timeout=120)
    if started.returncode != 0:
        log = (folder / "server.log").read_text(errors="replace")[-500:] if (folder / "server.log").exists() else started.stderr[-500:]
        shutil.rmtree(folder, ignore_errors=True)
        return f"the PostgreSQL server did not start: {log.strip()}"
    return Server(folder=folder, port=port, bindir=bins, runas=runas)


def _has_c_utf8() -> bool:
    out = subprocess.run(["locale", "-a"], capture_output=True, text=True)
    return any(line.lower() in ("c.utf8", "c.utf-8") for line in out.stdout.splitlines())
