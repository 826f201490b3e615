#!/usr/bin/env python3
# Peer benchmark: sentence embeddings with sentence-transformers (PyTorch, CPU), for comparison with
# `orchestrate`'s own encoder on the same model and the same lines.
#
#   python sentence_transformers_embed.py MODEL_DIR FILE [--batch-size 32] [--repeat 3] [--write-vectors PATH]
#
# MODEL_DIR is a local sentence-transformers folder (e.g. models/all-MiniLM-L6-v2); nothing is fetched.
# Every line of FILE (UTF-8, split on "\n" only) is one text. The model runs on the CPU with
# torch.set_num_threads(os.cpu_count()); after a warm-up batch, the whole file is encoded --repeat times
# (normalize_embeddings=True) and the best time is reported as one JSON line:
#   {"texts", "seconds", "per_second", "torch", "sentence_transformers", "threads", "batch_size", "repeat"}
# --write-vectors PATH writes the vectors of the last run as raw float32, little-endian, row-major
# (texts x dimension), in the order of the lines of FILE.
import argparse
import json
import os
import sys
import time

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import numpy as np  # noqa: E402
import sentence_transformers  # noqa: E402
import torch  # noqa: E402
from sentence_transformers import SentenceTransformer  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("model_dir")
    parser.add_argument("file")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--write-vectors", metavar="PATH")
    arguments = parser.parse_args()
    if not os.path.isdir(arguments.model_dir):
        sys.exit(f"{arguments.model_dir} is not a folder (the model is only loaded from a local folder)")

    threads = os.cpu_count()
    torch.set_num_threads(threads)
    with open(arguments.file, encoding="utf-8", newline="") as file:
        texts = file.read().split("\n")
    if texts and texts[-1] == "":
        texts.pop()
    if not texts:
        sys.exit(f"{arguments.file} has no lines")

    model = SentenceTransformer(arguments.model_dir, device="cpu")

    def encode():
        return model.encode(texts, batch_size=arguments.batch_size, convert_to_numpy=True,
                            normalize_embeddings=True, show_progress_bar=False)

    with torch.inference_mode():
        model.encode(texts[:arguments.batch_size], batch_size=arguments.batch_size, show_progress_bar=False)
        best = float("inf")
        for _ in range(max(1, arguments.repeat)):
            start = time.perf_counter()
            vectors = encode()
            best = min(best, time.perf_counter() - start)

    if arguments.write_vectors:
        vectors.astype("<f4", copy=False).tofile(arguments.write_vectors)

    print(json.dumps({
        "texts": len(texts),
        "seconds": round(best, 4),
        "per_second": round(len(texts) / best, 1),
        "torch": torch.__version__,
        "sentence_transformers": sentence_transformers.__version__,
        "threads": threads,
        "batch_size": arguments.batch_size,
        "repeat": max(1, arguments.repeat),
        "dimension": int(vectors.shape[1]),
    }))


if __name__ == "__main__":
    main()
