#!/usr/bin/env bash
# Policy guards on the gateway (issue 5): what the input and output guards add to an LLM call,
# and how long each policy decision takes, on loopback.
#   releng/bench/guards.sh [rate=1000] [seconds=20] [rounds=3]
# Starts a fake OpenAI-compatible model server (releng/bench/gateway/Backend.java in chat mode),
# the server product on a fresh embedded H2 store and one LLM endpoint. Each round sends chat
# completions at `rate` requests/s (releng/bench/gateway/LoadGen.java, open loop, latency from
# each request's due time) twice: with no policy, then with the shipped guard policies
# (injection-guard at gateway_request, block-credit-cards at gateway_response) enabled, so
# every call makes two decisions, each audited. The decision-time histogram is read from
# /metrics before and after each guarded run (aegisml_policy_decision_duration_seconds):
# its p99 is the smallest bucket bound holding 99% of that run's decisions.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
EXAMPLES="$ROOT/bundles/org.aegisml.policy/examples"
rate="${1:-1000}"; seconds="${2:-20}"; rounds="${3:-3}"
. "$ROOT/releng/bench/lib.sh"
pa=$((port + 1))
bench_tools
bench_spawn "$JAVA_HOME/bin/java" -cp "$data/classes" Backend "$pa" 0 chat
bench_server
req() { bench_req "$@"; }
echo '{}' > "$data/a.bin"
req POST /api/v1/models -H 'Content-Type: application/json' -d '{"name":"assistant","kind":"llm"}'
req POST /api/v1/models/assistant/versions -F 'metadata={"framework":"llm"};type=application/json' -F "artifact=@$data/a.bin"
req POST /api/v1/deployments -H 'Content-Type: application/json' -d "{\"name\":\"assistant\",\"stable\":{\"version\":\"models/assistant/1\",
  \"backend\":{\"type\":\"openai-chat\",\"url\":\"http://127.0.0.1:$pa/v1\",\"timeout\":\"2s\"}}}"
for p in ${POLICIES:-injection-guard block-credit-cards}; do
  req PUT "/api/v1/policies/$p?enabled=false" -H 'Content-Type: application/yaml' --data-binary "@$EXAMPLES/$p.yaml"
done
sleep 2
guards() { for p in ${POLICIES:-injection-guard block-credit-cards}; do req POST "/api/v1/policies/$p/$1"; done; sleep 3; } # > refresh interval
histogram() { curl -sf "$base/metrics" | grep '^aegisml_policy_decision_duration_seconds_bucket'; }
p99() { # before after: the smallest bucket bound holding 99% of the decisions made between two scrapes
  paste <(echo "$1") <(echo "$2") | awk '{ split($1, a, " "); n = split($0, f, " "); le = a[1]; sub(/.*le="/, "", le); sub(/".*/, "", le);
    les[NR] = le; d[NR] = f[4] - f[2] } END { total = d[NR]; for (i = 1; i <= NR; i++) if (d[i] >= 0.99 * total) {
    printf "%d decisions, p99 <= %s s", total, les[i]; exit } }'
}
export LOADGEN_BODY='{"model":"bench","messages":[{"role":"system","content":"You are a support assistant."},{"role":"user","content":"Where is my order 1234? It was due yesterday."}]}'
load() { "$JAVA_HOME/bin/java" -cp "$data/classes" LoadGen "$base/v1/endpoints/assistant/chat/completions" "$rate" "$1" 64 3 "$auth"; }

echo "# $(date -u +%FT%TZ) rate=$rate/s ${seconds}s x $rounds rounds, $(nproc) cores shared by the client, server and model server"
load 20 > /dev/null; guards enable; load 20 > /dev/null; guards disable   # JIT warm-up, both paths
for r in $(seq 1 "$rounds"); do
  printf 'no policy  round %d: %s\n' "$r" "$(load "$seconds")"
  guards enable
  before="$(histogram)"
  printf 'guarded    round %d: %s\n' "$r" "$(load "$seconds")"
  after="$(histogram)"
  printf '  decisions round %d: %s\n' "$r" "$(p99 "$before" "$after")"
  guards disable
done
curl -sf "$base/metrics" | grep -E '^aegisml_policy_(rule_errors|audit_dropped)_total'
