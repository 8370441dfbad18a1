# Shared by the load benchmarks (gateway.sh, guards.sh, evaluation.sh); source it after setting
# ROOT. Gives: $data (a temporary folder, removed on exit with every process started here),
# $port (the server's) and $port+1.. free for model servers, $key and $auth (the admin key),
# $base (the server's URL), and functions:
#   bench_tools            compile Backend.java and LoadGen.java into $data/classes
#   bench_spawn CMD...     start a process that the exit trap stops
#   bench_server           start the server product on a fresh embedded H2 store in $data, wait for /healthz
#   bench_req METHOD PATH [curl args]   an authenticated request that must succeed
. "$ROOT/releng/jdk.sh"
BENCH_TOOLS="$ROOT/releng/bench/gateway"
port=$((20000 + RANDOM % 20000))
key="bench-admin-key-$(date +%s%N)"
auth="Authorization: Bearer $key"
base="http://127.0.0.1:$port"
data="$(mktemp -d)"
export AEGISML_PORT=$port AEGISML_DATA_DIR="$data" AEGISML_ADMIN_KEY="$key" AEGISML_LOG_LEVEL=warn
bench_pids=()
bench_cleanup() {
  for p in "${bench_pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$data"
}
trap bench_cleanup EXIT

bench_tools() {
  mkdir -p "$data/classes"
  "$JAVA_HOME/bin/javac" -d "$data/classes" "$BENCH_TOOLS/Backend.java" "$BENCH_TOOLS/LoadGen.java"
}

bench_spawn() {
  "$@" >> "$data/spawned.log" 2>&1 &
  bench_pids+=($!)
}

bench_server() {
  "$ROOT/aegisml" server > "$data/server.log" 2>&1 &
  bench_pids+=($!)
  for _ in $(seq 1 120); do curl -sf "$base/healthz" >/dev/null && return 0; sleep 0.5; done
  echo "the server did not start:" >&2; tail -n 50 "$data/server.log" >&2; exit 1
}

bench_req() { curl -sf -o /dev/null -X "$1" "$base$2" -H "$auth" "${@:3}"; }
