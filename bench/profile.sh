#!/usr/bin/env bash
# Where a request's CPU goes: AuthBridge pinned to CPU $GW_CPU (wrk and the upstream on $LOAD_CPU) with
# async-profiler (fetched from Maven Central by Maven), each path warmed, then ROUNDS rounds that profile every
# path of bench_paths (lib.sh: the public route and each UpstreamAuth mode and credential form, cached tokens;
# PATHS="public bearer-to-basic" for fewer) for DURATION seconds each. Writes collapsed stacks and the request
# counts to target/bench/profile/, then prints the frames that cost each path's request more than a public
# one, in samples per 1,000 requests (bench/profile-diff.py), and (BARE=1, the default) what the public route costs
# more than the bare Spring Cloud Gateway of run.sh, profiled the same way. Only 127.0.0.1 is targeted.
#
#   bench/profile.sh                                   # 60 s warm-up per path, 2 rounds of 20 s, every 100 us
#   INTERVAL=1ms DURATION=30 bench/profile.sh
#   bench/profile-diff.py target/bench/profile public bearer --frames TokenHasher IdentityHeaders
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

WARMUP=${WARMUP:-60s}
DURATION=${DURATION:-20}
DURATION=${DURATION%s}  # seconds, with or without the unit run.sh's DURATION takes
ROUNDS=${ROUNDS:-2}
INTERVAL=${INTERVAL:-100us}
CONNECTIONS=${CONNECTIONS:-32}
GW_CPU=${GW_CPU:-0}
LOAD_CPU=${LOAD_CPU:-1}
JAVA_OPTS=${JAVA_OPTS:--Xms512m -Xmx512m}
MVN_FLAGS=${MVN_FLAGS:--B -q}
PROFILER_VERSION=4.2
out=target/bench/profile

load_tools
[ -f target/authbridge.jar ] || ./mvnw $MVN_FLAGS -DskipTests package
profiler_jar=target/bench/async-profiler-$PROFILER_VERSION-linux-x64.jar
if [ ! -f "$profiler_jar" ]; then
  ./mvnw $MVN_FLAGS dependency:copy -Dartifact=tools.profiler:async-profiler:$PROFILER_VERSION:jar:linux-x64 \
    -DoutputDirectory=target/bench
fi
rm -rf "$out" && mkdir -p "$out"
unzip -q -o -j "$profiler_jar" 'linux-x64/libasyncProfiler.so' -d "$out"
agent=$(realpath "$out/libasyncProfiler.so")

bearer=$(random_token); basic=$(random_token)
bench_gateway target/authbridge.jar "$bearer" "$basic"
# DebugNonSafepoints: frames attributed to the line running, not to the next safepoint
taskset -c "$GW_CPU" java $JAVA_OPTS -XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints \
  -jar target/authbridge.jar "${ARGS[@]}" >"$work/gateway.log" 2>&1 &
gateway=$!
pids+=($gateway)
wait_http "http://127.0.0.1:$management_port/actuator/health" 300 || { tail -40 "$work/gateway.log"; exit 1; }

bench_paths "$(cat "$work/project")" "$bearer" "$basic"
read -r -a labels <<<"${PATHS:-${BENCH_PATHS[*]}}"
declare -A urls headers target
for label in "${labels[@]}"; do
  urls[$label]="http://127.0.0.1:$port${BENCH_URL[$label]}"; headers[$label]=${BENCH_HEADER[$label]}; target[$label]=$gateway
done
if [ "${BARE:-1}" = 1 ]; then
  # the bare Spring Cloud Gateway of run.sh, on the same CPU and upstream: what AuthBridge's public route costs
  # more than the framework alone (bench/profile-diff.py target/bench/profile bare-scg public)
  [ -f bench/bare-gateway/target/bare-gateway.jar ] || ./mvnw $MVN_FLAGS -f bench/bare-gateway/pom.xml -DskipTests package
  bare_port=$(free_port)
  taskset -c "$GW_CPU" java $JAVA_OPTS -XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints \
    -jar bench/bare-gateway/target/bare-gateway.jar --spring.config.location=classpath:/application.yml \
    --server.port="$bare_port" --server.address=127.0.0.1 --bench.upstream="$upstream" >"$work/bare.log" 2>&1 &
  target[bare-scg]=$!
  pids+=("${target[bare-scg]}")
  wait_http "http://127.0.0.1:$bare_port/bench" 120 || { tail -40 "$work/bare.log"; exit 1; }
  urls[bare-scg]="http://127.0.0.1:$bare_port/bench"; headers[bare-scg]=""
  labels+=(bare-scg)
fi
load() { # LABEL DURATION: a wrk run; fails when any answer was not 2xx (that would profile the error path)
  local out
  out=$(taskset -c "$LOAD_CPU" wrk -t1 -c"$CONNECTIONS" --timeout 5s ${headers[$1]:+-H "${headers[$1]}"} -d "$2" \
    "${urls[$1]}")
  if grep -q 'Non-2xx' <<<"$out"; then
    echo "$1: some responses were not 2xx" >&2
    return 1
  fi
  echo "$out"
}
# the agent, loaded into the running JVM of a path (LABEL OPTIONS), takes its options as one quoted argument
profiler() { jcmd "${target[$1]}" JVMTI.agent_load "$agent" "\"$2\"" >/dev/null; }

for label in "${labels[@]}"; do
  check_200 "$label" "${urls[$label]}" "${headers[$label]}"
  load "$label" "$WARMUP" >/dev/null
done
for round in $(seq 1 "$ROUNDS"); do
  for label in "${labels[@]}"; do
    profiler "$label" "start,event=cpu,interval=$INTERVAL"
    requests=$(load "$label" "${DURATION}s" | awk '/requests in/ {print $1}') || exit 1
    profiler "$label" "stop,file=$(realpath "$out")/$label.$round.collapsed,collapsed"
    echo "$label $round $requests" | tee -a "$out/requests"
  done
done
for label in "${labels[@]}"; do
  case $label in
    public) ;;
    bare-scg) python3 bench/profile-diff.py "$out" bare-scg public ;;
    *) python3 bench/profile-diff.py "$out" public "$label" ;;
  esac
done
