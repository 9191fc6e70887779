#!/usr/bin/env bash
# Throughput, side by side in one run, on this machine: AuthBridge on a public route, with a cached Bearer
# and with a cached Basic credential, a cached Bearer sent upstream as a signed JWT (UpstreamAuth jwt); a bare Spring Cloud Gateway (bench/bare-gateway, same versions, no
# authentication); nginx checking a static credential. Every contender proxies to the same nginx upstream
# answering a fixed 12-byte body. The contender runs on CPU $GW_CPU, wrk and the upstream on CPU $LOAD_CPU.
# Only 127.0.0.1 is targeted and every wrk run is bounded (-d).
#
#   bench/run.sh                      # defaults: 90 s warm-up per path (one pinned core needs ~80 s for
#                                     # the JIT), 5 rounds of 10 s (each after 3 s unmeasured), 32
#                                     # connections; about 13 minutes
#   DURATION=20s CONNECTIONS=64 bench/run.sh
#   JFR=1 bench/run.sh                # also records target/bench/bearer.jfr during the measured cached-Bearer run
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-90s}
ROUNDS=${ROUNDS:-5}
SETTLE=${SETTLE:-3s}
CONNECTIONS=${CONNECTIONS:-32}
GW_CPU=${GW_CPU:-0}
LOAD_CPU=${LOAD_CPU:-1}
JAVA_OPTS=${JAVA_OPTS:--Xms512m -Xmx512m}
MVN_FLAGS=${MVN_FLAGS:--B -q}
JFR=${JFR:-0}
[ "$JFR" = 1 ] && JAVA_OPTS="$JAVA_OPTS -XX:FlightRecorderOptions:stackdepth=512"

load_tools

[ -f target/authbridge.jar ] || ./mvnw $MVN_FLAGS -DskipTests package
[ -f bench/bare-gateway/target/bare-gateway.jar ] || ./mvnw $MVN_FLAGS -f bench/bare-gateway/pom.xml -DskipTests package

scratch_dir
results="$work/results"
: >"$results"

start_upstream
nginx_port=$(free_port); gateway_port=$(free_port); bare_port=$(free_port)
static_token=$(random_token)

# --- nginx: the static-credential contender (gateway CPU); the upstream (load CPU) ---
nginx_conf() { # NAME SERVER_BLOCK
  mkdir -p "$work/$1"
  cat >"$work/$1/nginx.conf" <<NGINX
worker_processes 1;
pid $work/$1/nginx.pid;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $work/$1/body; proxy_temp_path $work/$1/proxy;
  fastcgi_temp_path $work/$1/fastcgi; uwsgi_temp_path $work/$1/uwsgi; scgi_temp_path $work/$1/scgi;
  keepalive_requests 1000000;
  upstream backend { server ${upstream#http://}; keepalive 128; }
  $2
}
NGINX
}
nginx_conf auth "server { listen 127.0.0.1:$nginx_port; location / {
    if (\$http_authorization != 'Bearer $static_token') { return 401; }
    proxy_http_version 1.1; proxy_set_header Connection ''; proxy_pass http://backend; } }"

# warm NAME URL [HEADER]: an unmeasured run, so that the JIT has compiled this path.
warm() {
  check_200 "$@"
  taskset -c "$LOAD_CPU" wrk -t1 -c"$CONNECTIONS" --timeout 5s ${3:+-H "$3"} -d "$WARMUP" "$2" >/dev/null
}

# measure NAME URL [HEADER]: one measured run, after SETTLE of the same load unmeasured (the gateway's JIT
# recompiles for a while after a switch of path); appends "NAME requests/s" to the results.
measure() {
  local name=$1 url=$2 header=${3:-} out="$work/$1.$RANDOM.wrk"
  taskset -c "$LOAD_CPU" wrk -t1 -c"$CONNECTIONS" --timeout 5s ${header:+-H "$header"} -d "$SETTLE" "$url" >/dev/null
  [ "$name" = authbridge-bearer ] && [ "$JFR" = 1 ] && jcmd "$gateway_pid" JFR.start name=bench settings=profile \
    filename="$work/bearer.jfr" >/dev/null
  local gw_before load_before
  gw_before=$(cpu_ticks "$GW_CPU"); load_before=$(cpu_ticks "$LOAD_CPU")
  taskset -c "$LOAD_CPU" wrk -t1 -c"$CONNECTIONS" --timeout 5s ${header:+-H "$header"} -d "$DURATION" --latency "$url" >"$out"
  local busy="CPU busy: contender $(busy_percent "$gw_before" "$(cpu_ticks "$GW_CPU")") %, load $(busy_percent "$load_before" "$(cpu_ticks "$LOAD_CPU")") %"
  [ "$name" = authbridge-bearer ] && [ "$JFR" = 1 ] && jcmd "$gateway_pid" JFR.stop name=bench >/dev/null
  if grep -q 'Non-2xx' "$out"; then
    echo "$name: some responses were not 2xx:" >&2
    cat "$out" >&2
    exit 1
  fi
  local rps p99
  rps=$(awk '/Requests\/sec/ {print $2}' "$out")
  p99=$(awk '$1 == "99%" {print $2}' "$out")
  printf '%-22s %10s req/s   p99 %-8s %s\n' "$name" "$rps" "$p99" "$busy"
  echo "$name $rps" >>"$results"
}

# --- AuthBridge: migrate and bootstrap, stop, add two tokens to the store, start again ---
bearer_token=$(random_token)
basic_token=$(random_token)
authbridge_args "$work" "$upstream" "$gateway_port"
seed_store target/authbridge.jar "$work" "$gateway_port" "$bearer_token" "$basic_token"
basic_auth=$(basic_header "$(cat "$work/project")" "$basic_token")
taskset -c "$GW_CPU" java $JAVA_OPTS -jar target/authbridge.jar "${ARGS[@]}" >"$work/authbridge.log" 2>&1 &
gateway_pid=$!
pids+=($gateway_pid)
wait_http "http://127.0.0.1:$management_port/actuator/health" 120 || { tail -40 "$work/authbridge.log"; exit 1; }
gw="http://127.0.0.1:$gateway_port"
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(java -version 2>&1 | head -1)"
echo "contender on CPU $GW_CPU, wrk and upstream on CPU $LOAD_CPU; $CONNECTIONS connections, $WARMUP warm-up, $DURATION measured after $SETTLE"
# --- the bare Spring Cloud Gateway and nginx: started now, idle while the others are measured ---
taskset -c "$GW_CPU" java $JAVA_OPTS -jar bench/bare-gateway/target/bare-gateway.jar \
  --spring.config.location=classpath:/application.yml --server.port="$bare_port" \
  --server.address=127.0.0.1 --bench.upstream="$upstream" >"$work/bare.log" 2>&1 &
pids+=($!)
wait_http "http://127.0.0.1:$bare_port/bench" 120 || { tail -40 "$work/bare.log"; exit 1; }
taskset -c "$GW_CPU" nginx -e "$work/auth/error.log" -c "$work/auth/nginx.conf" -g 'daemon off;' &
pids+=($!)
sleep 1
bare="http://127.0.0.1:$bare_port/bench"
nginx_url="http://127.0.0.1:$nginx_port/bench"
nginx_header="Authorization: Bearer $static_token"

# every path is warmed before any is measured; then each round measures every contender in turn, so that
# a neighbour's load on this machine spreads over all of them instead of falling on one
warm authbridge-public "$gw/public/bench"
warm authbridge-bearer "$gw/api/v2/bench" "Authorization: Bearer $bearer_token"
warm authbridge-basic "$gw/api/v2/bench" "$basic_auth"
warm bare-scg "$bare"
warm authbridge-jwt "$gw/jwt/bench" "Authorization: Bearer $bearer_token"
WARMUP=3s warm nginx-static-auth "$nginx_url" "$nginx_header"
for round in $(seq 1 "$ROUNDS"); do
  measure authbridge-public "$gw/public/bench"
  measure authbridge-bearer "$gw/api/v2/bench" "Authorization: Bearer $bearer_token"
  measure authbridge-basic "$gw/api/v2/bench" "$basic_auth"
  measure bare-scg "$bare"
  measure authbridge-jwt "$gw/jwt/bench" "Authorization: Bearer $bearer_token"
  measure nginx-static-auth "$nginx_url" "$nginx_header"
done
if [ "$JFR" = 1 ]; then
  mkdir -p target/bench && cp "$work/bearer.jfr" target/bench/bearer.jfr && echo "JFR of the measured cached-Bearer run: target/bench/bearer.jfr"
fi

# the best round of each: a neighbour's load only ever lowers a figure
awk '{ if ($2 > rps[$1]) rps[$1] = $2 }
  END {
    printf "\nbest of %d rounds\n", '"$ROUNDS"'
    for (name in rps) printf "  %-22s %10.0f req/s\n", name, rps[name]
    printf "ratios\n"
    printf "  bearer / bare SCG        %.3f\n", rps["authbridge-bearer"] / rps["bare-scg"]
    printf "  basic  / bare SCG        %.3f\n", rps["authbridge-basic"] / rps["bare-scg"]
    printf "  bearer / public route    %.3f\n", rps["authbridge-bearer"] / rps["authbridge-public"]
    printf "  basic  / public route    %.3f\n", rps["authbridge-basic"] / rps["authbridge-public"]
    printf "  public / bare SCG        %.3f\n", rps["authbridge-public"] / rps["bare-scg"]
    printf "  jwt    / public route    %.3f\n", rps["authbridge-jwt"] / rps["authbridge-public"]
    printf "  bearer / nginx           %.3f\n", rps["authbridge-bearer"] / rps["nginx-static-auth"]
  }' "$results"
