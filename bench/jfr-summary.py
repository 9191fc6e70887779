#!/usr/bin/env python3
"""Summarises a JFR file of the request path: top CPU frames (jdk.ExecutionSample), allocation by type and
by allocating site (jdk.ObjectAllocationSample, by weight), and what AuthBridge's own frames account for.

    jfr print --json --events jdk.ExecutionSample,jdk.ObjectAllocationSample FILE.jfr | bench/jfr-summary.py
"""
import collections
import json
import sys

def frames(event):
    stack = event["values"].get("stackTrace") or {}
    for frame in stack.get("frames", []):
        method = frame["method"]
        yield method["type"]["name"] + "." + method["name"] + ":" + str(frame.get("lineNumber", "?"))

def first(event, prefixes):
    for f in frames(event):
        if f.startswith(prefixes):
            return f
    return None

data = json.load(sys.stdin)
events = data["recording"]["events"]
cpu = [e for e in events if e["type"] == "jdk.ExecutionSample"]
alloc = [e for e in events if e["type"] == "jdk.ObjectAllocationSample"]

def show(title, counter, total, unit, n=15):
    print(f"\n== {title} (total {total:,} {unit})")
    for key, value in counter.most_common(n):
        print(f"  {100.0 * value / max(total, 1):5.1f}%  {key}")

top = collections.Counter(next(iter(frames(e)), "?") for e in cpu)
show("CPU: top frame", top, len(cpu), "samples")
own = collections.Counter(first(e, ("io.authbridge.",)) or "(no AuthBridge frame)" for e in cpu)
show("CPU: innermost AuthBridge frame on the stack", own, len(cpu), "samples", 12)
inclusive = collections.Counter()
for e in cpu:
    seen = set()
    for f in frames(e):
        name = f.rsplit(":", 1)[0]
        if name not in seen:
            seen.add(name)
            inclusive[name] += 1
show("CPU: inclusive (method anywhere on the stack)", collections.Counter(
    {k: v for k, v in inclusive.items() if k.startswith(("io.authbridge.", "org.springframework.cloud.gateway.filter",
                                                          "org.springframework.http.", "reactor.netty.http"))}),
     len(cpu), "samples", 25)

weight = lambda e: int(e["values"].get("weight", 0))
total = sum(weight(e) for e in alloc)
by_type = collections.Counter()
by_site = collections.Counter()
by_own = collections.Counter()
for e in alloc:
    by_type[e["values"]["objectClass"]["name"]] += weight(e)
    by_site[next(iter(frames(e)), "?")] += weight(e)
    by_own[first(e, ("io.authbridge.",)) or "(no AuthBridge frame)"] += weight(e)
show("Allocation by type", by_type, total, "bytes sampled weight")
show("Allocation by top frame", by_site, total, "bytes sampled weight")
show("Allocation by innermost AuthBridge frame", by_own, total, "bytes sampled weight", 12)
