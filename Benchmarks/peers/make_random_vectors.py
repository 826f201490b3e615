#!/usr/bin/env python3
# Writes N random unit vectors of DIM float32 to OUT as raw little-endian float32, row-major: each vector
# is DIM Gaussian draws (numpy's PCG64 generator seeded with SEED) divided by its length.
#
#   python make_random_vectors.py OUT N DIM SEED
#
# Deterministic: the same N, DIM and SEED always give the same bytes.
import sys

import numpy as np


def main():
    if len(sys.argv) != 5:
        sys.exit("usage: make_random_vectors.py OUT N DIM SEED")
    out, count, dimension, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    generator = np.random.Generator(np.random.PCG64(seed))
    vectors = generator.standard_normal((count, dimension), dtype=np.float64)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    vectors.astype("<f4").tofile(out)
    print(f"{count} unit vectors of {dimension} float32 (seed {seed}) in {out}")


if __name__ == "__main__":
    main()
