#!/usr/bin/env python3
"""Writes reference.jsonl: the sentence embeddings sentence-transformers gives all-MiniLM-L6-v2 for the texts
of the tokenizer fixture, with the ids the model's own tokenizer gives them. Run it from the repository root
in a throw-away virtual environment (see README.md):

    /tmp/embref/bin/python Tests/ComputeTests/Fixtures/embeddings/make_reference.py

The model is loaded from its local folder only; nothing is fetched.
"""

import argparse
import json
import os
import sys
from fractions import Fraction
from pathlib import Path

# Only the local folder: never ask the Hugging Face hub for anything.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import numpy as np  # noqa: E402
import sentence_transformers  # noqa: E402
import torch  # noqa: E402
import transformers  # noqa: E402
from sentence_transformers import SentenceTransformer  # noqa: E402

try:  # sentence-transformers 6 moved the module classes; older releases have them in .models
    from sentence_transformers.sentence_transformer.modules import Normalize  # noqa: E402
except ImportError:
    from sentence_transformers.models import Normalize  # noqa: E402

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[3]
MAX_LENGTH = 256  # sentence_bert_config.json's max_seq_length
DIMENSION = 384


def float32_text(value):
    """The shortest decimal that reads back as exactly this float32 (numpy's Dragon4 in float32 precision)."""
    return np.format_float_positional(np.float32(value), unique=True, trim="-")


def reads_back(text, value):
    """Whether `text`, rounded once and correctly to float32, is `value`: checked exactly with fractions, so
    that no float64 step in between can hide a double rounding."""
    exact = Fraction(text)
    below = np.nextafter(value, np.float32(-np.inf), dtype=np.float32)
    above = np.nextafter(value, np.float32(np.inf), dtype=np.float32)
    here = Fraction(float(value))
    low = (Fraction(float(below)) + here) / 2
    high = (Fraction(float(above)) + here) / 2
    even = int(np.float32(value).view(np.uint32)) % 2 == 0
    if exact == low or exact == high:
        return even
    return low < exact < high


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default=str(ROOT / "models/all-MiniLM-L6-v2"))
    parser.add_argument("--texts", default=str(ROOT / "Tests/ComputeTests/Fixtures/tokenizer/reference.jsonl"))
    parser.add_argument("--out", default=str(HERE / "reference.jsonl"))
    arguments = parser.parse_args()

    # One thread and one text at a time: no padding, no batch-shape effects, the same floats on every run.
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)

    model = SentenceTransformer(arguments.model, device="cpu")
    if model.max_seq_length != MAX_LENGTH:
        sys.exit(f"max_seq_length is {model.max_seq_length}, expected {MAX_LENGTH}")
    if not any(isinstance(module, Normalize) for module in model):
        sys.exit("the model has no Normalize module")

    with open(arguments.texts, encoding="utf-8") as lines:
        fixture = [json.loads(line) for line in lines]

    mismatches = 0
    with open(arguments.out, "w", encoding="utf-8") as out:
        for entry in fixture:
            text = entry["text"]
            # The tokenizer as sentence-transformers calls it: truncated to max_seq_length, [CLS] and [SEP]
            # added, and (one text alone) no padding.
            tokenize = getattr(model, "preprocess", None) or model.tokenize  # `tokenize` before 6.0
            ids = tokenize([text])["input_ids"][0].tolist()
            if ids != entry["ids"]:
                mismatches += 1
                print(f"ids differ from the tokenizer fixture for {text!r}", file=sys.stderr)
            vector = model.encode([text], batch_size=1, convert_to_numpy=True, normalize_embeddings=True)[0]
            vector = vector.astype(np.float32)
            if vector.shape != (DIMENSION,):
                sys.exit(f"vector of shape {vector.shape}")
            written = [float32_text(v) for v in vector]
            for text_value, value in zip(written, vector):
                if not reads_back(text_value, value):
                    sys.exit(f"{text_value} does not read back as {value!r}")
            out.write('{"text": ' + json.dumps(text, ensure_ascii=False) + ', "ids": ' + json.dumps(ids)
                      + ', "vector": [' + ", ".join(written) + "]}\n")

    print(f"{len(fixture)} texts, {mismatches} id mismatches; Python {sys.version.split()[0]}, torch {torch.__version__}, "
          f"sentence-transformers {sentence_transformers.__version__}, transformers {transformers.__version__}, "
          f"numpy {np.__version__}")
    if mismatches:
        sys.exit(1)


if __name__ == "__main__":
    main()
