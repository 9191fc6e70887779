#!/usr/bin/env bash
# Heap bytes per cached token record: fills io.authbridge.token.TokenCache with RECORDS (default 1,000,000)
# records in a JVM capped at HEAP (default 512m) and prints the retained heap per record.
set -euo pipefail
cd "$(dirname "$0")/.."
RECORDS=${RECORDS:-1000000}
HEAP=${HEAP:-512m}
MVN_FLAGS=${MVN_FLAGS:--B -q}
./mvnw $MVN_FLAGS test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
java -Xmx"$HEAP" -cp "target/classes:target/test-classes:$(cat target/bench-classpath.txt)" \
  io.authbridge.token.TokenCacheFootprint "$RECORDS"
