#!/usr/bin/env bash
# LoRA fine-tuning speed: TRL's SFTTrainer and orchestrate's native trainer on the same work, side by side:
#   TRAIN_PYTHON=/path/to/venv/bin/python Benchmarks/training.sh [STEPS] [WARMUP_STEPS]
# TRAIN_PYTHON is the python of a virtual environment with torch, transformers, peft, trl, datasets and gguf
# (Benchmarks/trl_sft_bench.py names the versions). The work: SmolLM2-135M from the project's GGUF
# (dequantized to float32), LoRA r 8, alpha 16, dropout 0 on every linear layer of the decoder, AdamW at a
# constant 2e-4, 4 rows of exactly 256 tokens a step cut from the handbook's instruct dataset (every token
# labelled; TRAIN_LABELS=assistant for the answers only), 2 threads,
# STEPS (5) timed optimizer steps after WARMUP_STEPS (1) untimed ones. Each side reports its own tokens/s;
# /usr/bin/time -v gives both the whole process's wall time and maximum resident set size.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${TRAIN_PYTHON:?set TRAIN_PYTHON to a python with torch, transformers, peft, trl, datasets and gguf}"
steps=${1:-5}
warmup=${2:-1}
model=${TRAIN_MODEL:-$PWD/models/SmolLM2-135M-Instruct.Q4_1.gguf}
data=${TRAIN_DATA:-$PWD/../shared/data/handbook/artifacts/instruct_datasets.json}

# The project's command for the same work (BENCHMARKS.md uses the example below). It runs
# under `sh -c` with these variables exported: TRAIN_MODEL (the .gguf file), TRAIN_ROWS (the exact rows TRL
# trained on: JSON lines of {"input_ids": [256 ids], "labels": [256 labels, -100 = no loss]}), TRAIN_STEPS,
# TRAIN_WARMUP, TRAIN_BATCH (4), TRAIN_LENGTH (256), TRAIN_RANK (8), TRAIN_ALPHA (16), TRAIN_THREADS (2),
# TRAIN_OUTPUT (an empty folder for the adapter). It should print its tokens/s over the timed steps. A native
# benchmark with the same shapes on tokens of its own (not TRAIN_ROWS) would read, for instance:
#   ORCHESTRATE_TRAIN_CMD='.build/release/orchestrate-bench train "$TRAIN_MODEL" 4 256 "$TRAIN_STEPS" 8 2'
# after `swift build -c release --product orchestrate-bench`.
ORCHESTRATE_TRAIN_CMD=${ORCHESTRATE_TRAIN_CMD:-}
# <<<

for file in "$model" "$data"; do
    [ -f "$file" ] || { echo "training.sh: $file does not exist (set TRAIN_MODEL or TRAIN_DATA)" >&2; exit 2; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export OMP_NUM_THREADS=2 OPENBLAS_NUM_THREADS=2

rss() { sed -n 's/^\tMaximum resident set size (kbytes): \([0-9]*\)$/\1/p' "$1" | awk '{printf "%.0f MiB", $1 / 1024}'; }
wall() { sed -n 's/^\tElapsed (wall clock) time (h:mm:ss or m:ss): //p' "$1"; }

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
versions='import torch, transformers, peft, trl
print("torch", torch.__version__, "transformers", transformers.__version__, "peft", peft.__version__, "trl", trl.__version__)'
echo "== peer: $("$TRAIN_PYTHON" -c "$versions" 2>/dev/null)"
echo "== $(basename "$model"), LoRA r 8 alpha 16 all-linear, 4 x 256 tokens a step, $warmup untimed + $steps timed steps, 2 threads"

echo "-- TRL SFTTrainer"
/usr/bin/time -v -o "$work/trl.time" "$TRAIN_PYTHON" Benchmarks/trl_sft_bench.py --model "$model" --data "$data" \
    --steps "$steps" --warmup "$warmup" --labels "${TRAIN_LABELS:-all}" --rows-out "$work/rows.jsonl" 2>"$work/trl.err" \
    || { tail -5 "$work/trl.err" >&2; exit 1; }
echo "   whole process: $(wall "$work/trl.time") wall, maximum resident set size $(rss "$work/trl.time")"

echo "-- orchestrate (native trainer)"
if [ -z "$ORCHESTRATE_TRAIN_CMD" ]; then
    echo "   skipped: ORCHESTRATE_TRAIN_CMD is not set (see the top of Benchmarks/training.sh)"
    exit 0
fi
mkdir "$work/adapter"
TRAIN_MODEL=$model TRAIN_ROWS=$work/rows.jsonl TRAIN_STEPS=$steps TRAIN_WARMUP=$warmup TRAIN_BATCH=4 \
    TRAIN_LENGTH=256 TRAIN_RANK=8 TRAIN_ALPHA=16 TRAIN_THREADS=2 TRAIN_OUTPUT=$work/adapter \
    /usr/bin/time -v -o "$work/native.time" sh -c "$ORCHESTRATE_TRAIN_CMD"
echo "   whole process: $(wall "$work/native.time") wall, maximum resident set size $(rss "$work/native.time")"
