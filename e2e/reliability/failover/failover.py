#!/usr/bin/env python3
"""The failover suite without Patroni: a primary and a streaming standby made with `pg_basebackup` (synchronous
commit: synchronous_standby_names = '*'), both on 127.0.0.1, and one `tthc serve` on the two-host connection string
with target_session_attrs=read-write (service role tthc_app, migrations as the owner tthc, as in production). During a
registration load (deploy/patroni/register-load.py, retries with the same Idempotency-Key) the primary is stopped
(`pg_ctl stop -m immediate`: no shutdown checkpoint, as a crash) and the standby promoted (`pg_ctl promote`) →
  - the service resumes on the new primary by itself within 10 s (the measured gap is printed),
  - no acknowledged dossier is lost and none is stored twice, codes gap-free.
Prints `failover: N passed, M failed`. Run as root (PostgreSQL runs as the postgres user) or as a user that may run
PostgreSQL. Loopback only. Standard library Python only."""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import harness  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
LOAD = os.path.join(ROOT, "deploy", "patroni", "register-load.py")


def as_postgres(command):
    return harness.Server.as_postgres(command)


def run(command, timeout=120, check=True):
    with tempfile.TemporaryFile("w+") as output:
        result = subprocess.run(command, stdin=subprocess.DEVNULL, stdout=output, stderr=output, timeout=timeout, cwd="/")
        output.seek(0)
        text = output.read()
    if check and result.returncode != 0:
        raise RuntimeError(f"{' '.join(command[-6:])} failed: {text.strip()[-500:]}")
    return text


class Suite:
    def __init__(self, args):
        self.args = args
        self.out = os.path.abspath(args.out or tempfile.mkdtemp(prefix="tthc-failover-"))
        os.makedirs(self.out, exist_ok=True)
        self.bindir = harness.Server.pg_bindir()
        base = "/var/tmp" if os.geteuid() == 0 else tempfile.gettempdir()
        self.work = tempfile.mkdtemp(prefix="tthc-failover-pg-", dir=base)
        os.chmod(self.work, 0o755)
        if os.geteuid() == 0:
            shutil.chown(self.work, "postgres", "postgres")
        self.ports = [harness.free_port(), harness.free_port()]
        self.dirs = [os.path.join(self.work, "primary"), os.path.join(self.work, "standby")]
        self.results = []
        self.serve = None

    def record(self, name, ok, detail):
        self.results.append((name, ok, detail))
        print(f"failover: {'PASS' if ok else 'FAIL'} {name}: {detail}", flush=True)

    def pg(self, tool, *args, timeout=120, check=True):
        return run(as_postgres([os.path.join(self.bindir, tool), *args]), timeout=timeout, check=check)

    def pg_ctl(self, node, *args, check=True):
        return self.pg("pg_ctl", "-D", self.dirs[node], "-l", os.path.join(self.work, f"node{node}.log"), *args,
                       check=check)

    def psql(self, node, query, database="postgres"):
        return self.pg("psql", "-X", "-A", "-t", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p",
                       str(self.ports[node]), "-U", "postgres", "-d", database, "-c", query).strip()

    def start_clusters(self):
        self.pg("initdb", "-D", self.dirs[0], "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8", "--locale=C.UTF-8")
        with open(os.path.join(self.dirs[0], "postgresql.conf"), "a") as conf:
            conf.write(f"\nlisten_addresses = '127.0.0.1'\nport = {self.ports[0]}\nunix_socket_directories = '{self.work}'\n"
                       "wal_level = replica\nmax_wal_senders = 5\nsynchronous_commit = on\nhot_standby = on\n")
        self.pg_ctl(0, "start", "-w", "-t", "60")
        self.psql(0, "CREATE ROLE tthc LOGIN")
        self.psql(0, "CREATE ROLE tthc_app LOGIN NOINHERIT")
        self.psql(0, "CREATE DATABASE tthc OWNER tthc")
        self.pg("pg_basebackup", "-h", "127.0.0.1", "-p", str(self.ports[0]), "-U", "postgres", "-D", self.dirs[1], "-R",
                "-X", "stream", "-c", "fast")
        with open(os.path.join(self.dirs[1], "postgresql.auto.conf"), "a") as conf:
            conf.write(f"\nport = {self.ports[1]}\n")
        self.pg_ctl(1, "start", "-w", "-t", "60")
        # Synchronous from now on (not before: a commit would wait for a standby that does not exist yet; and not in
        # the standby's copy of the settings: once promoted, it has no standby to wait for).
        self.psql(0, "ALTER SYSTEM SET synchronous_standby_names = '*'")
        self.psql(0, "SELECT pg_reload_conf()")
        deadline = time.time() + 60
        while time.time() < deadline:
            if self.psql(0, "SELECT sync_state FROM pg_stat_replication") == "sync":
                return
            time.sleep(0.3)
        raise RuntimeError("the standby did not become synchronous within 60 s")

    def environment(self):
        hosts = f"127.0.0.1:{self.ports[0]},127.0.0.1:{self.ports[1]}"
        options = "target_session_attrs=read-write&connect_timeout=3&keepalives_idle=5&keepalives_interval=2&keepalives_count=3&tcp_user_timeout=10000"
        env = dict(os.environ)
        for name in ("PGHOST", "PGSERVICE", "PGPORT", "PGUSER", "PGDATABASE", "TTHC_DATA_DIR"):
            env.pop(name, None)
        env.update({"DATABASE_URL": f"postgresql://tthc_app@{hosts}/tthc?{options}&application_name=tthc",
                    "TTHC_MIGRATION_DATABASE_URL": f"postgresql://tthc@{hosts}/tthc?{options}&application_name=tthc-migrate",
                    "TTHC_LOG_LEVEL": "info", "TTHC_DB_ACQUIRE_TIMEOUT": "3"})
        return env

    def tthc(self, *args):
        result = subprocess.run([self.args.bin, *args], env=self.environment(), capture_output=True, text=True, timeout=180)
        if result.returncode != 0:
            raise RuntimeError(f"tthc {args[0]} failed: {result.stderr.strip()[-500:]}")
        return result.stdout

    def run(self):
        try:
            self.start_clusters()
            self.record("primary and synchronous streaming standby", True,
                        f"pg_basebackup; primary 127.0.0.1:{self.ports[0]}, standby 127.0.0.1:{self.ports[1]}, sync")
            self.tthc("migrate")
            self.tthc("import", os.path.join(ROOT, "deploy", "patroni", "reference.jsonl"))
            token = self.tthc("user", "add", "failover-clerk", "--role", "clerk", "--agency", "BDT").strip().splitlines()[-1]
            port = harness.free_port()
            base = f"http://127.0.0.1:{port}"
            log = open(os.path.join(self.out, "serve.log"), "w")
            self.serve = subprocess.Popen([self.args.bin, "serve", "--host", "127.0.0.1", "--port", str(port)],
                                          env=self.environment(), stdout=log, stderr=subprocess.STDOUT)
            deadline = time.time() + 120
            while True:
                self.serve_alive()
                try:
                    if harness.http("GET", base + "/ready", timeout=3)[0] == 200:
                        break
                except OSError:
                    pass
                if time.time() > deadline:
                    raise RuntimeError("serve did not become ready")
                time.sleep(0.3)
            acks_path = os.path.join(self.out, "acks.jsonl")
            errors_path = os.path.join(self.out, "errors.jsonl")
            stop_file = os.path.join(self.out, "stop")
            load_log = open(os.path.join(self.out, "load.log"), "w")
            load = subprocess.Popen(
                [sys.executable, LOAD, "--url", base, "--token", token, "--clients", "6", "--duration", "300",
                 "--stop-file", stop_file, "--drain", "120", "--pause", "0.01", "--retry-pause", "0.2", "--timeout", "15",
                 "--run", "failover", "--acks", acks_path, "--errors", errors_path],
                stdout=load_log, stderr=subprocess.STDOUT)
            self.wait_lines(acks_path, 100, load)
            stopped = time.time()
            self.pg_ctl(0, "stop", "-m", "immediate", "-w")
            self.pg_ctl(1, "promote", "-w", "-t", "60")
            promoted = time.time()
            deadline = time.time() + 60
            resumed = None
            while time.time() < deadline and resumed is None:
                after = [a for a in self.lines(acks_path) if a["sent"] > promoted]
                if after:
                    resumed = min(a["t"] for a in after)
                time.sleep(0.1)
            self.wait_lines(acks_path, len(self.lines(acks_path)) + 50, load)
            open(stop_file, "w").close()
            code = load.wait(timeout=300)
            load_log.close()
            gap = (resumed - stopped) if resumed else None
            self.record("service resumes on the promoted standby within 10 s", gap is not None and gap <= 10 and code == 0,
                        f"first registration acknowledged {gap:.1f} s after the primary stopped "
                        f"(promotion took {promoted - stopped:.1f} s)" if gap is not None else "no registration after the promotion")
            acks = self.lines(acks_path)
            codes = [a["code"] for a in acks]
            # The load's dossiers only (reference.jsonl brings two dossiers of its own).
            rows = self.psql(1, "SELECT code FROM dossier WHERE applicant_name LIKE 'UBND xã Tân Lập (drill %'",
                             database="tthc").splitlines()
            statuses = {}
            for error in self.lines(errors_path):
                statuses[str(error.get("status"))] = statuses.get(str(error.get("status")), 0) + 1
            missing = set(codes) - set(rows)
            gaps = self.psql(1, "SELECT count(*) FROM (SELECT left(code, length(code) - 5) FROM dossier GROUP BY 1 "
                                "HAVING count(*) <> max(right(code, 4)::int)) g", database="tthc")
            ok = not missing and len(set(codes)) == len(codes) and len(rows) == len(acks) and gaps == "0" \
                and "500" not in statuses
            self.record("no acknowledged dossier lost or duplicated", ok,
                        f"{len(acks)} acknowledged, {len(rows)} stored on the new primary, {len(missing)} missing, "
                        f"codes gap-free: {gaps == '0'}; failed attempts (retried) by status: {statuses or '{}'}")
        except Exception as error:  # noqa: BLE001 - reported as a failure
            self.record("suite", False, f"{type(error).__name__}: {error}")
        finally:
            if self.serve and self.serve.poll() is None:
                self.serve.terminate()
                try:
                    self.serve.wait(timeout=60)
                except subprocess.TimeoutExpired:
                    self.serve.kill()
            for node in (0, 1):
                if os.path.exists(os.path.join(self.dirs[node], "postmaster.pid")):
                    self.pg_ctl(node, "stop", "-m", "immediate", check=False)
            if not os.environ.get("FAILOVER_KEEP"):
                shutil.rmtree(self.work, ignore_errors=True)
        passed = sum(1 for _, ok, _ in self.results if ok)
        print(f"failover: {passed} passed, {len(self.results) - passed} failed")
        return 0 if passed == len(self.results) else 1

    def serve_alive(self):
        if self.serve.poll() is not None:
            raise RuntimeError(f"serve exited with {self.serve.returncode}; see {self.out}/serve.log")
        return True

    @staticmethod
    def lines(path):
        if not os.path.exists(path):
            return []
        with open(path) as handle:
            return [json.loads(line) for line in handle if line.strip()]

    def wait_lines(self, path, count, load, timeout=120):
        deadline = time.time() + timeout
        while len(self.lines(path)) < count:
            if time.time() > deadline or load.poll() is not None:
                raise RuntimeError(f"the load did not reach {count} acknowledgements")
            time.sleep(0.1)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", required=True)
    parser.add_argument("--out", default=None)
    args = parser.parse_args()
    args.bin = os.path.abspath(args.bin)
    return Suite(args).run()


if __name__ == "__main__":
    sys.exit(main())
