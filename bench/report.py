#!/usr/bin/env python3
"""Turns bench/out/measurements.tsv and environment.tsv into the Markdown of bench/results.md."""
import statistics
import sys
from collections import defaultdict

out, runs, duration, hot_duration, connections = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
values = defaultdict(list)
for line in open(f"{out}/measurements.tsv", encoding="utf-8"):
    name, run, value = line.rstrip("\n").split("\t")
    values[name].append(value)
environment = dict(line.rstrip("\n").split("\t", 1) for line in open(f"{out}/environment.tsv", encoding="utf-8"))


def numbers(name):
    return [float(v) for v in values.get(name, []) if v not in ("", None)]


def median(name):
    xs = numbers(name)
    return statistics.median(xs) if xs else float("nan")


def fmt(x, digits):
    return f"{x:,.{digits}f}" if x == x else "–"


def cell(name, digits=1):
    xs = numbers(name)
    if not xs:
        return "–"
    if len(xs) == 1:
        return fmt(xs[0], digits)
    return f"{fmt(statistics.median(xs), digits)} ({fmt(min(xs), digits)}–{fmt(max(xs), digits)})"


def ratio(a, b):
    return f"{median(a) / median(b):.2f}×" if median(b) else "–"


rows = []
def row(what, service, postgres, ratio_text, target):
    rows.append(f"| {what} | {service} | {postgres} | {ratio_text} | {target} |")


for case, title, target in (("register", f"Registration, 20 agencies, {connections} connections, {duration} s", "≥ 0.7×, p99 ≤ 25 ms"),
                            ("hot", f"Registration, one agency and day (one counter row), {connections} connections, {hot_duration} s", "–"),
                            ("lookup", f"Public lookup over {int(median('dataset.generated_dossiers')):,} dossiers, {connections} connections, {duration} s", "≥ 0.5×")):
    s, p = f"{case}.service", f"{case}.pgbench"
    row(f"{title}: requests/s", cell(f"{s}.rps", 0), cell(f"{p}.rps", 0), ratio(f"{s}.rps", f"{p}.rps"), target)
    row("  latency p50 (ms)", cell(f"{s}.p50_ms", 2), cell(f"{p}.p50_ms", 2), "", "")
    row("  latency p99 (ms)", cell(f"{s}.p99_ms", 2), cell(f"{p}.p99_ms", 2), "", "p99 ≤ 25 ms" if case == "register" else "")
    row("  errors (non-2xx / failed transactions)", cell(f"{s}.non2xx", 0), cell(f"{p}.failed", 0), "", "0")

events = median("dataset.events")
row(f"Metrics, full rebuild of {int(events):,} events (s)", cell("worker.rebuild.seconds", 2), cell("sql.aggregates.seconds", 2),
    ratio("worker.rebuild.seconds", "sql.aggregates.seconds"), "≤ 2×")
row("  events per second", fmt(events / median("worker.rebuild.seconds"), 0), fmt(events / median("sql.aggregates.seconds"), 0), "", "")
catchup_events = median("worker.catchup.events")
row(f"Metrics, catch-up after {int(catchup_events):,} new events (s)", cell("worker.catchup.seconds", 2), "", 
    f"{100 * median('worker.catchup.seconds') / median('worker.rebuild.seconds'):.2f} % of the rebuild", "≤ 2 % of the rebuild")
row("  events per second", fmt(catchup_events / median("worker.catchup.seconds"), 0), "", "", "")
row("Peak RSS of `tthc serve` under the registration and lookup load (MiB)", cell("serve.rss_mib", 0), "", "", "≤ 150 MiB")
row("Peak RSS of `tthc worker --rebuild` (MiB)", cell("worker.rebuild.rss_mib", 0), "", "", "≤ 256 MiB")
row("Start-up, `tthc serve` until `/ready` (s)", cell("startup.seconds", 3), "", "", "≤ 3 s")

generated = f" in {fmt(median('generate.seconds'), 0)} s" if numbers("generate.seconds") else ", reused from an earlier run"
compare = values.get("compare.line", ["–"])[0].strip('"')
settings = ", ".join(f"`{k.split('.', 1)[1]}={v}`" for k, v in environment.items() if k.startswith("setting."))
print(f"""# Benchmark results

Written by `bench/run` ({environment.get('date')}). Every figure is the median of {runs} runs, with the smallest and the
largest in parentheses; ratios are of medians. Targets are recorded, never asserted. How each figure is measured:
[bench/README.md](README.md).

| | |
|---|---|
| machine | {environment.get('cpu')}, {environment.get('cores')} cores, {environment.get('memory')} RAM, Linux {environment.get('kernel')} |
| software | {environment.get('swift')}; PostgreSQL {environment.get('postgres')}; {environment.get('wrk')}; {environment.get('pgbench')}; {environment.get('tthc')} |
| data | generated province ({environment.get('dataset')}, `tthc-bench generate`{generated}): {int(median('dataset.generated_dossiers')):,} dossiers, {int(median('dataset.generated_events')):,} events; with the service benchmarks' registrations, at the worker benchmarks: {int(median('dataset.dossiers')):,} dossiers, {int(events):,} events, {fmt(median('dataset.size_mb'), 0)} MB |
| PostgreSQL settings | {settings} |
| service | `tthc serve --no-worker`, release build, pool of {connections} connections, as role `tthc_app`; wrk and pgbench with {connections} connections and 2 threads on the same machine |

| benchmark | service | PostgreSQL alone (pgbench / SQL) | ratio | target |
|---|---|---|---|---|
""" + "\n".join(rows) + f"""

Metrics computed by the worker and by the SQL aggregates (`bench/sql/`), compared row for row: **{compare}**.
""")
