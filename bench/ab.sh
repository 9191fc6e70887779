#!/usr/bin/env bash
# Two builds of AuthBridge side by side, paired: CPU time per request of each on every path of bench_paths
# (lib.sh: the public route and each UpstreamAuth mode and credential form), with cached tokens. Both gateways run pinned to CPU $GW_CPU (idle while the
# other is measured), wrk and the nginx upstream on CPU $LOAD_CPU; rounds alternate between the two, so a
# neighbour's load on this machine falls on both. CPU per request is the gateway process's user + system
# time (/proc/<pid>/stat) over the run divided by the requests wrk completed: steadier than requests/s on a
# shared VM. Only 127.0.0.1 is targeted and every wrk run is bounded (-d).
#
#   bench/ab.sh OLD.jar NEW.jar                 # 60 s warm-up per path and build, 3 rounds of 10 s
#   WARMUP=90s ROUNDS=5 bench/ab.sh a.jar b.jar
#   B_ARGS="--management.opentelemetry.tracing.export.otlp.endpoint=http://127.0.0.1:4318/v1/traces" \
#     bench/ab.sh a.jar a.jar                  # one build, B with extra arguments (A_ARGS likewise)
#
# To get two builds: `git stash; ./mvnw -q -DskipTests package; cp target/authbridge.jar /tmp/old.jar; git stash pop`.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

[ $# -eq 2 ] || { echo "usage: bench/ab.sh A.jar B.jar" >&2; exit 2; }
jars=("$(realpath "$1")" "$(realpath "$2")")
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-60s}
ROUNDS=${ROUNDS:-3}
CONNECTIONS=${CONNECTIONS:-32}
GW_CPU=${GW_CPU:-0}
LOAD_CPU=${LOAD_CPU:-1}
JAVA_OPTS=${JAVA_OPTS:--Xms512m -Xmx512m}

load_tools

scratch_dir
start_upstream

bearer_token=$(random_token)
basic_token=$(random_token)
ports=()
gateway_pids=()

# start NAME JAR: one store per build (migrated and bootstrapped by a first start), the same two tokens in each
start() {
  local name=$1 jar=$2 port
  port=$(free_port)
  mkdir -p "$work/$name"
  authbridge_args "$work/$name" "$upstream" "$port"
  seed_store "$jar" "$work/$name" "$port" "$bearer_token" "$basic_token"
  local extra=${A_ARGS:-}
  [ "$name" = b ] && extra=${B_ARGS:-}
  # shellcheck disable=SC2086 # extra arguments split on spaces
  taskset -c "$GW_CPU" java $JAVA_OPTS -jar "$jar" "${ARGS[@]}" $extra >"$work/$name/gateway.log" 2>&1 &
  gateway_pids+=($!)
  pids+=($!)
  ports+=("$port")
  wait_http "http://127.0.0.1:$management_port/actuator/health" "${START_TIMEOUT:-300}" || { tail -40 "$work/$name/gateway.log"; exit 1; }
}
start a "${jars[0]}"
start b "${jars[1]}"

# load INDEX LABEL PATH [HEADER] [DURATION]: prints requests/s and CPU microseconds per request
load() {
  local i=$1 label=$2 path=$3 header=${4:-} duration=${5:-$DURATION} pid=${gateway_pids[$1]} before after out
  before=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  out=$(taskset -c "$LOAD_CPU" wrk -t1 -c"$CONNECTIONS" --timeout 5s ${header:+-H "$header"} -d "$duration" \
    "http://127.0.0.1:${ports[$i]}$path")
  after=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  if grep -q 'Non-2xx' <<<"$out"; then
    echo "build $i $label: some responses were not 2xx" >&2
    exit 1
  fi
  awk -v name="$([ "$i" = 0 ] && echo A || echo B)" -v label="$label" -v ticks=$((after - before)) \
    -v hz="$(getconf CLK_TCK)" '
    /requests in/ { requests = $1 } /Requests\/sec/ { rps = $2 }
    END { printf "%s %-16s %9.0f req/s %8.1f us/req\n", name, label, rps, ticks * 1e6 / hz / requests }' <<<"$out"
}

each_path() { # INDEX DURATION
  local name
  bench_paths "$(cat "$work/$([ "$1" = 0 ] && echo a || echo b)/project")" "$bearer_token" "$basic_token"
  for name in "${BENCH_PATHS[@]}"; do
    load "$1" "$name" "${BENCH_URL[$name]}" "${BENCH_HEADER[$name]}" "$2"
  done
}

echo "A: ${jars[0]}"
echo "B: ${jars[1]}"
echo "gateways on CPU $GW_CPU, wrk and upstream on CPU $LOAD_CPU; $WARMUP warm-up per path, $ROUNDS rounds of $DURATION"
for i in 0 1; do each_path "$i" "$WARMUP" >/dev/null; done
for round in $(seq 1 "$ROUNDS"); do
  for i in 0 1; do each_path "$i" "$DURATION"; done
done
