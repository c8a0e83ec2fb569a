#!/usr/bin/env python3
"""Medians of the key=value lines written by ingest.sh, one row per mode/receiver, and the
ratios the benchmark page quotes. Usage: medians.py RESULTS"""
import statistics
import sys

rows = {}
for line in open(sys.argv[1]):
    if "=" not in line or line.startswith("load"):
        continue
    kv = dict(p.split("=", 1) for p in line.split())
    key = ("C " if "receiver" not in kv else "pgstat4j ") + kv["mode"] + (" " + kv["receiver"] if "receiver" in kv else "")
    rows.setdefault(key, []).append(kv)


def med(key, field):
    vals = [float(r[field]) for r in rows.get(key, []) if field in r]
    return statistics.median(vals) if vals else float("nan")


fields = ["rate_per_s", "cpu_us_per_dgram", "recv_cpu_us_per_dgram", "drain_cpu_us_per_dgram", "lost"]
print("| run | n | " + " | ".join(fields) + " |")
print("|---|---|" + "---|" * len(fields))
for key in sorted(rows):
    print("| %s | %d | %s |" % (key, len(rows[key]), " | ".join(
        "%.3f" % med(key, f) if f.endswith("dgram") else "%.0f" % med(key, f) for f in fields)))

ours = med("pgstat4j phased batched", "cpu_us_per_dgram")
print()
print("receive+validate+apply capacity (1e6 / CPU µs): %.0f datagrams/s" % (1e6 / ours))
print("  vs C send/recv loop (1e6 / loop CPU µs %.3f): %.2fx" % (
    med("C sendrecv", "cpu_us_per_dgram"), med("C sendrecv", "cpu_us_per_dgram") / ours))
print("  vs C send/recv loop, wall rate %.0f/s: pgstat4j flood wall rate %.0f/s = %.2fx" % (
    med("C sendrecv", "rate_per_s"), med("pgstat4j flood-fast batched", "rate_per_s"),
    med("pgstat4j flood-fast batched", "rate_per_s") / med("C sendrecv", "rate_per_s")))
print("  CPU per datagram vs C recvmmsg receive-only (%.3f µs): %.2fx" % (
    med("C recvmmsg", "recv_cpu_us_per_dgram"), ours / med("C recvmmsg", "recv_cpu_us_per_dgram")))
print("  CPU per datagram vs pgstat4j single receive (%.3f µs): %.2fx" % (
    med("pgstat4j phased single", "cpu_us_per_dgram"), ours / med("pgstat4j phased single", "cpu_us_per_dgram")))

# ratios within each repeat (the lines of one repeat follow each other: C loops, then pgstat4j)
pairs = []
c_loop = c_mmsg = None
for line in open(sys.argv[1]):
    if "=" not in line or line.startswith("load"):
        continue
    kv = dict(p.split("=", 1) for p in line.split())
    if "receiver" not in kv and kv["mode"] == "sendrecv":
        c_loop = float(kv["cpu_us_per_dgram"])
    elif "receiver" not in kv and kv["mode"] == "recvmmsg":
        c_mmsg = float(kv["recv_cpu_us_per_dgram"])
    elif kv.get("receiver") == "batched" and kv["mode"] == "phased" and c_loop and c_mmsg:
        pairs.append((c_loop / float(kv["cpu_us_per_dgram"]), float(kv["cpu_us_per_dgram"]) / c_mmsg))
if pairs:
    print("per repeat, vs C send/recv loop: %s (median %.2fx)" % (
        " ".join("%.2fx" % a for a, _ in pairs), statistics.median(a for a, _ in pairs)))
    print("per repeat, CPU vs C recvmmsg: %s (median %.2fx)" % (
        " ".join("%.2fx" % b for _, b in pairs), statistics.median(b for _, b in pairs)))
