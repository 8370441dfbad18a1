#!/usr/bin/env bash
# Offline evaluation throughput (issue 5): one run of N examples against a local model server,
# through the REST API, on loopback.
#   releng/bench/evaluation.sh [examples=10000] [concurrency=32] [rounds=3]
# Starts a model server (releng/bench/gateway/Backend.java: keep-alive HTTP, a fixed JSON
# prediction), the server product on a fresh embedded H2 store, a model whose signature is
# x:number, and a golden dataset of N labelled CSV rows. Each round POSTs
# /api/v1/evaluations (accuracy, f1, latency_ms; the backend called with `concurrency` calls in
# flight) and times the request: the run answers once every example was called, scored and
# stored with its per-example result. One unmeasured warm-up run first. Quote the median.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
n="${1:-10000}"; conc="${2:-32}"; rounds="${3:-3}"
. "$ROOT/releng/bench/lib.sh"
pa=$((port + 1))
bench_tools
bench_spawn "$JAVA_HOME/bin/java" -cp "$data/classes" Backend "$pa"
bench_server
post() { bench_req POST "$@"; }
echo '{}' > "$data/a.bin"
post /api/v1/models -H 'Content-Type: application/json' -d '{"name":"bench","kind":"ml"}'
post /api/v1/models/bench/versions -F 'metadata={"framework":"sklearn","signature":[{"name":"x","type":"number"}]};type=application/json' \
  -F "artifact=@$data/a.bin"
{ echo "id,x,label"; for i in $(seq 1 "$n"); do echo "e$i,$i,$((i % 2))"; done; } > "$data/golden.csv"
post /api/v1/datasets -H 'Content-Type: application/json' -d '{"name":"golden"}'
post /api/v1/datasets/golden/versions -F "file=@$data/golden.csv;type=text/csv"
spec="{\"target\":\"models/bench/1\",\"dataset\":\"datasets/golden/1\",\"metrics\":[\"accuracy\",\"f1\",\"latency_ms\"],
  \"backend\":{\"type\":\"http-json\",\"url\":\"http://127.0.0.1:$pa/predict\",\"timeout\":\"5s\"},\"concurrency\":$conc}"
run() { curl -sf -o "$data/run.json" -w '%{time_total}' -X POST "$base/api/v1/evaluations" -H "$auth" -H 'Content-Type: application/json' -d "$spec"; }

echo "# $(date -u +%FT%TZ) $n examples, concurrency $conc, $(nproc) cores shared by the server and the model server"
run > /dev/null   # JIT warm-up
for r in $(seq 1 "$rounds"); do
  t="$(run)"
  failed="$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d.get("failed"), "failed of", d.get("examples"))' "$data/run.json")"
  awk -v n="$n" -v t="$t" -v r="$r" -v f="$failed" 'BEGIN { printf "round %d: %.2f s, %.0f examples/s (%s)\n", r, t, n / t, f }'
done
