#!/usr/bin/env python3
"""The fuzz suite: schemathesis against a `tthc serve` of its own and the OpenAPI document it serves, authenticated
as each role (admin, clerk, officer, locality, leader) and anonymously.

Checks on every response: not_a_server_error, status_code_conformance, content_type_conformance,
response_schema_conformance. And "no write from a rejected request": around every writing request the row counts of
every table a request can change are compared (hooks.py); a response >= 400 with a changed count is a failure, and at
the end the change of every count since the start must equal the sum of the changes seen around writing requests
(so no read wrote anything either). Finally the server's debug log is grepped for every token and password used.

Prints `fuzz: N cases, F failures` and exits non-zero on a failure."""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import harness  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"
PASSWORD = "fuzz-mat-khau-du-dai-7f3a"


def seed(server: harness.Server, token: str) -> None:
    """A few dossiers so that reads and transitions find data."""
    for number in range(3):
        body = {"procedure": "1.012222", "channel": "direct",
                "applicant": {"name": f"Nguyễn Văn Fuzz {number}", "kind": "person", "locality": "36001"},
                "components": [{"code": "TP1", "digitized": True, "reused": False}]}
        status, _, payload = harness.http("POST", server.base + "/api/v1/dossiers", token, body)
        if status != 201:
            raise RuntimeError(f"seeding failed: {status} {payload[:200]!r}")


def run_schemathesis(server, role, token, examples, seed_value, out, ledger, socket_dir, port) -> tuple:
    command = ["schemathesis", "run", server.base + "/api/v1/openapi.json", "--checks", CHECKS,
               "--phases", "examples,coverage,fuzzing", "-n", str(examples), "-w", "1", "--no-shrink",
               "--seed", str(seed_value), "--suppress-health-check", "all", "--request-timeout", "30",
               "--output-truncate", "false", "--output-sanitize", "true",
               "--report", "junit", "--report-junit-path", os.path.join(out, f"junit-{role}.xml")]
    if token:
        command += ["-H", f"Authorization: Bearer {token}"]
    env = dict(os.environ, SCHEMATHESIS_HOOKS=os.path.join(HERE, "hooks.py"), FUZZ_LEDGER=ledger,
               FUZZ_PG_SOCKET=socket_dir, FUZZ_PG_PORT=port, NO_COLOR="1", PYTHONUNBUFFERED="1")
    log_path = os.path.join(out, f"schemathesis-{role}.log")
    with open(log_path, "w") as log:
        result = subprocess.run(command, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=out)
    with open(log_path) as handle:
        text = handle.read()
    generated = sum(int(n) for n in re.findall(r"(\d+) generated", text))
    failed = sum(int(n) for n in re.findall(r"(\d+) failed", text.split("Test cases:")[-1])) if "Test cases:" in text else 0
    errors = len(re.findall(r"^Errors:", text, re.M))
    if result.returncode != 0 and failed == 0:
        failed = max(1, errors)  # an error (e.g. a serialization problem) fails the run too
    return generated, failed, result.returncode, log_path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", required=True)
    parser.add_argument("--out", default=None, help="where logs and reports go (default: a temporary directory)")
    parser.add_argument("--examples", type=int, default=10, help="schemathesis -n per operation and role (CI: 10)")
    parser.add_argument("--seed", type=int, default=20261129)
    parser.add_argument("--min-cases", type=int, default=2000, help="fail when fewer cases were generated")
    args = parser.parse_args()
    out = os.path.abspath(args.out or tempfile.mkdtemp(prefix="tthc-fuzz-"))
    os.makedirs(out, exist_ok=True)

    server = harness.Server(args.bin, out, "fuzz-serve")
    failures = []
    total = 0
    try:
        server.start()
        tokens = {}
        for name, (role, agency, locality) in harness.ROLES.items():
            tokens[name] = server.add_user(f"fuzz_{name}", role, agency, locality, password=PASSWORD)
        seed(server, tokens["clerk"])
        socket_dir, port = server.socket()
        sys.path.insert(0, HERE)
        import hooks  # the same table list
        initial = server.counts(hooks.TABLES)
        ledger = os.path.join(out, "writes.jsonl")
        open(ledger, "w").close()
        for index, name in enumerate(list(tokens) + ["anonymous"]):
            generated, failed, code, log_path = run_schemathesis(
                server, name, tokens.get(name), args.examples, args.seed + index, out, ledger, socket_dir, port)
            total += generated
            print(f"fuzz: as {name}: {generated} cases, {failed} failures (exit {code}; {log_path})", flush=True)
            if failed or code != 0:
                failures.append(f"schemathesis as {name}: {failed} failures, exit {code} — see {log_path}")
        # No write from a rejected request.
        records = [json.loads(line) for line in open(ledger) if line.strip()]
        summed = {table: 0 for table in hooks.TABLES}
        for record in records:
            for table, change in record["delta"].items():
                summed[table] += change
            if record["status"] >= 400 and record["delta"]:
                failures.append(f"rejected request wrote rows: {record}")
        final = server.counts(hooks.TABLES)
        for table in hooks.TABLES:
            if final[table] - initial[table] != summed[table]:
                failures.append(f"{table}: changed by {final[table] - initial[table]} but writing requests account "
                                f"for {summed[table]}")
        accepted = sum(1 for r in records if r["status"] < 300)
        rejected = sum(1 for r in records if r["status"] >= 400)
        print(f"fuzz: {len(records)} writing requests ({accepted} accepted, {rejected} rejected, none of the rejected "
              f"wrote a row: {not any(r['status'] >= 400 and r['delta'] for r in records)}); dossiers "
              f"{initial['dossier']}→{final['dossier']}, case events {initial['case_event']}→{final['case_event']}",
              flush=True)
    except Exception as error:  # noqa: BLE001 - reported as the suite's failure
        failures.append(f"{type(error).__name__}: {error}")
    finally:
        server.stop()
        secrets = {f"token of {n}": t for n, t in locals().get("tokens", {}).items()}
        secrets["password"] = PASSWORD
        for path, name in harness.grep_secrets(server.logs + [os.path.join(out, f) for f in os.listdir(out)
                                                            if f.startswith("schemathesis-")], secrets):
            if "schemathesis-" in path and name.startswith("token"):
                continue  # schemathesis prints the header it was given on a failure; only the server log counts
            failures.append(f"secret leaked: {name} in {path}")
        server.cleanup()
    for failure in failures:
        print("fuzz: FAIL " + failure, file=sys.stderr)
    if total < args.min_cases:
        failures.append(f"only {total} cases generated (< {args.min_cases})")
        print(f"fuzz: FAIL only {total} cases generated (< {args.min_cases})", file=sys.stderr)
    print(f"fuzz: {total} cases, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
