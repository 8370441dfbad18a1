#!/usr/bin/env bash
# Starts the server product on a fresh store, runs the load generator against it on loopback,
# and stops it. Usage:
#   releng/bench/run.sh [h2|postgresql] [clients=50] [seconds=20]
# PostgreSQL uses a fresh database aegisml_bench on 127.0.0.1:5432 (dropped afterwards).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
. "$ROOT/releng/jdk.sh"
db="${1:-h2}"; clients="${2:-50}"; seconds="${3:-20}"
port=$((20000 + RANDOM % 20000))
key="bench-admin-key-$(date +%s%N)"
data="$(mktemp -d)"
export AEGISML_PORT=$port AEGISML_DATA_DIR="$data" AEGISML_ADMIN_KEY="$key" AEGISML_LOG_LEVEL=warn
if [ "$db" = postgresql ]; then
  psql -h 127.0.0.1 -U postgres -d postgres -qc "DROP DATABASE IF EXISTS aegisml_bench" -c "CREATE DATABASE aegisml_bench"
  export AEGISML_DB_URL=jdbc:postgresql://127.0.0.1:5432/aegisml_bench AEGISML_DB_USER=postgres
fi
"$ROOT/aegisml" server > "$data/server.log" 2>&1 &
pid=$!
cleanup() {
  kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
  [ "$db" = postgresql ] && psql -h 127.0.0.1 -U postgres -d postgres -qc "DROP DATABASE IF EXISTS aegisml_bench" || true
  rm -rf "$data"
}
trap cleanup EXIT
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.5; done
echo "# $(date -u +%FT%TZ) db=$db $(nproc) cores, server and load generator on the same machine"
for scenario in versions prompts models get; do
  "$JAVA_HOME/bin/java" "$ROOT/releng/bench/LoadGen.java" "http://127.0.0.1:$port" "$key" "$scenario" "$clients" "$seconds" 5
done
