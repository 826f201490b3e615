#!/usr/bin/env bash
# SmolLM2-135M-Instruct Q4_1 (the default generator, models/ after ./scripts/setup) computed by orchestrate
# on its quantized blocks, by llama.cpp (llama-cpp-python) and by transformers on PyTorch (which
# dequantizes the GGUF file to float32), side by side in one run:
#   LLAMACPP_PYTHON=/tmp/llamaref/bin/python GENERATE_PYTHON=/tmp/embref/bin/python Benchmarks/gguf.sh [PROMPT] [DECODE] [REPEATS]
# LLAMACPP_PYTHON has llama-cpp-python; GENERATE_PYTHON has torch, transformers, gguf and accelerate
# (Benchmarks/peers/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
: "${LLAMACPP_PYTHON:?set LLAMACPP_PYTHON to a python with llama-cpp-python (Benchmarks/peers/README.md)}"
: "${GENERATE_PYTHON:?set GENERATE_PYTHON to a python with torch, transformers, gguf and accelerate}"
model=${GGUF_MODEL:-models/SmolLM2-135M-Instruct.Q4_1.gguf}
prompt=${1:-128}
decode=${2:-64}
repeats=${3:-5}
test -f "$model" || { echo "no $model: run ./scripts/setup" >&2; exit 1; }
swift build -c release --product orchestrate-bench >/dev/null
bench=$PWD/.build/release/orchestrate-bench

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== peers: llama-cpp-python $("$LLAMACPP_PYTHON" -c 'import llama_cpp; print(llama_cpp.__version__)'), $("$GENERATE_PYTHON" -c 'import torch, transformers; print("torch", torch.__version__, "transformers", transformers.__version__)')"
echo "== $model: $prompt prompt tokens, then $decode greedy tokens; median of $repeats after a warm-up round"
for round in 1 2; do
    echo "-- round $round: orchestrate (quantized blocks)"
    "$bench" generate "$model" "$prompt" "$decode" "$repeats"
    echo "-- round $round: llama.cpp"
    "$LLAMACPP_PYTHON" Benchmarks/peers/llamacpp_generate.py "$model" "$prompt" "$decode" "$repeats" 2>/dev/null
    echo "-- round $round: transformers on PyTorch (float32)"
    "$GENERATE_PYTHON" Benchmarks/peers/transformers_generate.py "$model" "$prompt" "$decode" "$repeats" 2>/dev/null
done
