#!/usr/bin/env python3
"""A small registration load for failover drills: registers dossiers against one or more `tthc serve` replicas.

Every registration has its own Idempotency-Key and is retried with the same key and the same body (on the next
replica, after a short pause) until it is acknowledged with 201, so a clerk's retry after a failover never creates a
second dossier. Each acknowledgement is appended to --acks as a JSON line {"key", "code", "t", "sent", "tries"};
every failed attempt to --errors as {"key", "t", "sent", "status", "error"}.

The load runs until --stop-file exists, --duration seconds have passed or --max registrations were acknowledged; then every registration in flight is
finished (retried until acknowledged, at most --drain seconds). Loopback only: every URL must be on 127.0.0.0/8.

Standard library only (urllib, threading).
"""

import argparse
import ipaddress
import json
import os
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

BODY_TEMPLATE = {
    "procedure": "1.012222",
    "channel": "direct",
    "applicant": {"name": "UBND xã Tân Lập", "kind": "organisation", "phone": "0263 3822 123"},
    "components": [
        {"code": "TP1", "digitized": True, "reused": False},
        {"code": "TP2", "digitized": True, "reused": False},
        {"code": "TP3", "digitized": False, "reused": False},
    ],
}


def loopback_only(url: str) -> None:
    host = urllib.parse.urlsplit(url).hostname or ""
    try:
        if ipaddress.ip_address(host).is_loopback:
            return
    except ValueError:
        if host == "localhost":
            return
    sys.exit(f"register-load: {url} is not a loopback address; this load client only talks to 127.0.0.0/8")


class Recorder:
    def __init__(self, acks_path: str, errors_path: str):
        self.lock = threading.Lock()
        self.acks = open(acks_path, "a", buffering=1)
        self.errors = open(errors_path, "a", buffering=1)
        self.acked = 0
        self.failed = 0

    def ack(self, record: dict) -> None:
        with self.lock:
            self.acks.write(json.dumps(record) + "\n")
            self.acked += 1

    def error(self, record: dict) -> None:
        with self.lock:
            self.errors.write(json.dumps(record) + "\n")
            self.failed += 1


def post(url: str, token: str, key: str, body: bytes, timeout: float):
    request = urllib.request.Request(
        url + "/api/v1/dossiers",
        data=body,
        method="POST",
        headers={
            "Authorization": "Bearer " + token,
            "Content-Type": "application/json",
            "Idempotency-Key": key,
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def client(number: int, args, recorder: Recorder, stop: threading.Event, deadline_drain: list) -> None:
    urls = args.url
    sequence = 0
    turn = number % len(urls)
    while not stop.is_set():
        sequence += 1
        key = f"{args.run}-{number}-{sequence}"
        body = dict(BODY_TEMPLATE)
        body["applicant"] = dict(BODY_TEMPLATE["applicant"], name=f"UBND xã Tân Lập (drill {number}-{sequence})")
        data = json.dumps(body, ensure_ascii=False).encode()
        tries = 0
        while True:
            tries += 1
            url = urls[turn % len(urls)]
            sent = time.time()
            status, detail = None, ""
            try:
                status, payload = post(url, args.token, key, data, args.timeout)
                if status == 201:
                    code = json.loads(payload)["code"]
                    recorder.ack({"key": key, "code": code, "t": time.time(), "sent": sent, "tries": tries})
                    break
                detail = payload[:200].decode("utf-8", "replace")
            except Exception as error:  # connection refused, reset, timeout: retry
                detail = f"{type(error).__name__}: {error}"
            recorder.error({"key": key, "t": time.time(), "sent": sent, "status": status, "error": detail})
            if status is not None and 400 <= status < 500 and status not in (408, 409, 429):
                # A request the server will never accept: a bug in the drill, not an outage.
                print(f"register-load: {url} refused {key} with {status}: {detail}", file=sys.stderr)
                return
            if stop.is_set() and time.time() > deadline_drain[0]:
                print(f"register-load: gave up on {key} after {tries} tries (drain time over)", file=sys.stderr)
                return
            turn += 1
            time.sleep(args.retry_pause)
        turn += 1
        if args.pause > 0:
            time.sleep(args.pause)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", action="append", required=True, help="a replica's base URL (repeat for several)")
    parser.add_argument("--token", required=True, help="a clerk's API token")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients (default 8)")
    parser.add_argument("--duration", type=float, default=120, help="stop after this many seconds (default 120)")
    parser.add_argument("--stop-file", help="stop when this file exists")
    parser.add_argument("--max", type=int, default=0, help="stop after this many acknowledgements (0: no limit)")
    parser.add_argument("--drain", type=float, default=90, help="seconds to finish registrations in flight after stop")
    parser.add_argument("--pause", type=float, default=0.02, help="pause between registrations of one client (s)")
    parser.add_argument("--retry-pause", type=float, default=0.2, help="pause before a retry (s)")
    parser.add_argument("--timeout", type=float, default=10, help="HTTP timeout (s)")
    parser.add_argument("--run", default=f"drill{int(time.time())}", help="prefix of the Idempotency-Keys")
    parser.add_argument("--acks", required=True, help="append acknowledged registrations here (JSON lines)")
    parser.add_argument("--errors", required=True, help="append failed attempts here (JSON lines)")
    args = parser.parse_args()
    for url in args.url:
        loopback_only(url)

    recorder = Recorder(args.acks, args.errors)
    stop = threading.Event()
    drain = [float("inf")]
    threads = [threading.Thread(target=client, args=(n, args, recorder, stop, drain), daemon=True) for n in range(args.clients)]
    started = time.time()
    for thread in threads:
        thread.start()
    while time.time() - started < args.duration and not (args.stop_file and os.path.exists(args.stop_file)) \
            and not (args.max and recorder.acked >= args.max):
        time.sleep(0.1)
    drain[0] = time.time() + args.drain
    stop.set()
    for thread in threads:
        thread.join(timeout=max(0.0, drain[0] - time.time()) + args.timeout + 1)
    elapsed = time.time() - started
    print(
        f"register-load: {recorder.acked} acknowledged, {recorder.failed} failed attempts (retried) "
        f"in {elapsed:.1f} s ({recorder.acked / max(elapsed, 0.001):.0f}/s)",
        file=sys.stderr,
    )
    return 0 if not any(thread.is_alive() for thread in threads) else 1


if __name__ == "__main__":
    sys.exit(main())
