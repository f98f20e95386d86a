#!/usr/bin/env python3
"""The crash suite, against a `tthc serve` of its own (temporary data directory, embedded PostgreSQL, free port):

(a) serve is SIGKILLed three times during a registration load (deploy/patroni/register-load.py: every client retries
    with the same Idempotency-Key and body until it gets a 201) and restarted on the same data directory and port →
    every acknowledged dossier exists exactly once, every registration of the load was acknowledged, no two keys got
    the same code, and the codes are gap-free per agency and day (and equal to dossier_counter).
(b) PostgreSQL is restarted (`pg_ctl restart -m fast` as its owner) twice during a registration load → no request
    failed with a 500 or hung until the client's timeout, the failures were 503s (or refused connections), the
    same serve process recovers by itself (/ready is 200 again, the load goes on) and (a)'s invariants still hold.
(c) Secrets: serve's debug log of the whole run contains no API token and no password used.

Prints `crash: N passed, M failed` and exits non-zero on a failure."""

import argparse
import http.client
import json
import re
import os
import subprocess
import sys
import tempfile
import time
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import harness  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
LOAD = os.path.join(ROOT, "deploy", "patroni", "register-load.py")
PASSWORD = "crash-mat-khau-du-dai-91c2"


class Suite:
    def __init__(self, args):
        self.args = args
        self.out = os.path.abspath(args.out or tempfile.mkdtemp(prefix="tthc-crash-"))
        os.makedirs(self.out, exist_ok=True)
        self.server = harness.Server(args.bin, self.out, "crash-serve")
        self.results = []
        self.secrets = {"password": PASSWORD}

    def record(self, name: str, ok: bool, detail: str) -> None:
        self.results.append((name, ok, detail))
        print(f"crash: {'PASS' if ok else 'FAIL'} {name}: {detail}", flush=True)

    # -- load ---------------------------------------------------------------------------------------------------------

    def start_load(self, run: str, token: str):
        stop = os.path.join(self.out, f"{run}.stop")
        acks = os.path.join(self.out, f"{run}-acks.jsonl")
        errors = os.path.join(self.out, f"{run}-errors.jsonl")
        log = open(os.path.join(self.out, f"{run}-load.log"), "w")
        process = subprocess.Popen(
            [sys.executable, LOAD, "--url", self.server.base, "--token", token, "--clients", str(self.args.clients),
             "--duration", "600", "--stop-file", stop, "--drain", "180", "--pause", "0.01", "--retry-pause", "0.25",
             "--timeout", str(self.args.timeout), "--run", run, "--acks", acks, "--errors", errors],
            stdout=log, stderr=subprocess.STDOUT)
        return {"process": process, "stop": stop, "acks": acks, "errors": errors, "log": log}

    @staticmethod
    def lines(path: str) -> list:
        if not os.path.exists(path):
            return []
        with open(path) as handle:
            return [json.loads(line) for line in handle if line.strip()]

    def wait_acks(self, load, count: int, timeout: float = 120) -> None:
        deadline = time.time() + timeout
        while len(self.lines(load["acks"])) < count:
            if time.time() > deadline:
                raise RuntimeError(f"the load did not reach {count} acknowledgements")
            if load["process"].poll() is not None:
                raise RuntimeError("the load client ended early; see " + load["log"].name)
            time.sleep(0.1)

    def finish_load(self, load) -> int:
        open(load["stop"], "w").close()
        code = load["process"].wait(timeout=400)
        load["log"].close()
        return code

    # -- invariants ---------------------------------------------------------------------------------------------------

    def check_dossiers(self, name: str, runs: list) -> None:
        acks = [a for run in runs for a in self.lines(os.path.join(self.out, f"{run}-acks.jsonl"))]
        problems = []
        keys = {a["key"] for a in acks}
        if len(keys) != len(acks):
            problems.append(f"{len(acks) - len(keys)} keys acknowledged twice by the load client")
        codes = [a["code"] for a in acks]
        if len(set(codes)) != len(codes):
            problems.append(f"{len(codes) - len(set(codes))} codes given to two keys")
        stored = {row[0]: int(row[1]) for row in self.server.sql("SELECT code, count(*) FROM dossier GROUP BY code")}
        missing = [c for c in codes if c not in stored]
        if missing:
            problems.append(f"{len(missing)} acknowledged dossiers missing, e.g. {missing[:3]}")
        twice = [c for c, n in stored.items() if n != 1]
        if twice:
            problems.append(f"{len(twice)} codes stored more than once")
        # Every registration of the load is one dossier: as many load dossiers as acknowledged keys (with every
        # acknowledged code present and no code given twice, a retry that made a second dossier would show here).
        load_rows = int(self.server.sql(
            "SELECT count(*) FROM dossier WHERE applicant_name LIKE 'UBND xã Tân Lập (drill %'")[0][0])
        if load_rows != len(acks):
            problems.append(f"{load_rows} load dossiers stored but {len(acks)} acknowledged")
        gaps = self.server.sql(
            "SELECT left(code, length(code) - 5) AS day, count(*), min(right(code, 4)::int), max(right(code, 4)::int) "
            "FROM dossier GROUP BY 1 HAVING count(*) <> max(right(code, 4)::int) OR min(right(code, 4)::int) <> 1")
        if gaps:
            problems.append(f"codes with gaps: {gaps[:3]}")
        counters = self.server.sql(
            "SELECT c.agency_code, c.day, c.last_seq, count(d.code) FROM dossier_counter c "
            "LEFT JOIN agency a ON a.code = c.agency_code "
            "LEFT JOIN dossier d ON d.code LIKE a.identifier || '-' || to_char(c.day, 'YYMMDD') || '-%' "
            "GROUP BY 1, 2, 3 HAVING c.last_seq <> count(d.code)")
        if counters:
            problems.append(f"dossier_counter differs from the codes: {counters[:3]}")
        self.record(name, not problems, "; ".join(problems) or
                    f"{len(acks)} acknowledged dossiers, each stored once; {len(stored)} codes gap-free per agency and "
                    "day, equal to dossier_counter")

    # -- scenarios ----------------------------------------------------------------------------------------------------

    def kill_during_load(self, token: str) -> None:
        load = self.start_load("kill", token)
        kills = 0
        try:
            for round_ in range(3):
                self.wait_acks(load, 40 * (round_ + 1))
                self.server.kill()
                kills += 1
                time.sleep(0.5)  # clients meet a refused connection and retry
                self.server.start()
            self.wait_acks(load, 40 * 3 + 20)
        finally:
            code = self.finish_load(load)
        errors = self.lines(load["errors"])
        fatal = [e for e in errors if e.get("status") is not None and 400 <= e["status"] < 500
                 and e["status"] not in (408, 409, 429)]
        server_errors = [e for e in errors if e.get("status") == 500]
        detail = (f"{kills} SIGKILLs, {len(self.lines(load['acks']))} acknowledged, {len(errors)} failed attempts "
                  f"retried ({sum(1 for e in errors if e.get('status') is None)} refused/reset, "
                  f"{sum(1 for e in errors if e.get('status') == 503)} × 503)")
        ok = code == 0 and not fatal and not server_errors
        self.record("SIGKILL of serve during a registration load: every registration acknowledged", ok,
                    detail + ("" if ok else f"; load exit {code}, refused {fatal[:2]}, 500s {server_errors[:2]}"))
        self.check_dossiers("after SIGKILLs: acknowledged dossiers exactly once, gap-free codes", ["kill"])

    def restart_postgres_during_load(self, token: str) -> None:
        pid = self.server.process.pid
        load = self.start_load("pgrestart", token)
        restarts = []
        try:
            for round_ in range(2):
                self.wait_acks(load, 40 * (round_ + 1))
                started = time.time()
                result = self.server.pg_ctl("restart", "-m", "fast", "-w", "-t", "60", "-l", self.server.postgres_log())
                restarts.append(time.time() - started)
                if result.returncode != 0:
                    raise RuntimeError(f"pg_ctl restart failed: {result.stderr.strip()}")
                # Recovery by itself: /ready answers 200 again, without touching serve.
                deadline = time.time() + 60
                ready = False
                while time.time() < deadline and not ready:
                    status, _, _ = harness.http("GET", self.server.base + "/ready", timeout=5)
                    ready = status == 200
                    if not ready:
                        time.sleep(0.2)
                if not ready:
                    raise RuntimeError("serve did not become ready again within 60 s after the PostgreSQL restart")
            self.wait_acks(load, 40 * 2 + 40)
        finally:
            code = self.finish_load(load)
        errors = self.lines(load["errors"])
        statuses = {}
        for error in errors:
            statuses[str(error.get("status"))] = statuses.get(str(error.get("status")), 0) + 1
        bad = [e for e in errors if e.get("status") not in (None, 503)]
        hung = [e for e in errors if e.get("status") is None and "timed out" in e.get("error", "")]
        missing_retry_after = 0
        alive = self.server.process.poll() is None and self.server.process.pid == pid
        ok = code == 0 and not bad and not hung and alive
        self.record(
            "PostgreSQL restarted during a load: failures are 503 (no 500, no hang), serve recovers by itself", ok,
            f"{len(restarts)} restarts ({', '.join(f'{r:.1f} s' for r in restarts)}), failed attempts by status "
            f"{statuses or '{}'}, {len(self.lines(load['acks']))} acknowledged, same serve process: {alive}"
            + ("" if ok else f"; load exit {code}, non-503 {bad[:2]}, hung {hung[:2]}"))
        # A 503 names when to retry.
        status, headers, body = self.probe_503()
        if status is not None:
            missing_retry_after = 0 if any(k.lower() == "retry-after" for k in headers) else 1
            self.record("a 503 while PostgreSQL is down is a problem document with Retry-After",
                        status == 503 and not missing_retry_after and b"message" in body,
                        f"status {status} after {self.probe_seconds:.1f} s, Retry-After: "
                        f"{next((v for k, v in headers.items() if k.lower() == 'retry-after'), None)}")
        self.check_dossiers("after PostgreSQL restarts: acknowledged dossiers exactly once, gap-free codes",
                            ["kill", "pgrestart"])

    def probe_503(self):
        """Stops PostgreSQL, sends one registration, starts PostgreSQL again."""
        if self.server.pg_ctl("stop", "-m", "fast", "-w").returncode != 0:
            return None, {}, b""
        try:
            started = time.time()
            status, headers, body = harness.http(
                "POST", self.server.base + "/api/v1/dossiers", self.token,
                {"procedure": "1.012222", "channel": "direct", "applicant": {"name": "Thăm dò 503", "kind": "person"},
                 "components": []}, headers={"Idempotency-Key": "probe-503"}, timeout=30)
            self.probe_seconds = time.time() - started
        finally:
            # The cluster was started with options from serve (socket directory, settings): reuse them.
            self.server.pg_ctl("start", "-w", "-t", "60", "-l", self.server.postgres_log())
        deadline = time.time() + 60
        while time.time() < deadline:
            if harness.http("GET", self.server.base + "/ready", timeout=5)[0] == 200:
                break
            time.sleep(0.2)
        return status, headers, body

    def use_secrets(self) -> None:
        """Sends every kind of secret through serve, so that the log grep has something to find: a web sign-in with
        the right password and one with a wrong one, an API call with a valid token and one with an unknown token."""
        wrong_password = "sai-mat-khau-9d41e0"
        unknown_token = "tthc_unknownTokenForTheLogGrep0123456789abcdef"
        self.secrets.update({"wrong password": wrong_password, "unknown token": unknown_token})
        outcomes = []
        for password in (PASSWORD, wrong_password):
            connection = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=10)
            connection.request("GET", "/dang-nhap")
            response = connection.getresponse()
            page = response.read().decode()
            cookies = "; ".join(c.split(";")[0] for c in response.headers.get_all("Set-Cookie") or [])
            csrf = re.search(r'name="_csrf" value="([^"]*)"', page)
            form = urllib.parse.urlencode({"_csrf": csrf.group(1) if csrf else "", "tiep": "", "ten": "crash_clerk",
                                           "mat-khau": password})
            connection.request("POST", "/dang-nhap", body=form, headers={
                "Content-Type": "application/x-www-form-urlencoded", "Cookie": cookies})
            response = connection.getresponse()
            response.read()
            outcomes.append(response.status)
            connection.close()
        status_good = harness.http("GET", self.server.base + "/api/v1/dossiers", self.token)[0]
        status_bad = harness.http("GET", self.server.base + "/api/v1/dossiers", unknown_token)[0]
        ok = outcomes[0] in (302, 303) and outcomes[1] not in (302, 303) and status_good == 200 and status_bad == 401
        self.record("secrets were used: sign-in right/wrong password, API with a valid/unknown token", ok,
                    f"sign-in {outcomes[0]} / {outcomes[1]}, API {status_good} / {status_bad}")

    def run(self) -> int:
        try:
            self.server.start()
            self.token = self.server.add_user("crash_clerk", "clerk", "BDT", password=PASSWORD)
            self.secrets["token of crash_clerk"] = self.token
            self.use_secrets()
            self.kill_during_load(self.token)
            self.restart_postgres_during_load(self.token)
        except Exception as error:  # noqa: BLE001 - reported as a failure
            self.record("suite", False, f"{type(error).__name__}: {error}")
        finally:
            self.server.stop()
            leaks = harness.grep_secrets(self.server.logs, self.secrets)
            self.record("no token or password in serve's debug logs", not leaks,
                        f"{len(self.server.logs)} logs checked" if not leaks else f"found {leaks}")
            self.server.cleanup()
        passed = sum(1 for _, ok, _ in self.results if ok)
        failed = len(self.results) - passed
        print(f"crash: {passed} passed, {failed} failed")
        return 1 if failed else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", required=True)
    parser.add_argument("--out", default=None)
    parser.add_argument("--clients", type=int, default=6)
    parser.add_argument("--timeout", type=float, default=20, help="HTTP timeout of a load request (a hang)")
    args = parser.parse_args()
    return Suite(args).run()


if __name__ == "__main__":
    sys.exit(main())
