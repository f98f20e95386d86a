"""Schemathesis hooks of the fuzz suite (loaded through SCHEMATHESIS_HOOKS).

- A serializer for `application/x-ndjson` (the case-log import): a generated string is sent as is.
- "No write from a rejected request": around every writing request (POST, PUT, PATCH, DELETE) the row counts of every
  table a request can change are read with `psql` (as the cluster's superuser, over its Unix socket) before and after
  the call; one JSON line per request goes to $FUZZ_LEDGER (method, path, status, the non-zero deltas). The runner
  fails the suite when a response >= 400 came with a delta, and reconciles the totals at the end. Schemathesis must
  run with one worker (-w 1) so that the deltas belong to the request."""

import json
import os
import subprocess

import schemathesis

TABLES = ["dossier", "dossier_counter", "case_event", "idempotency_key", "agency", "locality", "procedure_version",
          "calendar_day", "manual_score", "app_user", "api_token"]
WRITES = {"POST", "PUT", "PATCH", "DELETE"}
_before = {}


@schemathesis.serializer("application/x-ndjson")
def ndjson(ctx, value):
    if isinstance(value, bytes):
        return {"data": value}
    if isinstance(value, str):
        return {"data": value.encode("utf-8", "surrogatepass")}
    return {"data": json.dumps(value).encode()}


_psql = None


def counts() -> dict:
    """One long-lived psql (a process per query would dominate the run time); each answer ends with a marker line."""
    global _psql
    if _psql is None or _psql.poll() is not None:
        command = ["psql", "-X", "-A", "-t", "-q", "-h", os.environ["FUZZ_PG_SOCKET"], "-p", os.environ["FUZZ_PG_PORT"],
                   "-U", "postgres", "-d", "tthc"]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--"] + command
        _psql = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd="/", bufsize=1)
    query = " UNION ALL ".join(f"SELECT '{t}', count(*) FROM {t}" for t in TABLES)
    _psql.stdin.write(query + ";\n\\echo __counts_end__\n")
    _psql.stdin.flush()
    result = {}
    while True:
        line = _psql.stdout.readline()
        if line == "":
            raise RuntimeError("psql ended")
        line = line.strip()
        if line == "__counts_end__":
            break
        if "|" in line:
            name, value = line.split("|", 1)
            result[name] = int(value)
    if set(result) != set(TABLES):
        raise RuntimeError(f"psql answered {result}")
    return result


@schemathesis.hook
def before_call(context, case, kwargs):
    if case.method.upper() in WRITES and os.environ.get("FUZZ_LEDGER"):
        _before[id(case)] = counts()


@schemathesis.hook
def after_call(context, case, response):
    before = _before.pop(id(case), None)
    if before is None:
        return
    after = counts()
    delta = {table: after[table] - before[table] for table in TABLES if after[table] != before[table]}
    record = {"method": case.method.upper(), "path": case.path, "status": response.status_code, "delta": delta}
    with open(os.environ["FUZZ_LEDGER"], "a") as ledger:
        ledger.write(json.dumps(record) + "\n")
