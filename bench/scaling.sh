#!/usr/bin/env bash
# The measured figures of docs/scaling.md: N AuthBridge instances (in one JVM, each with its own Netty resources) on
# one local PostgreSQL (127.0.0.1:5432, user postgres, database test for the admin connection; a database of its own
# per run), for N = 2, 4 and 8 by default. Prints the SCALING lines of InvalidationScalingTest: PostgreSQL connections
# per instance, store reads per cold token, NOTIFY notices per token change, and the lag until every other instance
# refuses a changed token. Then Redis commands per rate-limited request (SharedRateLimitTest's instances, counted
# with INFO commandstats) when Redis answers on 127.0.0.1:6379.
#
#   bench/scaling.sh            # 2, 4, 8 instances, 20 changes each
#   INSTANCES="2 4" CHANGES=40 bench/scaling.sh
set -euo pipefail
cd "$(dirname "$0")/.."

INSTANCES=${INSTANCES:-2 4 8}
CHANGES=${CHANGES:-20}

for n in $INSTANCES; do
  ./mvnw -B -ntp -o -q test -Dtest=InvalidationScalingTest -Dsurefire.failIfNoSpecifiedTests=false \
    -Dbench.scale.instances="$n" -Dbench.scale.changes="$CHANGES" 2>&1 | grep -E '^SCALING|SKIPPED|FAIL' || true
done

if command -v redis-cli >/dev/null 2>&1 && redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  before=$(redis-cli -h 127.0.0.1 -p 6379 info commandstats | tr -d '\r')
  requests=$(./mvnw -B -ntp -o -q test -Dtest=SharedRateLimitTest -Dsurefire.failIfNoSpecifiedTests=false 2>&1 \
    | grep -c 'authbridge.access : .* route=' || true)
  after=$(redis-cli -h 127.0.0.1 -p 6379 info commandstats | tr -d '\r')
  python3 - "$before" "$after" "$requests" <<'PY'
import sys
def calls(text):
    out = {}
    for line in text.splitlines():
        if line.startswith("cmdstat_"):
            name, rest = line.split(":", 1)
            out[name[8:]] = int(dict(kv.split("=") for kv in rest.split(","))["calls"])
    return out
before, after, requests = calls(sys.argv[1]), calls(sys.argv[2]), int(sys.argv[3])
delta = {k: after.get(k, 0) - before.get(k, 0) for k in after if after.get(k, 0) != before.get(k, 0)}
print("SCALING redis commands during SharedRateLimitTest:", delta, "access lines (requests):", requests)
PY
else
  echo "SKIPPED: Redis is not reachable at 127.0.0.1:6379"
fi
