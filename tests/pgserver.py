"""A throwaway PostgreSQL cluster for the tests and the benchmark: initdb + pg_ctl in a temporary
folder, listening on 127.0.0.1 on a free port, password authentication over TCP.

``start()`` returns ``None`` (with the reason in ``REASON``) when no PostgreSQL binaries are found.
"""

from __future__ import annotations

import glob
import os
import secrets
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass

REASON = ""


@dataclass
class Server:
    """A running cluster: its superuser URL and how to stop it."""

    folder: str
    port: int
    password: str
    _ctl: list[str]

    def url(self, user: str = "postgres", password: str | None = None, dbname: str = "postgres") -> str:
        return f"postgresql://{user}:{password or self.password}@127.0.0.1:{self.port}/{dbname}"

    def stop(self) -> None:
        subprocess.run([*self._ctl, "stop", "-m", "immediate"], capture_output=True, check=False)
        shutil.rmtree(self.folder, ignore_errors=True)


def _bindir() -> str | None:
    for name in ("initdb", "pg_ctl"):
        if shutil.which(name) is None:
            break
    else:
        return os.path.dirname(os.path.realpath(shutil.which("pg_ctl") or ""))
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    return os.path.dirname(found[-1]) if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start() -> Server | None:
    """Start a fresh cluster; ``None`` when PostgreSQL is not installed or will not start."""
    global REASON
    bindir = _bindir()
    if bindir is None:
        REASON = "PostgreSQL is not installed (no initdb/pg_ctl; CI installs Debian's postgresql)"
        return None
    folder = tempfile.mkdtemp(prefix="repdesk-pg-")
    os.chmod(folder, 0o755)
    data, sock = os.path.join(folder, "data"), os.path.join(folder, "sock")
    os.makedirs(sock)
    password = secrets.token_hex(16)
    pwfile = os.path.join(folder, "pw")
    with open(pwfile, "w") as f:
        f.write(password + "\n")
    as_user: list[str] = []
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root: run it as the postgres user
        as_user = ["runuser", "-u", "postgres", "--"]
        shutil.chown(folder, "postgres")
        shutil.chown(sock, "postgres")
        shutil.chown(pwfile, "postgres")
    init = [
        *as_user, os.path.join(bindir, "initdb"), "-D", data, "-U", "postgres", "--pwfile", pwfile,
        "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync",
    ]  # fmt: skip
    done = subprocess.run(init, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        REASON = f"initdb failed: {done.stderr.strip().splitlines()[-1:]}"
        shutil.rmtree(folder, ignore_errors=True)
        return None
    port = _free_port()
    ctl = [*as_user, os.path.join(bindir, "pg_ctl"), "-D", data, "-l", os.path.join(folder, "log")]
    opts = f"-p {port} -k {sock} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
    started = subprocess.run([*ctl, "-o", opts, "-w", "-t", "60", "start"], capture_output=True, text=True, check=False)
    if started.returncode != 0:
        REASON = f"pg_ctl start failed: {started.stderr.strip() or started.stdout.strip()}"
        shutil.rmtree(folder, ignore_errors=True)
        return None
    return Server(folder, port, password, ctl)
