#!/usr/bin/env python3
# Peer benchmark: approximate nearest-neighbour search with hnswlib, for comparison with `orchestrate`'s
# own vector index on the same vectors.
#
#   python hnswlib_index.py VECTORS QUERIES --dim 384 [--m 16] [--ef-construction 200] [--ef-search 50]
#                           [--k 10] [--threads 2] [--space ip] [--repeat 3] [--seed 100]
#
# VECTORS and QUERIES are raw little-endian float32 files, row-major, DIM floats a row, already of unit
# length (make_random_vectors.py, or sentence_transformers_embed.py --write-vectors). Prints one JSON line:
#   build_seconds                 add_items of every vector with --threads threads (M, ef_construction)
#   single_queries_per_second     one query per knn_query call, num_threads=1, best of --repeat passes
#   batch_queries_per_second      every query in one knn_query call, num_threads=--threads, best of --repeat
#   recall_at_k                   mean share of the exact k nearest (numpy dot products) the index returns
#   exact_seconds                 the brute-force numpy search of every query, for scale
# The single-query figure includes Python's per-call overhead (a few microseconds a call).
import argparse
import json
import sys
import time

import hnswlib
import numpy as np

try:
    from importlib.metadata import version as package_version
    HNSWLIB_VERSION = package_version("hnswlib")
except Exception:  # noqa: BLE001
    HNSWLIB_VERSION = getattr(hnswlib, "__version__", "unknown")


def load(path, dimension):
    data = np.fromfile(path, dtype="<f4")
    if data.size == 0 or data.size % dimension:
        sys.exit(f"{path}: {data.size} floats is not a whole number of rows of {dimension}")
    rows = data.reshape(-1, dimension).astype(np.float32, copy=False)
    norms = np.linalg.norm(rows.astype(np.float64), axis=1)
    if np.max(np.abs(norms - 1)) > 1e-3:
        print(f"warning: {path} has vectors that are not of unit length "
              f"(norms {norms.min():.4f} to {norms.max():.4f})", file=sys.stderr)
    return np.ascontiguousarray(rows)


def best_of(repeat, run):
    best, result = float("inf"), None
    for _ in range(max(1, repeat)):
        start = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - start)
    return best, result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("vectors")
    parser.add_argument("queries")
    parser.add_argument("--dim", type=int, required=True)
    parser.add_argument("--m", type=int, default=16)
    parser.add_argument("--ef-construction", type=int, default=200)
    parser.add_argument("--ef-search", type=int, default=50)
    parser.add_argument("--k", type=int, default=10)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--space", choices=("ip", "cosine"), default="ip")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=100, help="hnswlib's random_seed for the levels")
    arguments = parser.parse_args()

    vectors = load(arguments.vectors, arguments.dim)
    queries = load(arguments.queries, arguments.dim)
    count = len(vectors)
    k = arguments.k
    if not 0 < k <= count:
        sys.exit(f"--k {k} must be between 1 and the number of vectors ({count})")

    index = hnswlib.Index(space=arguments.space, dim=arguments.dim)
    start = time.perf_counter()
    index.init_index(max_elements=count, ef_construction=arguments.ef_construction, M=arguments.m,
                     random_seed=arguments.seed)
    index.add_items(vectors, np.arange(count), num_threads=arguments.threads)
    build_seconds = time.perf_counter() - start
    index.set_ef(max(arguments.ef_search, k))

    def single():
        return np.vstack([index.knn_query(query[None, :], k=k, num_threads=1)[0] for query in queries])

    def batch():
        return index.knn_query(queries, k=k, num_threads=arguments.threads)[0]

    single_seconds, single_labels = best_of(arguments.repeat, single)
    batch_seconds, batch_labels = best_of(arguments.repeat, batch)

    def exact():
        scores = queries @ vectors.T
        top = np.argpartition(-scores, k - 1, axis=1)[:, :k]
        return top

    exact_seconds, exact_labels = best_of(arguments.repeat, exact)
    hits = sum(len(set(found.tolist()) & set(truth.tolist())) for found, truth in zip(batch_labels, exact_labels))
    recall = hits / (len(queries) * k)

    print(json.dumps({
        "hnswlib": HNSWLIB_VERSION,
        "numpy": np.__version__,
        "vectors": count,
        "queries": len(queries),
        "dim": arguments.dim,
        "space": arguments.space,
        "m": arguments.m,
        "ef_construction": arguments.ef_construction,
        "ef_search": max(arguments.ef_search, k),
        "k": k,
        "threads": arguments.threads,
        "build_seconds": round(build_seconds, 4),
        "single_queries_per_second": round(len(queries) / single_seconds, 1),
        "batch_queries_per_second": round(len(queries) / batch_seconds, 1),
        "recall_at_k": round(recall, 4),
        "single_matches_batch": bool(np.array_equal(single_labels, batch_labels)),
        "exact_seconds": round(exact_seconds, 4),
    }))


if __name__ == "__main__":
    main()
