"""Shared pieces of the reliability suites: a `tthc serve` of their own (temporary data directory, so an embedded
PostgreSQL with the demo agencies, on a free loopback port), users per role, and SQL on the embedded cluster through
`psql` as its superuser over the cluster's Unix socket (as root: `runuser -u postgres`).

Standard library only."""

import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request

ROLES = {
    # name: (role, agency, locality)
    "admin": ("admin", None, None),
    "clerk": ("clerk", "BDT", None),
    "officer": ("officer", "BDT", None),
    "locality": ("locality", None, "36001"),
    "leader": ("leader", None, None),
}


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """One `tthc serve` on a temporary data directory; start/kill/restart keep the data directory and the port."""

    def __init__(self, binary: str, out: str, name: str = "serve", extra_env: dict | None = None, args: list | None = None):
        self.binary = os.path.abspath(binary)
        self.out = out
        self.name = name
        self.data = tempfile.mkdtemp(prefix=f"tthc-rel-{name}-")
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.extra_env = extra_env or {}
        self.args = args or []
        self.process = None
        self.logs = []
        self.starts = 0

    def environment(self) -> dict:
        env = dict(os.environ)
        for name in ("DATABASE_URL", "PGHOST", "PGSERVICE", "TTHC_MIGRATION_DATABASE_URL"):
            env.pop(name, None)
        env.update({
            "TTHC_DATA_DIR": self.data, "TTHC_LOG_LEVEL": "debug", "TTHC_DEMO_DATA": "1",
            "TTHC_PUBLIC_LOOKUP_LIMIT": "1000000",
        })
        env.update(self.extra_env)
        return env

    def start(self, timeout: float = 240) -> None:
        self.starts += 1
        path = os.path.join(self.out, f"{self.name}-{self.starts}.log")
        self.logs.append(path)
        log = open(path, "w")
        self.process = subprocess.Popen(
            [self.binary, "serve", "--host", "127.0.0.1", "--port", str(self.port)] + self.args,
            env=self.environment(), stdout=log, stderr=subprocess.STDOUT)
        log.close()
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"tthc serve exited with {self.process.returncode}; see {path}")
            try:
                with urllib.request.urlopen(self.base + "/ready", timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, OSError):
                pass
            time.sleep(0.3)
        raise RuntimeError(f"tthc serve did not become ready within {timeout:.0f} s; see {path}")

    def kill(self) -> None:
        """SIGKILL: no shutdown path runs."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def cleanup(self) -> None:
        self.stop()
        # The cluster of a killed serve may still run (its watcher stops it); stop it before removing the data.
        try:
            self.pg_ctl("stop", "-m", "immediate")
        except Exception:  # noqa: BLE001 - best effort
            pass
        root = self.cluster_root()
        shutil.rmtree(self.data, ignore_errors=True)
        if root != self.data:
            shutil.rmtree(root, ignore_errors=True)

    def tthc(self, *args: str, stdin: str | None = None) -> str:
        result = subprocess.run([self.binary, *args], input=stdin, env=self.environment(), capture_output=True,
                                text=True, timeout=180)
        if result.returncode != 0:
            raise RuntimeError(f"tthc {' '.join(args[:2])} failed: {result.stderr.strip()[-400:]}")
        return result.stdout

    def add_user(self, name: str, role: str, agency: str | None = None, locality: str | None = None,
                 password: str | None = None) -> str:
        command = ["user", "add", name, "--role", role]
        if agency:
            command += ["--agency", agency]
        if locality:
            command += ["--locality", locality]
        if password:
            command += ["--password-stdin"]
        output = self.tthc(*command, stdin=(password + "\n") if password else None)
        return output.strip().splitlines()[-1].strip()

    # -- the embedded cluster ---------------------------------------------------------------------------------------

    def cluster_root(self) -> str:
        location = os.path.join(self.data, "cluster-location")
        if os.path.exists(location):
            with open(location) as handle:
                recorded = handle.read().strip()
            if recorded.startswith("/"):
                return recorded
        return self.data

    def pgdata(self) -> str:
        return os.path.join(self.cluster_root(), "pgdata")

    def socket(self):
        """(socket directory, port) from postmaster.pid of the running cluster."""
        with open(os.path.join(self.pgdata(), "postmaster.pid")) as handle:
            lines = handle.read().splitlines()
        return lines[4].strip(), lines[3].strip()

    @staticmethod
    def as_postgres(command: list) -> list:
        if os.geteuid() == 0:
            return ["runuser", "-u", "postgres", "--"] + command
        return command

    @staticmethod
    def pg_bindir() -> str:
        if os.environ.get("TTHC_PG_BINDIR"):
            return os.environ["TTHC_PG_BINDIR"]
        try:
            return subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True, check=True).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            candidates = sorted(d for d in os.listdir("/usr/lib/postgresql") if d.isdigit())
            return f"/usr/lib/postgresql/{candidates[-1]}/bin"

    def pg_ctl(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
        pg_ctl = os.path.join(self.pg_bindir(), "pg_ctl")
        if not os.path.exists(pg_ctl):
            pg_ctl = shutil.which("pg_ctl") or "pg_ctl"
        # No pipes: a server that pg_ctl starts would inherit them and keep them open, so run() would never return.
        with tempfile.TemporaryFile("w+") as output:
            result = subprocess.run(self.as_postgres([pg_ctl, "-D", self.pgdata(), *args]), stdin=subprocess.DEVNULL,
                                    stdout=output, stderr=output, text=True, timeout=timeout, cwd="/")
            output.seek(0)
            result.stdout = result.stderr = output.read()
        return result

    def postgres_log(self) -> str:
        return os.path.join(self.cluster_root(), "log", "postgres.log")

    def sql(self, query: str) -> list:
        """Rows of one query as lists of strings (psql -At, fields separated by '|')."""
        directory, port = self.socket()
        result = subprocess.run(
            self.as_postgres(["psql", "-X", "-A", "-t", "-q", "-v", "ON_ERROR_STOP=1", "-h", directory, "-p", port,
                              "-U", "postgres", "-d", "tthc", "-c", query]),
            capture_output=True, text=True, timeout=120, cwd="/")
        if result.returncode != 0:
            raise RuntimeError(f"psql failed: {result.stderr.strip()}")
        return [line.split("|") for line in result.stdout.splitlines() if line != ""]

    def counts(self, tables: list) -> dict:
        query = " UNION ALL ".join(f"SELECT '{t}', count(*) FROM {t}" for t in tables)
        return {name: int(value) for name, value in self.sql(query)}


def http(method: str, url: str, token: str | None = None, body=None, headers: dict | None = None, timeout: float = 10):
    data = body if isinstance(body, (bytes, type(None))) else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method)
    if token:
        request.add_header("Authorization", "Bearer " + token)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def grep_secrets(paths: list, secrets: dict) -> list:
    """(file, secret name) for every secret found in one of the files."""
    found = []
    for path in paths:
        try:
            with open(path, "rb") as handle:
                text = handle.read()
        except OSError:
            continue
        for name, value in secrets.items():
            if value and value.encode() in text:
                found.append((path, name))
    return found
