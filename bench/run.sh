#!/usr/bin/env bash
# Throughput, side by side in one run, on this machine: AuthBridge on every path users configure (a public
# route; Bearer in / Basic out; Basic in / Bearer out; ?access_token= in / Basic out; preserve; none; static;
# Bearer in / signed JWT out: bench_paths in lib.sh), with cached tokens; a bare Spring Cloud Gateway (bench/bare-gateway, same versions,
# no authentication); nginx checking a static credential. Every contender proxies to the same nginx upstream
# answering a fixed 12-byte body. The contender runs on CPU $GW_CPU, wrk and the upstream on CPU $LOAD_CPU.
# Prints every path's ratio to the public route and to the bare gateway. Then (LATENCY=1, the default) a
# latency run at a fixed rate: Gatling's open model (constantUsersPerSec) at half the public route's best
# throughput, every path at once, each path's p99 and what it adds over the public route's
# (bench/latency.sh does it alone). With PAIRED=1 (the default) the public route is measured again after every
# other path, and a second table gives each path's ratio to the public-route runs just before and after it, the
# median of the rounds (bench/README.md: why). Only 127.0.0.1 is targeted; every wrk and Gatling run is bounded.
#
#   bench/run.sh                      # defaults: 90 s warm-up per path (one pinned core needs ~80 s for
#                                     # the JIT), 5 rounds of 10 s (each after 3 s unmeasured), 32
#                                     # connections, 60 s of fixed-rate latency; about 35 minutes
#   WARMUP=20s ROUNDS=2 DURATION=5s LATENCY_SECONDS=20 bench/run.sh   # a short run on a busy machine
#   JFR=1 bench/run.sh                # also records target/bench/bearer.jfr during the measured Bearer-in run
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
LATENCY=${LATENCY:-1}
LATENCY_SECONDS=${LATENCY_SECONDS:-60}
PAIRED=${PAIRED:-1}
[ "$JFR" = 1 ] && JAVA_OPTS="$JAVA_OPTS -XX:FlightRecorderOptions:stackdepth=512"

load_tools

[ -f target/authbridge.jar ] || ./mvnw $MVN_FLAGS -DskipTests package
[ -f bench/bare-gateway/target/bare-gateway.jar ] || ./mvnw $MVN_FLAGS -f bench/bare-gateway/pom.xml -DskipTests package

scratch_dir
results="$work/results"
sequence="$work/sequence"
: >"$results"
: >"$sequence"
round=0

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

# measure NAME URL [HEADER] [paired]: one measured run, after SETTLE of the same load unmeasured (the gateway's JIT
# recompiles for a while after a switch of path); appends "NAME requests/s" to the results (not with "paired":
# a public-route run between two others, only for the paired ratios) and "ROUND NAME requests/s" to the sequence.
measure() {
  local name=$1 url=$2 header=${3:-} out="$work/$1.$RANDOM.wrk"
  taskset -c "$LOAD_CPU" wrk -t1 -c"$CONNECTIONS" --timeout 5s ${header:+-H "$header"} -d "$SETTLE" "$url" >/dev/null
  [ "$name" = authbridge-bearer-to-basic ] && [ "$JFR" = 1 ] && jcmd "$gateway_pid" JFR.start name=bench settings=profile \
    filename="$work/bearer.jfr" >/dev/null
  local gw_before load_before
  gw_before=$(cpu_ticks "$GW_CPU"); load_before=$(cpu_ticks "$LOAD_CPU")
  taskset -c "$LOAD_CPU" wrk -t1 -c"$CONNECTIONS" --timeout 5s ${header:+-H "$header"} -d "$DURATION" --latency "$url" >"$out"
  local busy="CPU busy: contender $(busy_percent "$gw_before" "$(cpu_ticks "$GW_CPU")") %, load $(busy_percent "$load_before" "$(cpu_ticks "$LOAD_CPU")") %"
  [ "$name" = authbridge-bearer-to-basic ] && [ "$JFR" = 1 ] && jcmd "$gateway_pid" JFR.stop name=bench >/dev/null
  if grep -q 'Non-2xx' "$out"; then
    echo "$name: some responses were not 2xx:" >&2
    cat "$out" >&2
    exit 1
  fi
  local rps p99
  rps=$(awk '/Requests\/sec/ {print $2}' "$out")
  p99=$(awk '$1 == "99%" {print $2}' "$out")
  printf '%-27s %10s req/s   p99 %-8s %s\n' "$name" "$rps" "$p99" "$busy"
  # every measured run, in order, for the paired ratios; the best and median columns take one public run a round
  echo "$round $name $rps" >>"$sequence"
  [ "${4:-}" = paired ] || echo "$name $rps" >>"$results"
}

# --- AuthBridge: migrate and bootstrap, stop, add two tokens to the store, start again ---
bearer_token=$(random_token)
basic_token=$(random_token)
authbridge_args "$work" "$upstream" "$gateway_port"
seed_store target/authbridge.jar "$work" "$gateway_port" "$bearer_token" "$basic_token"
bench_paths "$(cat "$work/project")" "$bearer_token" "$basic_token"
taskset -c "$GW_CPU" java $JAVA_OPTS -jar target/authbridge.jar "${ARGS[@]}" >"$work/authbridge.log" 2>&1 &
gateway_pid=$!
pids+=($gateway_pid)
wait_http "http://127.0.0.1:$management_port/actuator/health" 300 || { tail -40 "$work/authbridge.log"; exit 1; }
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
for name in "${BENCH_PATHS[@]}"; do
  warm "authbridge-$name" "$gw${BENCH_URL[$name]}" "${BENCH_HEADER[$name]}"
done
warm bare-scg "$bare"
WARMUP=3s warm nginx-static-auth "$nginx_url" "$nginx_header"
# (PAIRED=1, the default: the public route is measured again after every other path, so that each path and the
# bare gateway have a public-route run just before and just after them: their paired ratios, below)
for round in $(seq 1 "$ROUNDS"); do
  for name in "${BENCH_PATHS[@]}"; do
    measure "authbridge-$name" "$gw${BENCH_URL[$name]}" "${BENCH_HEADER[$name]}"
    if [ "$PAIRED" = 1 ] && [ "$name" != public ]; then
      measure authbridge-public "$gw${BENCH_URL[public]}" "" paired
    fi
  done
  measure bare-scg "$bare"
  measure nginx-static-auth "$nginx_url" "$nginx_header"
done
if [ "$JFR" = 1 ]; then
  mkdir -p target/bench && cp "$work/bearer.jfr" target/bench/bearer.jfr && echo "JFR of the measured Bearer-in run: target/bench/bearer.jfr"
fi

# the best round of each (a neighbour's load only ever lowers a figure), and the median round
for name in "${BENCH_PATHS[@]}"; do echo "describe authbridge-$name $(bench_path_description "$name")"; done >>"$results"
awk -v rounds="$ROUNDS" '
  $1 == "describe" { name = $2; line = $0; sub(/^describe [^ ]+ /, "", line); what[name] = line; next }
  { if ($2 > best[$1]) best[$1] = $2; all[$1] = all[$1] " " $2; if (!($1 in seen)) { seen[$1] = 1; order[++n] = $1 } }
  function median(list,   v, k, i, j, t) {
    k = split(list, v, " ")
    for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (v[j] + 0 < v[i] + 0) { t = v[i]; v[i] = v[j]; v[j] = t }
    return k % 2 ? v[(k + 1) / 2] : (v[k / 2] + v[k / 2 + 1]) / 2
  }
  END {
    pub = "authbridge-public"; bare = "bare-scg"
    printf "\nbest of %d rounds (median round in brackets)\n", rounds
    printf "| path (route mode) | req/s | x public route | x bare SCG | median x public | median x bare SCG |\n|---|---|---|---|---|---|\n"
    for (i = 1; i <= n; i++) {
      name = order[i]; label = name in what ? what[name] : name
      if (name == "nginx-static-auth") { printf "| %s | %.0f | | | | |\n", "nginx, static credential check", best[name]; continue }
      printf "| %s | %.0f | %.3f | %.3f | %.3f | %.3f |\n", label, best[name], best[name] / best[pub], best[name] / best[bare],
        median(all[name]) / median(all[pub]), median(all[name]) / median(all[bare])
      if (name != pub && name != bare && name ~ /^authbridge-/ && (slowest == "" || best[name] < best[slowest])) slowest = name
    }
    printf "\nslowest authenticated path: %s: %.3f x public route (target >= 0.95), %.3f x bare SCG (target >= 1.0)\n",
      what[slowest], best[slowest] / best[pub], best[slowest] / best[bare]
    printf "%.0f\n", best[pub] > "'"$work"'/public-best"
  }' "$results"

if [ "$PAIRED" = 1 ]; then
  # Each path's run against the mean of the public-route runs just before and just after it (the bare gateway's
  # against the one before it), as a ratio per round, then the median of the rounds. On this shared VM a
  # neighbour's load changes a run's throughput by up to 2x within a minute, and a round of every contender takes
  # minutes: best and median rounds compare runs minutes apart, a pair compares runs seconds apart.
  awk '
    $1 == "describe" { line = $0; sub(/^describe [^ ]+ /, "", line); what[$2] = line; next }
    { n++; r[n] = $1; name[n] = $2; rps[n] = $3 }
    function median(list,   v, k, i, j, t) {
      k = split(list, v, " ")
      for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (v[j] + 0 < v[i] + 0) { t = v[i]; v[i] = v[j]; v[j] = t }
      return k % 2 ? v[(k + 1) / 2] : (v[k / 2] + v[k / 2 + 1]) / 2
    }
    END {
      pub = "authbridge-public"
      for (i = 1; i <= n; i++) {
        if (name[i] == pub || name[i] == "nginx-static-auth") continue
        before = i > 1 && name[i - 1] == pub && r[i - 1] == r[i] ? rps[i - 1] : 0
        after = i < n && name[i + 1] == pub && r[i + 1] == r[i] ? rps[i + 1] : 0
        if (name[i] == "bare-scg") { if (before) bare[r[i]] = before / rps[i]; continue }
        if (!before || !after) continue
        ratio[name[i], r[i]] = rps[i] * 2 / (before + after)
        if (!(name[i] in seen)) { seen[name[i]] = 1; order[++m] = name[i] }
      }
      printf "\npaired: each run against the public-route runs just before and after it, median of %d rounds\n", '"$ROUNDS"'
      printf "| path (route mode) | x public route, per round | median x public | median x bare SCG |\n|---|---|---|---|\n"
      for (k = 1; k <= m; k++) {
        p = order[k]; list = ""; blist = ""
        for (rr = 1; rr <= '"$ROUNDS"'; rr++) if ((p, rr) in ratio) {
          list = list " " sprintf("%.3f", ratio[p, rr])
          if (rr in bare) blist = blist " " ratio[p, rr] * bare[rr]
        }
        med = median(list); bmed = blist == "" ? 0 : median(blist)
        printf "| %s |%s | %.3f | %.3f |\n", p in what ? what[p] : p, list, med, bmed
        if (slowest == "" || med < smed) { slowest = p; smed = med; sbare = bmed }
      }
      blist = ""; for (rr in bare) blist = blist " " bare[rr]
      printf "| public route | | 1.000 | %.3f |\n", median(blist)
      printf "\nslowest authenticated path, paired: %s: %.3f x public route (target >= 0.95), %.3f x bare SCG (target >= 1.0)\n",
        slowest in what ? what[slowest] : slowest, smed, sbare
    }' <(grep '^describe' "$results") "$sequence"
fi

if [ "$LATENCY" = 1 ]; then
  # the other contenders idle; half the public route's best, in requests (one per Gatling user) per second
  rate=$(awk '{ printf "%d", $1 / 2 }' "$work/public-best")
  latency_run "$gw" "$rate" "$LATENCY_SECONDS"
fi
