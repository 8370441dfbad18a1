#!/usr/bin/env bash
# Gateway overhead (issue 4): the same load against a model server directly and through the
# gateway, in one run, on loopback.
#   releng/bench/gateway.sh [rate=2000] [seconds=20] [rounds=3] [saturation_connections=32]
# Starts two model servers (releng/bench/gateway/Backend.java: a keep-alive HTTP server that
# answers a fixed JSON prediction), the server product on a fresh embedded H2 store, and two
# endpoints: `bench` (stable only, on model server A) and `bench-shadow` (the same stable plus a
# shadow rollout copying 100% of calls to model server B). Then, after a 20 s warm-up of each:
#   fixed rate  releng/bench/gateway/LoadGen.java, open loop at `rate` requests/s over 64
#               connections, latency from each request's due time: direct, gateway, gateway+shadow,
#               interleaved within each round
#   saturation  wrk, closed loop, `saturation_connections` connections: direct and gateway
# Prints every round; quote the medians. Needs wrk (apt-get install -y wrk) for saturation.
# AEGISML_JAVA_OPTS reaches the server JVM. BACKEND_DELAY_US makes each model server answer
# after that many microseconds (default 0: the gateway's own cost against a server that does
# nothing; a real model takes milliseconds).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
rate="${1:-2000}"; seconds="${2:-20}"; rounds="${3:-3}"; satconns="${4:-32}"
. "$ROOT/releng/bench/lib.sh"
pa=$((port + 1)); pb=$((port + 2))
bench_tools
bench_spawn "$JAVA_HOME/bin/java" -cp "$data/classes" Backend "$pa" "${BACKEND_DELAY_US:-0}"
bench_spawn "$JAVA_HOME/bin/java" -cp "$data/classes" Backend "$pb" "${BACKEND_DELAY_US:-0}"
bench_server
post() { bench_req POST "$@"; }
json() { post "$1" -H 'Content-Type: application/json' -d "$2"; }

echo '{}' > "$data/a.bin"
json /api/v1/models '{"name":"bench","kind":"ml"}'
for v in 1 2; do
  post /api/v1/models/bench/versions -F 'metadata={"framework":"sklearn"};type=application/json' -F "artifact=@$data/a.bin"
done
backend() { echo "{\"type\":\"http-json\",\"url\":\"http://127.0.0.1:$1/predict\",\"timeout\":\"2s\"}"; }
json /api/v1/deployments "{\"name\":\"bench\",\"stable\":{\"version\":\"models/bench/1\",\"backend\":$(backend "$pa")}}"
json /api/v1/deployments "{\"name\":\"bench-shadow\",\"stable\":{\"version\":\"models/bench/1\",\"backend\":$(backend "$pa")}}"
# A shadow rollout that stays in its one phase for the whole benchmark (analysis once an hour).
json /api/v1/deployments/bench-shadow/rollouts "{\"strategy\":\"shadow\",\"shadow_percent\":100,
  \"candidate\":{\"version\":\"models/bench/2\",\"backend\":$(backend "$pb")},
  \"steps\":[{\"duration\":\"2h\"}],\"analysis\":[{\"metric\":\"error_rate\",\"threshold\":0.5}],\"interval\":\"1h\",\"window\":\"1h\"}"
sleep 2 # the gateway's routing table picks the rollout up within its poll interval

direct="http://127.0.0.1:$pa/predict"
gw="$base/v1/endpoints/bench/invoke"
shadow="$base/v1/endpoints/bench-shadow/invoke"
load() { "$JAVA_HOME/bin/java" -cp "$data/classes" LoadGen "$1" "$rate" "$2" 64 3 "$auth"; }

echo "# $(date -u +%FT%TZ) backend delay ${BACKEND_DELAY_US:-0} us, rate=$rate/s ${seconds}s x $rounds rounds, $(nproc) cores shared by clients, server and model servers"
for target in "$direct" "$gw" "$shadow"; do load "$target" 20 > /dev/null; done   # JIT warm-up
for r in $(seq 1 "$rounds"); do
  printf 'direct   round %d: %s\n' "$r" "$(load "$direct" "$seconds")"
  printf 'gateway  round %d: %s\n' "$r" "$(load "$gw" "$seconds")"
  printf 'shadow   round %d: %s\n' "$r" "$(load "$shadow" "$seconds")"
done

if command -v wrk >/dev/null; then
  cat > "$data/post.lua" <<LUA
wrk.method = "POST"
wrk.body = '{"tenure":12,"plan":"pro","monthly":49.5,"country":"DE"}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $key"
LUA
  sat() { wrk -t1 -c"$satconns" -d"${seconds}s" -s "$data/post.lua" "$1" | awk '/Requests\/sec/ {print $2 " requests/s"} /Latency/ {lat=$2} END {}'; }
  echo "# saturation: wrk 1 thread, $satconns connections, closed loop"
  for r in $(seq 1 "$rounds"); do
    printf 'direct   round %d: %s\n' "$r" "$(sat "$direct")"
    printf 'gateway  round %d: %s\n' "$r" "$(sat "$gw")"
  done
else
  echo "# saturation skipped: install wrk (apt-get install -y wrk)"
fi
curl -sf "$base/metrics" -H "$auth" | grep -E '^aegisml_gateway' || true
