#!/usr/bin/env bash
# A few seconds of the Gatling simulation against a gateway started here (temporary H2 store, fixed admin
# password, the demo echo upstream, free ports), so that the simulation cannot rot. Called from .ci/run.
# Uses target/authbridge.jar when present (after `./mvnw verify`), else builds it. The simulation sends its
# invalid credentials from one address on purpose; the failure limit (tested by FailureLimitTest and
# bench/flood.sh) is raised here so that a few seconds of smoke exercise the simulation, not the limit.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

MVN_FLAGS=${MVN_FLAGS:--B -ntp}
[ -f target/authbridge.jar ] || ./mvnw $MVN_FLAGS -q -DskipTests package

work=$(mktemp -d)
gateway_pid=""
cleanup() { stop_pid "$gateway_pid"; rm -rf "$work"; }
trap cleanup EXIT

port=$(free_port)
echo_port=$(free_port)
management_port=$(free_port)
password="smoke-$(date +%s)-$RANDOM"
routes_file "$work/routes.yml" "http://127.0.0.1:$echo_port"

java -Xmx512m -jar target/authbridge.jar \
  --spring.config.additional-location="file:$work/routes.yml" \
  --server.port="$port" --server.address=127.0.0.1 \
  --management.server.port="$management_port" --management.server.address=127.0.0.1 \
  --authbridge.demo.echo-upstream.enabled=true --authbridge.demo.echo-upstream.port="$echo_port" \
  --spring.r2dbc.url="r2dbc:h2:file:///$work/data/authbridge" \
  --authbridge.security.pepper-file="$work/data/token-pepper" \
  --authbridge.bootstrap.admin-password="$password" \
  --authbridge.authentication.failure-limit.burst=1000000 \
  >"$work/gateway.log" 2>&1 &
gateway_pid=$!
if ! wait_http "http://127.0.0.1:$management_port/actuator/health" 90; then
  tail -50 "$work/gateway.log"
  exit 1
fi

# Few users and a loose p99: this checks that the simulation runs, not how fast a busy CI machine is. No failed
# request is tolerated: every request of the mix has an expected status.
./mvnw $MVN_FLAGS gatling:test -DbaseUrl="http://127.0.0.1:$port" -DadminEmail=admin@authbridge.local \
  -DadminPassword="$password" -Dusers="${SMOKE_USERS:-4}" -Dduration="${SMOKE_DURATION:-5}" \
  -DmaxFailedPercent="${SMOKE_MAX_FAILED_PERCENT:-0}" -DmaxP99Ms="${SMOKE_MAX_P99_MS:-3000}" -Dtokens=2 \
  || { echo "--- gateway log ---"; tail -50 "$work/gateway.log"; exit 1; }
echo "Gatling smoke: passed (report under target/gatling/)"
