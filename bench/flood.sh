#!/usr/bin/env bash
# Store reads under hostile load, against AuthBridge on CPU $GW_CPU (wrk and the upstream on $LOAD_CPU):
#  1. cold token: 1,000 connections send their first request with one token that was never used;
#  2. flood: FLOOD (default 100,000) random unknown Bearer tokens, while valid cached-Bearer traffic runs;
#     prints the valid traffic's requests/s during the flood against its throughput alone.
# Store reads are the token cache's misses (/actuator/prometheus, cache_gets_total{result="miss"}).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-90s}  # on one pinned core the JIT needs ~80 s: a shorter warm-up measures the compiler
CONNECTIONS=${CONNECTIONS:-32}
FLOOD=${FLOOD:-100000}
FLOOD_CONNECTIONS=${FLOOD_CONNECTIONS:-32}
GW_CPU=${GW_CPU:-0}
LOAD_CPU=${LOAD_CPU:-1}
JAVA_OPTS=${JAVA_OPTS:--Xms512m -Xmx512m}
MVN_FLAGS=${MVN_FLAGS:--B -q}
# extra gateway arguments, e.g. GATEWAY_ARGS=--authbridge.authentication.failure-limit.penalty=0
GATEWAY_ARGS=${GATEWAY_ARGS:-}

load_tools
[ -f target/authbridge.jar ] || ./mvnw $MVN_FLAGS -DskipTests package
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true  # 1,000 connections need more than 1,024 descriptors

valid=$(random_token); cold=$(random_token)
bench_gateway target/authbridge.jar "$valid" "$cold"
# shellcheck disable=SC2086  # GATEWAY_ARGS holds several arguments
taskset -c "$GW_CPU" java $JAVA_OPTS -jar target/authbridge.jar "${ARGS[@]}" $GATEWAY_ARGS >"$work/authbridge.log" 2>&1 &
gateway_pid=$!
pids+=($gateway_pid)
wait_http "http://127.0.0.1:$management_port/actuator/health" 120 || { tail -40 "$work/authbridge.log"; exit 1; }
gw="http://127.0.0.1:$port"
url="$gw/api/v2/bench"

wrk_rps() { awk '/Requests\/sec/ {print $2}' "$1"; }

# 1. cold token: warm the JIT with the valid token, then 1,000 simultaneous first requests with the cold one
taskset -c "$LOAD_CPU" wrk -t1 -c"$CONNECTIONS" -d"$WARMUP" -H "Authorization: Bearer $valid" "$url" >/dev/null
before=$(store_reads "http://127.0.0.1:$management_port")
taskset -c "$LOAD_CPU" wrk -t1 -c1000 -d3s --timeout 5s -H "Authorization: Bearer $cold" "$url" >"$work/cold.wrk"
after=$(store_reads "http://127.0.0.1:$management_port")
echo "cold token: $(awk '/requests in/ {print $1}' "$work/cold.wrk") requests on 1000 connections -> $((after - before)) store read(s)"

# 2. valid traffic alone, then with the flood
taskset -c "$LOAD_CPU" wrk -t1 -c"$CONNECTIONS" -d"$DURATION" -H "Authorization: Bearer $valid" "$url" >"$work/alone.wrk"
before=$(store_reads "http://127.0.0.1:$management_port")
taskset -c "$LOAD_CPU" wrk -t1 -c"$FLOOD_CONNECTIONS" -d60s --timeout 5s -s bench/flood.lua "$url" -- "$FLOOD" >"$work/flood.wrk" &
flood_pid=$!
pids+=($flood_pid)
taskset -c "$LOAD_CPU" wrk -t1 -c"$CONNECTIONS" -d"$DURATION" -H "Authorization: Bearer $valid" "$url" >"$work/during.wrk"
wait "$flood_pid" || true
after=$(store_reads "http://127.0.0.1:$management_port")
alone=$(wrk_rps "$work/alone.wrk"); during=$(wrk_rps "$work/during.wrk")
echo "flood: $(awk '/requests in/ {print $1, "requests in", $4}' "$work/flood.wrk") with random tokens (limit $FLOOD) -> $((after - before)) store reads; $(awk '/Non-2xx/ {print $5, "answered non-2xx (401)"}' "$work/flood.wrk")"
echo "valid cached Bearer: $alone req/s alone, $during req/s during the flood (ratio $(awk -v a="$alone" -v d="$during" 'BEGIN {printf "%.3f", d / a}'))"
grep -h 'Non-2xx' "$work/during.wrk" && echo "valid traffic got non-2xx answers during the flood" || true
