#!/usr/bin/env bash
# Native embeddings and the vector index against their Python peers, measured side by side in one run:
#   EMBED_PYTHON=/tmp/embref/bin/python Benchmarks/embeddings.sh
# EMBED_PYTHON is the python of a virtual environment with sentence-transformers and hnswlib installed
# (set-up: Benchmarks/peers/README.md). The model is the one ./scripts/setup fetches.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${EMBED_PYTHON:?set EMBED_PYTHON to a python with sentence-transformers and hnswlib (Benchmarks/peers/README.md)}"
swift build -c release --product orchestrate >/dev/null
swift build -c release --product orchestrate-bench >/dev/null
bench=$PWD/.build/release/orchestrate-bench
bin=$PWD/.build/release/orchestrate
model=models/all-MiniLM-L6-v2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(grep -o -m1 -w -E 'avx512f|avx2' /proc/cpuinfo | sort -u | tail -1)"
echo "== peers: $("$EMBED_PYTHON" -c 'import torch, sentence_transformers as s, hnswlib; print("torch", torch.__version__, "sentence-transformers", s.__version__, "hnswlib", getattr(hnswlib, "__version__", "0.8.0"))')"
python3 Benchmarks/peers/make_embedding_corpus.py "$work" >/dev/null

echo "== float32 rate of OpenBLAS on a 2048² product, all cores (the practical peak)"
"$bench" sgemm

for file in queries passages; do
    echo "== $file: 1,000 lines, batch 32, best of 3 (model loaded and warmed up first)"
    echo "-- orchestrate (native encoder)"
    "$bench" embed "$model" "$work/$file.txt" 32 3
    echo "-- sentence-transformers on PyTorch"
    "$EMBED_PYTHON" Benchmarks/peers/sentence_transformers_embed.py "$model" "$work/$file.txt" --batch-size 32 --repeat 3 \
        --write-vectors "$work/$file.f32" 2>/dev/null
    echo "-- whole process, model loading included: peak memory (KB) and seconds"
    /usr/bin/time -f "orchestrate embed: %M KB, %e s" "$bin" embed --model "$model" < "$work/$file.txt" > /dev/null
    /usr/bin/time -f "sentence-transformers: %M KB, %e s" "$EMBED_PYTHON" Benchmarks/peers/sentence_transformers_embed.py \
        "$model" "$work/$file.txt" --repeat 1 > /dev/null 2>"$work/time.txt" || true
    tail -1 "$work/time.txt"
done

echo "== vector index: 100,000 vectors, 1,000 queries, recall@10 against exact search, M 16, efConstruction 200, 2 build threads"
python3 Benchmarks/make_text_windows.py "$work/windows.txt" 101000 12
head -100000 "$work/windows.txt" > "$work/base.txt"
tail -1000 "$work/windows.txt" > "$work/queries-w.txt"
"$bench" embed-vectors "$model" "$work/base.txt" "$work/text.f32"
"$bench" embed-vectors "$model" "$work/queries-w.txt" "$work/text-q.f32"
"$EMBED_PYTHON" Benchmarks/peers/make_random_vectors.py "$work/random.f32" 100000 384 1
"$EMBED_PYTHON" Benchmarks/peers/make_random_vectors.py "$work/random-q.f32" 1000 384 2
# Three level seeds, the same on both sides: recall and rate vary with the draw of levels and with the
# interleaving of the build threads, so one build of each says little about a difference of 0.001.
for data in text random; do
    for seed in 1 2 3; do
        echo "-- $data vectors, efSearch 50, seed $seed: orchestrate, then hnswlib"
        "$bench" index "$work/$data.f32" "$work/$data-q.f32" --dim 384 --ef-search 50 --threads 2 --seed "$seed"
        "$EMBED_PYTHON" Benchmarks/peers/hnswlib_index.py "$work/$data.f32" "$work/$data-q.f32" --dim 384 --ef-search 50 --threads 2 --seed "$seed"
    done
done
