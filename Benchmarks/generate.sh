#!/usr/bin/env bash
# The native Llama-family decoder against transformers on PyTorch, measured side by side in one run:
#   GENERATE_PYTHON=/tmp/embref/bin/python Benchmarks/generate.sh [PROMPT_TOKENS] [DECODE_TOKENS] [REPEATS]
# GENERATE_PYTHON is the python of a virtual environment with torch and transformers (Benchmarks/peers/README.md).
# The model is random, SmolLM-135M's shape in float32, written by Benchmarks/peers/make_random_llama.py.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${GENERATE_PYTHON:?set GENERATE_PYTHON to a python with torch and transformers (Benchmarks/peers/README.md)}"
prompt=${1:-128}
decode=${2:-64}
repeats=${3:-5}
swift build -c release --product orchestrate-bench >/dev/null
bench=$PWD/.build/release/orchestrate-bench
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== peer: $("$GENERATE_PYTHON" -c 'import torch, transformers; print("torch", torch.__version__, "transformers", transformers.__version__)')"
"$GENERATE_PYTHON" Benchmarks/peers/make_random_llama.py "$work/model" 2>/dev/null
echo "== $prompt prompt tokens, then $decode greedy tokens; median of $repeats after a warm-up round"
for round in 1 2; do
    echo "-- round $round: orchestrate (native decoder)"
    "$bench" generate "$work/model" "$prompt" "$decode" "$repeats"
    echo "-- round $round: transformers on PyTorch"
    "$GENERATE_PYTHON" Benchmarks/peers/transformers_generate.py "$work/model" "$prompt" "$decode" "$repeats" 2>/dev/null
done
