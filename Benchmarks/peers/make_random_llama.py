#!/usr/bin/env python3
"""Writes a randomly initialised LlamaForCausalLM with SmolLM-135M's shape (30 layers, hidden 576, 9 heads,
3 key/value heads, intermediate 1536, vocabulary 49,152, tied embeddings) in float32 to FOLDER, for timing
decoders without fetching a model. The weights are transformers' default init from seed 0; speed does not
depend on their values.

    /tmp/embref/bin/python Benchmarks/peers/make_random_llama.py FOLDER
"""

import os
import sys

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import torch  # noqa: E402
from transformers import LlamaConfig, LlamaForCausalLM  # noqa: E402


def main():
    folder = sys.argv[1]
    torch.manual_seed(0)
    config = LlamaConfig(
        vocab_size=49152,
        hidden_size=576,
        intermediate_size=1536,
        num_hidden_layers=30,
        num_attention_heads=9,
        num_key_value_heads=3,
        max_position_embeddings=2048,
        rms_norm_eps=1e-5,
        rope_theta=100000.0,
        tie_word_embeddings=True,
        bos_token_id=1,
        eos_token_id=2,
    )
    LlamaForCausalLM(config).save_pretrained(folder)


if __name__ == "__main__":
    main()
