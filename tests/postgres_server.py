"""A throwaway PostgreSQL server on 127.0.0.1 for the JDBC tests (Debian's ``postgresql``
package: ``initdb`` + ``pg_ctl`` in a temporary data directory, on a free port).

The server runs as an unprivileged user (``postgres`` when the tests run as root, as
PostgreSQL refuses to run as root), with password authentication over TCP, so the tests
connect exactly as a user's ``jdbc:postgresql://`` URL does. ``postgres_server`` yields
``(host, port, user, password, database)`` and stops the server and removes its data
directory afterwards; it raises ``ServerUnavailable`` (with the reason) only when no
server can be started here (no binaries, no user to run it as).
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass

USER, PASSWORD, DATABASE = "rillet", "s3cret-pw-4242", "rillet"


class ServerUnavailable(RuntimeError):
    pass


@dataclass(frozen=True)
class Server:
    host: str
    port: int
    user: str
    password: str
    database: str

    @property
    def url(self) -> str:
        """The JDBC URL of the database (credentials passed separately)."""
        return f"jdbc:postgresql://{self.host}:{self.port}/{self.database}"

    @property
    def uri(self) -> str:
        """The libpq URI, for checking the server's contents with the ADBC driver directly."""
        return f"postgresql://{self.user}:{self.password}@{self.host}:{self.port}/{self.database}"


def _bin_dir() -> str:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        raise ServerUnavailable("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb); "
                                "apt-get install postgresql")
    return os.path.dirname(found[-1])


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _run_as(user: str | None, cmd: list[str]) -> list[str]:
    return cmd if user is None else ["runuser", "-u", user, "--", *cmd]


@contextlib.contextmanager
def postgres_server() -> Iterator[Server]:
    bindir = _bin_dir()
    run_user: str | None = None
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        try:
            pwd.getpwnam("postgres")
            run_user = "postgres"
        except KeyError:
            run_user = "nobody"
    root = tempfile.mkdtemp(prefix="rillet-pg-")
    data = os.path.join(root, "data")
    pwfile = os.path.join(root, "pw")
    with open(pwfile, "w") as f:
        f.write(PASSWORD + "\n")
    if run_user is not None:
        uid = pwd.getpwnam(run_user).pw_uid
        for path in (root, pwfile):
            os.chown(path, uid, -1)
    port = _free_port()
    env = {**os.environ, "LC_ALL": "C", "PGPASSWORD": PASSWORD}
    try:
        init = subprocess.run(
            _run_as(run_user, [f"{bindir}/initdb", "-D", data, "-U", USER, "--pwfile", pwfile, "-A", "scram-sha-256",
                               "-E", "UTF8", "--no-sync"]),
            capture_output=True, text=True, env=env)
        if init.returncode != 0:
            raise ServerUnavailable(f"initdb failed: {init.stderr.strip()[-500:]}")
        opts = f"-h 127.0.0.1 -p {port} -k {root} -c fsync=off -c full_page_writes=off"
        start = subprocess.run(
            _run_as(run_user, [f"{bindir}/pg_ctl", "-D", data, "-l", os.path.join(root, "log"), "-o", opts,
                               "-w", "-t", "60", "start"]),
            capture_output=True, text=True, env=env)
        if start.returncode != 0:
            with contextlib.suppress(OSError), open(os.path.join(root, "log")) as f:
                log = f.read()[-1000:]
            raise ServerUnavailable(f"pg_ctl start failed: {start.stderr.strip()} {log}")
        try:
            # a database named like the user, as psql's default would expect
            subprocess.run(_run_as(run_user, [f"{bindir}/createdb", "-h", root, "-p", str(port), "-U", USER,
                                              DATABASE]), check=True, capture_output=True, env=env)
            yield Server("127.0.0.1", port, USER, PASSWORD, DATABASE)
        finally:
            subprocess.run(_run_as(run_user, [f"{bindir}/pg_ctl", "-D", data, "-m", "immediate", "-w", "stop"]),
                           capture_output=True, env=env)
    finally:
        shutil.rmtree(root, ignore_errors=True)
