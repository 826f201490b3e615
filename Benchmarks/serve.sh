#!/usr/bin/env bash
# `orchestrate serve` under concurrent streaming clients, and llama-cpp-python's server on the same GGUF file
# side by side when SERVE_PEER_PYTHON names a python with `llama-cpp-python[server]` (Benchmarks/peers/README.md):
#   SERVE_PEER_PYTHON=/tmp/llamacpp/bin/python Benchmarks/serve.sh [CLIENT_COUNTS] [REQUESTS_PER_CLIENT] [MAX_TOKENS]
# CLIENT_COUNTS defaults to "1 4 16". Each run: aggregate tokens/s and median and p95 time to first token.
# BUILD_PATH picks another SwiftPM build folder than .build.
set -euo pipefail
cd "$(dirname "$0")/.."
counts=${1:-"1 4 16"}
per_client=${2:-2}
max_tokens=${3:-128}
model=models/SmolLM2-135M-Instruct.Q4_1.gguf
[ -f "$model" ] || { echo "no $model: run ./scripts/setup" >&2; exit 2; }
build=${BUILD_PATH:-.build}
swift build -c release --product orchestrate --build-path "$build" >/dev/null
pids=()
trap 'for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done' EXIT

wait_ready() { # URL
    for _ in $(seq 1 300); do curl -fs "$1" >/dev/null 2>&1 && return 0; sleep 0.2; done
    echo "server at $1 did not start" >&2; exit 1
}

load() { # NAME BASE_URL MODEL_NAME
    for clients in $counts; do
        printf '%-22s ' "$1"
        python3 Benchmarks/peers/serve_load.py "$2" "$3" "$clients" "$per_client" "$max_tokens"
    done
}

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== $model, $per_client streaming requests per client, $max_tokens tokens each at most, greedy"
"$build/release/orchestrate" serve --port 18471 --model "$model" --parallel 16 --queue 64 2>/dev/null &
pids+=($!)
wait_ready http://127.0.0.1:18471/health
load "orchestrate serve" http://127.0.0.1:18471 SmolLM2-135M-Instruct.Q4_1
kill "${pids[0]}"

if [ -n "${SERVE_PEER_PYTHON:-}" ]; then
    "$SERVE_PEER_PYTHON" -m llama_cpp.server --model "$model" --port 18472 --n_ctx 4096 --model_alias smollm2 \
        >/dev/null 2>&1 &
    pids+=($!)
    wait_ready http://127.0.0.1:18472/v1/models
    load "llama-cpp-python" http://127.0.0.1:18472 smollm2
fi
