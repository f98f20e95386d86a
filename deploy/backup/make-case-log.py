#!/usr/bin/env python3
"""Writes a deterministic case log (format v1, docs/case-log.md) for backup and restore checks.

    make-case-log.py base    > base.jsonl    # reference data and DOSSIERS dossiers received in 2025, with events
    make-case-log.py more    > more.jsonl    # later events on the open dossiers of `base`, and a few new dossiers

Every dossier follows the state machine (received → processing → supplement? → result → returned, or refused,
withdrawn, stopped, apologized) with times that only move forward. Standard library only.
"""

import json
import os
import random
import sys
from datetime import datetime, timedelta, timezone

VN = timezone(timedelta(hours=7))
AGENCIES = [
    {"code": "BDT", "name": "Ban Dân tộc tỉnh", "identifier": "000.00.13.H36"},
    {"code": "SNV", "name": "Sở Nội vụ tỉnh", "identifier": "000.00.12.H36"},
]
COMPONENTS = [{"code": "TP1", "name": "Đơn đề nghị"}, {"code": "TP2", "name": "Văn bản của Ủy ban nhân dân cấp xã"}]
PROCEDURES = [
    {"code": "1.012222", "name": "Công nhận người có uy tín trong đồng bào dân tộc thiểu số", "agency": "BDT",
     "valid_from": "2018-06-08", "time_limit": {"value": 15, "unit": "working_days"}, "online": "partial",
     "postal": True, "written_result": True, "fee": 0},
    {"code": "1.012222", "name": "Công nhận người có uy tín trong đồng bào dân tộc thiểu số", "agency": "BDT",
     "valid_from": "2024-01-01", "time_limit": {"value": 25, "unit": "working_days"}, "online": "full",
     "postal": True, "written_result": True, "fee": 0},
    {"code": "1.005384", "name": "Thi tuyển công chức", "agency": "SNV", "valid_from": "2020-08-01",
     "time_limit": {"value": 30, "unit": "days"}, "online": "partial", "postal": True, "written_result": True,
     "fee": 500000},
]
# CASE_LOG_DOSSIERS: how many dossiers `base` receives (default 400); `more` must be made with the same value.
DOSSIERS = int(os.environ.get("CASE_LOG_DOSSIERS", "400"))


def stamp(moment: datetime) -> str:
    return moment.astimezone(VN).isoformat(timespec="seconds")


def line(record: dict) -> str:
    return json.dumps({"v": 1, **record}, ensure_ascii=False, separators=(",", ":"))


def dossiers(rng: random.Random):
    """(code, agency, procedure, received moment) of every dossier of `base`, in receipt order."""
    counters = {}
    result = []
    start = datetime(2025, 1, 6, 8, 0, tzinfo=VN)
    for n in range(DOSSIERS):
        agency = AGENCIES[n % 2]
        procedure = "1.012222" if agency["code"] == "BDT" else "1.005384"
        received = start + timedelta(days=n * 330 // DOSSIERS, hours=rng.randrange(0, 8), minutes=rng.randrange(0, 60))
        day = received.strftime("%y%m%d")
        counters[(agency["code"], day)] = counters.get((agency["code"], day), 0) + 1
        code = f"{agency['identifier']}-{day}-{counters[(agency['code'], day)]:04d}"
        result.append((code, agency["code"], procedure, received))
    return result


def base() -> None:
    rng = random.Random(20251)
    for agency in AGENCIES:
        print(line({"type": "agency", **agency}))
    for procedure in PROCEDURES:
        print(line({"type": "procedure", **procedure, "components": COMPONENTS}))
    for index, (code, agency, procedure, received) in enumerate(dossiers(rng)):
        channel = rng.choice(["direct", "online", "online", "postal"])
        components = [{"code": c["code"], "digitized": rng.random() < 0.7, "reused": rng.random() < 0.2} for c in COMPONENTS]
        event = {"type": "received", "dossier": code, "at": stamp(received), "actor": "clerk", "agency": agency,
                 "procedure": procedure, "channel": channel,
                 "applicant": {"name": f"Nguyễn Văn Thử {index}", "kind": "person"}, "components": components}
        print(line(event))
        at = received
        def step(kind, hours, **fields):
            nonlocal at
            at = at + timedelta(hours=hours)
            print(line({"type": kind, "dossier": code, "at": stamp(at), **fields}))
        fate = rng.random()
        if index % 10 == 9:
            continue  # left open: `more` carries it on
        if fate < 0.05:
            step("refused", 2, reason="Hồ sơ không thuộc thẩm quyền")
            continue
        step("processing_started", rng.randrange(1, 30))
        if rng.random() < 0.2:
            step("supplement_requested", rng.randrange(24, 96), reason="Thiếu văn bản")
            step("supplement_received", rng.randrange(24, 200))
        if fate < 0.10:
            step("withdrawn", rng.randrange(24, 100), reason="Người nộp rút hồ sơ")
            continue
        if fate < 0.13:
            step("stopped", rng.randrange(24, 100), reason="Dừng xử lý theo yêu cầu")
            continue
        if rng.random() < 0.1:
            step("apologized", rng.randrange(24, 100), reason="Cần thêm thời gian thẩm định",
                 new_due=stamp(at + timedelta(days=20)))
        step("result_ready", rng.randrange(24, 24 * 40), electronic=rng.random() < 0.6)
        if rng.random() < 0.8:
            step("returned", rng.randrange(2, 72), channel=rng.choice(["direct", "postal", "online"]))


def more() -> None:
    rng = random.Random(20252)
    for index, (code, agency, procedure, received) in enumerate(dossiers(random.Random(20251))):
        if index % 10 != 9:
            continue
        at = max(received, datetime(2025, 12, 1, 9, 0, tzinfo=VN))
        for kind, fields in (("processing_started", {}), ("result_ready", {"electronic": rng.random() < 0.5})):
            at += timedelta(hours=rng.randrange(2, 48))
            print(line({"type": kind, "dossier": code, "at": stamp(at), **fields}))
    for n in range(20):
        agency = AGENCIES[n % 2]
        received = datetime(2026, 1, 5, 8, 30, tzinfo=VN) + timedelta(days=n)
        code = f"{agency['identifier']}-{received.strftime('%y%m%d')}-0001"
        print(line({"type": "received", "dossier": code, "at": stamp(received), "agency": agency["code"],
                    "procedure": "1.012222" if agency["code"] == "BDT" else "1.005384", "channel": "online",
                    "applicant": {"name": f"Trần Thị Mới {n}", "kind": "person"},
                    "components": [{"code": "TP1", "digitized": True, "reused": False}]}))


if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] not in ("base", "more"):
        sys.exit("usage: make-case-log.py base|more")
    base() if sys.argv[1] == "base" else more()
