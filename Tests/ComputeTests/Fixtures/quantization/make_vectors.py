"""Writes the quantization test vectors: for each GGML type, the raw blocks of a small matrix and their
dequantization by the `gguf` Python package, the reference the Swift tests compare against.

    python make_vectors.py   # with gguf (0.19) and numpy installed; rewrites the files beside it

Q8_0, Q4_0 and Q4_1 are quantized from random floats with `gguf.quants.quantize`. gguf-py cannot quantize
the K-quants, so their blocks are random bytes with finite, positive half-float super-block scales.
"""

import pathlib

import numpy as np
from gguf import GGMLQuantizationType as T
from gguf import quants

ROWS, COLUMNS = 3, 512
HERE = pathlib.Path(__file__).parent
rng = np.random.default_rng(20260124)


def half_bytes(values):
    return np.asarray(values, dtype=np.float16).view(np.uint8).reshape(-1, 2)


def k_blocks(kind, count):
    size = {T.Q4_K: 144, T.Q5_K: 176, T.Q6_K: 210}[kind]
    blocks = rng.integers(0, 256, size=(count, size), dtype=np.uint8)
    if kind == T.Q6_K:
        blocks[:, 208:210] = half_bytes(rng.uniform(1e-4, 2e-3, count))
    else:
        blocks[:, 0:2] = half_bytes(rng.uniform(1e-4, 2e-3, count))
        blocks[:, 2:4] = half_bytes(rng.uniform(1e-4, 2e-3, count))
    return blocks


for kind in [T.Q8_0, T.Q4_0, T.Q4_1, T.Q4_K, T.Q5_K, T.Q6_K]:
    if kind in (T.Q8_0, T.Q4_0, T.Q4_1):
        floats = rng.standard_normal((ROWS, COLUMNS)).astype(np.float32)
        blocks = quants.quantize(floats, kind)
    else:
        blocks = k_blocks(kind, ROWS * COLUMNS // 256).reshape(ROWS, -1)
    reference = quants.dequantize(blocks, kind).astype("<f4")
    assert reference.shape == (ROWS, COLUMNS) and np.isfinite(reference).all()
    name = kind.name.lower()
    (HERE / f"{name}.blocks").write_bytes(blocks.tobytes())
    (HERE / f"{name}.f32").write_bytes(reference.tobytes())
    print(name, blocks.nbytes, "bytes of blocks")
