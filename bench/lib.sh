# Helpers shared by the bench scripts (sourced, not run). Everything listens on 127.0.0.1 only.

# wrk and nginx from Debian's packages, installed when missing.
load_tools() {
  command -v wrk >/dev/null 2>&1 && command -v nginx >/dev/null 2>&1 && return 0
  apt-get update && apt-get install -y wrk nginx-light
}

# scratch_dir: a temporary directory in $work; at exit every process whose pid is in $pids is stopped and the
# directory removed.
scratch_dir() {
  work=$(mktemp -d)
  pids=()
  trap 'for pid in "${pids[@]}"; do stop_pid "$pid"; done; rm -rf "$work"' EXIT
}

# start_upstream: the nginx upstream (bench's fixed 12-byte answer) on a free port, on CPU $LOAD_CPU, answering;
# its URL in $upstream.
start_upstream() {
  local port
  port=$(free_port)
  pids+=("$(upstream_nginx "$work" "$port" "$LOAD_CPU")")
  upstream="http://127.0.0.1:$port"
  wait_http "$upstream/" 10
}

# A TCP port nothing listens on right now.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# wait_http URL SECONDS: polls until URL answers 2xx, or fails.
wait_http() {
  local url=$1 deadline=$((SECONDS + $2))
  until curl -fsS -o /dev/null "$url" 2>/dev/null; do
    if [ $SECONDS -ge $deadline ]; then
      echo "timed out waiting for $url" >&2
      return 1
    fi
    sleep 0.5
  done
}

# stop_pid PID: stops one process we started, and waits for it (SIGKILL after 15 s).
stop_pid() {
  local pid=$1
  [ -n "$pid" ] || return 0
  kill "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 30); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.5
  done
  kill -9 "$pid" 2>/dev/null || true
}

# routes_file FILE UPSTREAM_URL: the quick start's route shapes, all pointing at one upstream; with EXTRA_ROUTES=N,
# N more routes before them (Path=/extra-I/**, as a gateway with many services has), which every request's route
# lookup has to get past.
routes_file() {
  local extra="" i
  for ((i = 1; i <= ${EXTRA_ROUTES:-0}; i++)); do
    extra+="            - id: bench-extra-$i
              uri: $2
              predicates: [Path=/extra-$i/**]
"
  done
  cat >"$1" <<YAML
spring:
  cloud:
    gateway:
      server:
        webflux:
          routes:
${extra}            - id: bench-public
              uri: $2
              predicates: [Path=/public/**]
              metadata:
                public: true
            - id: bench-exceptionless
              uri: $2
              predicates: [Path=/api/v2/**]
              metadata:
                dialect: exceptionless
              filters:
                - name: Authorize
                  args:
                    scopes: client
            - id: bench-messaging
              uri: $2
              predicates: [Path=/api/messaging/**]
              metadata:
                dialect: signalwire
              filters:
                - name: Authorize
                  args:
                    permissions: messaging
                - name: UpstreamAuth
                  args:
                    mode: bearer
            - id: bench-laml
              uri: $2
              predicates: ['Path=/api/laml/2010-04-01/Accounts/{project}/**']
              metadata:
                dialect: laml
              filters:
                - name: Authorize
                  args:
                    any-permissions: calling,video
                    project-variable: project
                - name: UpstreamAuth
                  args:
                    mode: basic
            - id: bench-none
              uri: $2
              predicates: [Path=/internal/**]
              filters:
                - name: Authorize
                  args:
                    scopes: client
                - name: UpstreamAuth
                  args:
                    mode: none
            - id: bench-static
              uri: $2
              predicates: [Path=/legacy/**]
              filters:
                - name: Authorize
                  args:
                    scopes: client
                - name: UpstreamAuth
                  args:
                    mode: static
                    scheme: basic
                    username: bench-service
                    password: bench-service-password
            - id: bench-jwt
              uri: $2
              predicates: [Path=/jwt/**]
              filters:
                - name: UpstreamAuth
                  args:
                    mode: jwt
YAML
}

# bench_paths PROJECT_ID BEARER_TOKEN BASIC_TOKEN: the paths every bench script measures, one per UpstreamAuth
# mode and credential form users configure (routes of routes_file), in BENCH_PATHS (names, in order),
# BENCH_URL[name] (path and query) and BENCH_HEADER[name] (the request's Authorization header line, or empty).
# PATHS="public jwt" measures only those (every script; the ratios need public, run.sh's also bare-scg's).
# shellcheck disable=SC2206 # PATHS is a list of names
BENCH_PATHS=(${PATHS:-public bearer-to-basic basic-to-bearer query-to-basic preserve none static jwt})
bench_paths() {
  local project=$1 bearer="Authorization: Bearer $2" basic
  basic=$(basic_header "$1" "$3")
  declare -gA BENCH_URL BENCH_HEADER
  BENCH_URL=([public]=/public/bench
    [bearer-to-basic]=/api/laml/2010-04-01/Accounts/$project/bench
    [basic-to-bearer]=/api/messaging/bench
    [query-to-basic]="/api/laml/2010-04-01/Accounts/$project/bench?page=1&access_token=$2"
    [preserve]=/api/v2/bench
    [none]=/internal/bench
    [static]=/legacy/bench
    [jwt]=/jwt/bench)
  BENCH_HEADER=([public]="" [bearer-to-basic]="$bearer" [basic-to-bearer]="$basic" [query-to-basic]=""
    [preserve]="$bearer" [none]="$bearer" [static]="$bearer" [jwt]="$bearer")
}

# bench_path_description NAME: what a path of bench_paths sends and what its route does.
bench_path_description() {
  case $1 in
    public) echo "public route, no credential" ;;
    bearer-to-basic) echo "Bearer in, UpstreamAuth basic" ;;
    basic-to-bearer) echo "Basic in, UpstreamAuth bearer" ;;
    query-to-basic) echo "?access_token= in, UpstreamAuth basic" ;;
    preserve) echo "Bearer in, UpstreamAuth preserve" ;;
    none) echo "Bearer in, UpstreamAuth none" ;;
    static) echo "Bearer in, UpstreamAuth static basic" ;;
    jwt) echo "Bearer in, UpstreamAuth jwt (signed assertion)" ;;
  esac
}

# random_token: 40 base62 characters, like a minted token.
random_token() {
  local t=""
  while [ ${#t} -lt 40 ]; do t+=$(head -c 120 /dev/urandom | tr -dc 'A-Za-z0-9'); done
  printf '%s' "${t:0:40}"
}

# secret_hash PEPPER TOKEN: what the store keeps for TOKEN: HMAC-SHA256(pepper), base64url, no padding.
secret_hash() {
  printf '%s' "$2" | openssl dgst -sha256 -hmac "$1" -binary | base64 | tr '+/' '-_' | tr -d '=\n'
}

# h2_sql JAR DB_FILE SQL: runs SQL on a stopped gateway's H2 file store, printing the result table.
h2_sql() {
  local h2_jar=$1 db=$2 sql=$3
  java -cp "$h2_jar" org.h2.tools.Shell -url "jdbc:h2:file:$db" -user sa -password "" -sql "$sql"
}

# extract_h2 AUTHBRIDGE_JAR DIR: the H2 jar inside the gateway's jar, for h2_sql.
extract_h2() {
  local entry
  entry=$(unzip -Z1 "$1" | grep 'BOOT-INF/lib/h2-.*\.jar$' | head -1)
  unzip -q -o -j "$1" "$entry" -d "$2"
  echo "$2/$(basename "$entry")"
}

# insert_token H2_JAR DB PEPPER TOKEN: a client token with calling and messaging in the first project of a
# stopped gateway's store (what POST /api/v2/projects/{id}/tokens would write).
insert_token() {
  h2_sql "$1" "$2" "INSERT INTO tokens (id, secret_hash, kind, organization_id, project_id,
    name, scopes, permissions, is_disabled, created_utc, updated_utc)
    SELECT RANDOM_UUID(), '$(secret_hash "$3" "$4")', 'ACCESS', organization_id, id,
      'bench', 'client', 'calling,messaging', FALSE, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP
    FROM projects ORDER BY created_utc LIMIT 1" >/dev/null
}

# first_project H2_JAR DB: the id of the bootstrap project.
first_project() {
  h2_sql "$1" "$2" "SELECT id FROM projects ORDER BY created_utc LIMIT 1" \
    | grep -Eo '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}' | head -1
}

# authbridge_args DIR UPSTREAM_URL PORT: the arguments of a bench gateway whose routes file and H2 store live
# in DIR (routes written here), in the array ARGS; its actuator on $management_port (a free port chosen here).
authbridge_args() {
  routes_file "$1/routes.yml" "$2"
  management_port=$(free_port)
  ARGS=(--spring.config.additional-location="file:$1/routes.yml" --server.port="$3" --server.address=127.0.0.1
    --management.server.port="$management_port" --management.server.address=127.0.0.1
    --authbridge.demo.echo-upstream.enabled=false --spring.r2dbc.url="r2dbc:h2:file:///$1/data/authbridge"
    --authbridge.security.token-pepper="$BENCH_PEPPER" --authbridge.bootstrap.admin-password=bench-admin-password
    --authbridge.identity-assertion.generated-key-file="$1/data/identity-assertion-key.pem")
}
BENCH_PEPPER=bench-pepper-0123456789abcdef

# seed_store JAR DIR PORT TOKEN...: a first start of JAR with ARGS (from authbridge_args DIR ... PORT) to
# migrate and bootstrap DIR's store, stopped, then the tokens added to the bootstrap project, whose id is left
# in DIR/project.
seed_store() {
  local jar=$1 dir=$2 port=$3 first h2_jar token
  shift 3
  java ${JAVA_OPTS:-} -jar "$jar" "${ARGS[@]}" >"$dir/first.log" 2>&1 &
  first=$!
  pids+=("$first")  # the caller's cleanup stops it if this fails half-way
  wait_http "http://127.0.0.1:$management_port/actuator/health" "${START_TIMEOUT:-300}" || { tail -40 "$dir/first.log"; stop_pid "$first"; return 1; }
  stop_pid "$first"
  h2_jar=$(extract_h2 "$jar" "$dir")
  for token in "$@"; do
    insert_token "$h2_jar" "$dir/data/authbridge" "$BENCH_PEPPER" "$token"
  done
  first_project "$h2_jar" "$dir/data/authbridge" >"$dir/project"
}

# bench_gateway JAR TOKEN...: a scratch directory, the upstream, and JAR's store seeded with the tokens, for a
# gateway on $port started with ARGS.
bench_gateway() {
  local jar=$1
  shift
  scratch_dir
  start_upstream
  port=$(free_port)
  authbridge_args "$work" "$upstream" "$port"
  seed_store "$jar" "$work" "$port" "$@"
}

# basic_header PROJECT_ID TOKEN: the Authorization header of a SignalWire-style credential.
basic_header() {
  printf 'Authorization: Basic %s' "$(printf '%s:%s' "$1" "$2" | base64 -w0)"
}

# cpu_ticks CPU: "busy total" clock ticks of one CPU so far (/proc/stat: user, nice, system, irq and softirq are
# busy; idle, iowait and steal, time the hypervisor gave to someone else, are not; guest time is already in user).
cpu_ticks() {
  awk -v cpu="cpu$1" '$1 == cpu { print $2 + $3 + $4 + $7 + $8, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }' /proc/stat
}

# busy_percent BEFORE AFTER: the share of the ticks between two cpu_ticks readings that were busy.
busy_percent() {
  awk -v b="$1" -v a="$2" 'BEGIN { split(b, x, " "); split(a, y, " "); printf "%.0f", (y[1] - x[1]) * 100 / (y[2] - x[2]) }'
}

# check_200 NAME URL [HEADER]: fails unless URL answers 200 with this header (a 401 would make a meaningless run).
check_200() {
  local status
  status=$(curl -s -o /dev/null -w '%{http_code}' ${3:+-H "$3"} "$2")
  [ "$status" = 200 ] || { echo "$1: $2 answered $status, not 200" >&2; return 1; }
}

# store_reads URL: token cache misses so far (each is one store read), from /actuator/prometheus of the
# management port's URL.
store_reads() {
  curl -fsS "$1/actuator/prometheus" | awk '/^cache_gets_total\{/ && /cache="authbridge.tokens"/ && /result="miss"/ {sum += $2} END {printf "%d\n", sum}'
}

# upstream_nginx WORK PORT CPU: an nginx answering a fixed 12-byte JSON body on PORT, pinned to CPU; prints its pid.
upstream_nginx() {
  mkdir -p "$1/upstream"
  cat >"$1/upstream/nginx.conf" <<NGINX
worker_processes 1;
pid $1/upstream/nginx.pid;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $1/upstream/body; proxy_temp_path $1/upstream/proxy;
  fastcgi_temp_path $1/upstream/fastcgi; uwsgi_temp_path $1/upstream/uwsgi; scgi_temp_path $1/upstream/scgi;
  keepalive_requests 1000000;
  server { listen 127.0.0.1:$2; location / { default_type application/json; return 200 '{"ok":true}\n'; } }
}
NGINX
  taskset -c "$3" nginx -e "$1/upstream/error.log" -c "$1/upstream/nginx.conf" -g 'daemon off;' >/dev/null 2>&1 &
  echo $!
}

# latency_run GATEWAY_URL RATE SECONDS: Gatling's open model (bench/../FixedRateSimulation) at RATE requests per
# second in all over every path of bench_paths at once, for SECONDS, pinned to CPU $LOAD_CPU; prints each path's
# p50 and p99 (Gatling's, whole milliseconds) and what each adds over the public route's p99.
latency_run() {
  local gw=$1 rate=$2 seconds=$3 name out paths
  # the paths and their tokens in a file of the scratch directory, not on a command line
  paths="$work/gatling.paths"
  for name in "${BENCH_PATHS[@]}"; do
    printf '%s|%s|%s\n' "$name" "${BENCH_URL[$name]}" "${BENCH_HEADER[$name]#Authorization: }"
  done >"$paths"
  out="$work/gatling.out"
  echo
  echo "fixed-rate latency: Gatling open model, constantUsersPerSec $rate over ${#BENCH_PATHS[@]} paths for ${seconds} s (gateway on CPU $GW_CPU, Gatling on CPU $LOAD_CPU)"
  # not offline: the Gatling plugin's own dependencies are fetched on its first run. Pinned to one CPU, a JVM
  # sizes its pools for one processor, and Gatling's start then waits on a future the one thread of its pool
  # would complete (DataWritersStatsEngine.start: "Future timed out after [5 seconds]", then it hangs):
  # ActiveProcessorCount gives the forked Gatling JVM (and Maven) pools of two.
  JAVA_TOOL_OPTIONS="-XX:ActiveProcessorCount=2 ${JAVA_TOOL_OPTIONS:-}" taskset -c "$LOAD_CPU" ./mvnw ${MVN_FLAGS:--B -q} gatling:test -Dgatling.simulation=io.authbridge.load.FixedRateSimulation \
    -DbaseUrl="$gw" -Drate="$rate" -Dduration="$seconds" -DpathsFile="$paths" >"$out" 2>&1 \
    || { echo "Gatling failed:"; tail -40 "$out" | sed 's/Bearer [A-Za-z0-9]*/Bearer ***/g; s/Basic [A-Za-z0-9+\/=]*/Basic ***/g; s/access_token=[A-Za-z0-9]*/access_token=***/g'; return 1; }
  python3 - "$out" <<'PY'
import re, sys
p = {}
for line in open(sys.argv[1], errors="replace"):
    m = re.search(r"(\S+?):? (\d+)th percentile of response time.*actual\s*:\s*([0-9.]+)", line)
    if m:
        p.setdefault(m.group(1).strip('"()').replace('details', ''), {})[m.group(2)] = float(m.group(3))
if not p:
    sys.exit("no percentiles in Gatling's output")
pub = p.get("public", {}).get("99")
print("| path | p50 ms | p99 ms | p99 added over public route, ms |\n|---|---|---|---|")
for name, v in p.items():
    added = "" if pub is None or name == "public" else "%+.0f" % (v.get("99", 0) - pub)
    print("| %s | %.0f | %.0f | %s |" % (name, v.get("50", -1), v.get("99", -1), added))
PY
}
