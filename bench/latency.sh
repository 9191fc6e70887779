#!/usr/bin/env bash
# Latency at a fixed request rate, every path of bench_paths (lib.sh) at once: AuthBridge pinned to CPU $GW_CPU,
# the nginx upstream and Gatling on CPU $LOAD_CPU. The public route's maximum is measured first (wrk, best of
# ROUNDS after WARMUP), then Gatling's open model sends half of it (RATE overrides) spread over the paths for
# SECONDS, and prints each path's p50 / p99 and what it adds over the public route. Gatling measures whole
# milliseconds. Only 127.0.0.1 is targeted; every run is bounded.
#
#   bench/latency.sh                        # 60 s warm-up, 3 rounds of 5 s for the maximum, 60 s at half of it
#   RATE=3000 SECONDS_AT_RATE=30 bench/latency.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

WARMUP=${WARMUP:-60s}
ROUNDS=${ROUNDS:-3}
CONNECTIONS=${CONNECTIONS:-32}
SECONDS_AT_RATE=${SECONDS_AT_RATE:-60}
GW_CPU=${GW_CPU:-0}
LOAD_CPU=${LOAD_CPU:-1}
JAVA_OPTS=${JAVA_OPTS:--Xms512m -Xmx512m}
MVN_FLAGS=${MVN_FLAGS:--B -q}

load_tools
[ -f target/authbridge.jar ] || ./mvnw $MVN_FLAGS -DskipTests package
./mvnw $MVN_FLAGS -o test-compile

bearer=$(random_token); basic=$(random_token)
bench_gateway target/authbridge.jar "$bearer" "$basic"
bench_paths "$(cat "$work/project")" "$bearer" "$basic"
taskset -c "$GW_CPU" java $JAVA_OPTS -jar target/authbridge.jar "${ARGS[@]}" >"$work/gateway.log" 2>&1 &
pids+=($!)
gw="http://127.0.0.1:$port"
wait_http "$gw/public/ready" 300 || { tail -40 "$work/gateway.log"; exit 1; }

for name in "${BENCH_PATHS[@]}"; do
  check_200 "$name" "$gw${BENCH_URL[$name]}" "${BENCH_HEADER[$name]}"
  taskset -c "$LOAD_CPU" wrk -t1 -c"$CONNECTIONS" --timeout 5s ${BENCH_HEADER[$name]:+-H "${BENCH_HEADER[$name]}"} \
    -d "$WARMUP" "$gw${BENCH_URL[$name]}" >/dev/null
done
if [ -z "${RATE:-}" ]; then
  best=0
  for round in $(seq 1 "$ROUNDS"); do
    rps=$(taskset -c "$LOAD_CPU" wrk -t1 -c"$CONNECTIONS" --timeout 5s -d 5s "$gw/public/bench" | awk '/Requests\/sec/ {printf "%d", $2}')
    echo "public route, round $round: $rps req/s"
    [ "$rps" -gt "$best" ] && best=$rps
  done
  RATE=$((best / 2))
fi
latency_run "$gw" "$RATE" "$SECONDS_AT_RATE"
