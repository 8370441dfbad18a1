#!/usr/bin/env bash
# Operator console start-up and memory (issue 6), against a server on loopback.
#   releng/bench/console.sh [rounds=5] [deployments=20]
# Starts the server product on a fresh embedded H2 store with `deployments` deployments (each
# with a canary rollout in progress), then starts the console product `rounds` times in remote
# mode under Xvfb (the key from AEGISML_API_KEY, so it connects at once) and reads, per round:
#   first view   the console's own log line "First view (...) shown N ms after the JVM started"
#   heap, RSS    after 15 s of the Overview reloading every 5 s: `jcmd GC.heap_info` (used) and
#                the process's resident set; the product runs with -Xmx512m
# Needs xvfb-run (apt-get install -y xvfb xauth libgtk-3-0). Quote the medians.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
rounds="${1:-5}"; deployments="${2:-20}"
. "$ROOT/releng/bench/lib.sh"
pa=$((port + 1))
bench_tools
bench_spawn "$JAVA_HOME/bin/java" -cp "$data/classes" Backend "$pa" 0
bench_server
json() { bench_req POST "$1" -H 'Content-Type: application/json' -d "$2"; }
echo '{}' > "$data/a.bin"
backend="{\"type\":\"http-json\",\"url\":\"http://127.0.0.1:$pa/predict\",\"timeout\":\"2s\"}"
for i in $(seq 1 "$deployments"); do
  json /api/v1/models "{\"name\":\"m$i\",\"kind\":\"ml\"}"
  for v in 1 2; do
    bench_req POST "/api/v1/models/m$i/versions" -F 'metadata={"framework":"sklearn"};type=application/json' -F "artifact=@$data/a.bin"
  done
  json /api/v1/deployments "{\"name\":\"m$i\",\"stable\":{\"version\":\"models/m$i/1\",\"backend\":$backend}}"
  json "/api/v1/deployments/m$i/rollouts" "{\"strategy\":\"canary\",\"candidate\":{\"version\":\"models/m$i/2\",\"backend\":$backend},
    \"steps\":[{\"weight\":10,\"duration\":\"2h\"},{\"weight\":100,\"duration\":\"2h\"}]}"
done
"$ROOT/aegisml" build >/dev/null 2>&1 || true  # the console product, when missing
echo "# $(date -u +%FT%TZ) console start-up against a server with $deployments deployments, $(nproc) cores"
for r in $(seq 1 "$rounds"); do
  log="$data/console-$r.log"
  AEGISML_API_KEY="$key" AEGISML_LOG_LEVEL=info AEGISML_DATA_DIR="$data/console" \
    xvfb-run -a -s "-screen 0 1600x1000x24" "$ROOT/aegisml" console --server "$base" > "$log" 2>&1 &
  runner=$!
  ms=""
  for _ in $(seq 1 600); do
    ms="$(sed -n 's/.*First view (.*) shown \([0-9]*\) ms after the JVM started.*/\1/p' "$log" | head -n 1)"
    [ -n "$ms" ] && break
    sleep 0.1
  done
  sleep 15
  pid="$(pgrep -f "aegisml.console.server=$base" | head -n 1 || true)"
  heap="$( [ -n "$pid" ] && "$JAVA_HOME/bin/jcmd" "$pid" GC.heap_info 2>/dev/null | sed -n 's/.*total.*, used \([0-9]*K\).*/\1/p' | head -n 1)"
  rss="$( [ -n "$pid" ] && ps -o rss= -p "$pid" | awk '{printf "%d MB", $1/1024}')"
  printf 'round %d: first view %s ms, heap used %s, RSS %s\n' "$r" "${ms:-?}" "${heap:-?}" "${rss:-?}"
  [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  wait "$runner" 2>/dev/null || true
done
