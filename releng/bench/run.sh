#!/usr/bin/env bash
# Benchmarks the server product on loopback with wrk (Debian package `wrk`):
#   releng/bench/run.sh [h2|postgresql] [connections=50] [seconds=15] [rounds=3]
# Starts the product on a fresh store (PostgreSQL: a fresh database aegisml_bench on
# 127.0.0.1:5432, dropped afterwards), warms the JIT up for 30 s per scenario, then runs each
# scenario `rounds` times and prints every round; quote the median. Scenarios:
#   versions  POST a model version: multipart metadata + a 10 KiB artifact, distinct per request
#   models    POST a model (a metadata-only write)
#   get       GET a model or one of its versions, at random among 100 models x 5 versions
#   events    POST /api/v1/events: NDJSON batches of 1,000 events x 10 features, unique ids
#             (throughput is in requests/s: multiply by 1,000 for events/s)
# WRK_THREADS (default 1) sets wrk's threads: on 2 cores, one leaves the server a core.
# AEGISML_JAVA_OPTS reaches the server JVM (e.g. -XX:+UseZGC); SCENARIOS picks a subset.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
HERE="$ROOT/releng/bench"
command -v wrk >/dev/null || { echo "install wrk first: apt-get install -y wrk" >&2; exit 1; }
db="${1:-h2}"; conns="${2:-50}"; seconds="${3:-15}"; rounds="${4:-3}"
. "$HERE/lib.sh"
if [ "$db" = postgresql ]; then
  psql -h 127.0.0.1 -U postgres -d postgres -qc "DROP DATABASE IF EXISTS aegisml_bench" -c "CREATE DATABASE aegisml_bench"
  export AEGISML_DB_URL=jdbc:postgresql://127.0.0.1:5432/aegisml_bench AEGISML_DB_USER=postgres
  trap 'bench_cleanup; psql -h 127.0.0.1 -U postgres -d postgres -qc "DROP DATABASE IF EXISTS aegisml_bench" || true' EXIT
fi
bench_server
post() { bench_req POST "$@"; }

run=$(date +%s)
post /api/v1/models -H 'Content-Type: application/json' -d "{\"name\":\"bench-$run\",\"kind\":\"ml\"}"
head -c 10240 /dev/urandom > "$data/a.bin"
post "/api/v1/models/bench-$run/versions" -F 'metadata={"framework":"sklearn"};type=application/json' -F "artifact=@$data/a.bin"
for i in $(seq 0 99); do
  post /api/v1/models -H 'Content-Type: application/json' -d "{\"name\":\"read-$run-$i\",\"kind\":\"ml\"}"
  for v in 1 2 3 4 5; do
    post "/api/v1/models/read-$run-$i/versions" -F 'metadata={"framework":"sklearn"};type=application/json' -F "artifact=@$data/a.bin"
  done
done

scenario() { # name script env...
  local name=$1 script=$2; shift 2
  cat "$HERE/$script" "$HERE/report.lua" > "$data/$name.lua"
  env "$@" AEGISML_KEY="$key" wrk -t"${WRK_THREADS:-1}" -c"$conns" -d30s -s "$data/$name.lua" "$base" > /dev/null   # JIT warm-up
  for r in $(seq 1 "$rounds"); do
    printf '%-9s round %d: ' "$name" "$r"
    env "$@" AEGISML_KEY="$key" RUN="$run-$r" wrk -t"${WRK_THREADS:-1}" -c"$conns" -d"${seconds}s" -s "$data/$name.lua" "$base" | tail -n 1
  done
}
echo "# $(date -u +%FT%TZ) db=$db connections=$conns, $(nproc) cores shared by server and wrk"
for s in ${SCENARIOS:-versions models get}; do
  case "$s" in
    versions) scenario versions post-version.lua MODEL="bench-$run" ;;
    models) scenario models post-model.lua RUN="$run-warm" ;;
    get) scenario get get.lua PREFIX="read-$run" MODELS=100 VERSIONS=5 ;;
    events) scenario events post-events.lua MODEL="bench-$run" BATCH=1000 ;;
  esac
done
