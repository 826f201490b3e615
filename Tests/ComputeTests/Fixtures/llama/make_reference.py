#!/usr/bin/env python3
"""Writes two tiny randomly initialised LlamaForCausalLM folders and their reference logits. Run it once from
the repository root in a throw-away virtual environment with torch and transformers (see README.md):

    /tmp/embref/bin/python Tests/ComputeTests/Fixtures/llama/make_reference.py

Nothing is fetched: the models are built from a config in code and initialised from a fixed seed.
"""

import json
import os
import shutil
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import numpy as np  # noqa: E402
import torch  # noqa: E402
import transformers  # noqa: E402
from transformers import LlamaConfig, LlamaForCausalLM  # noqa: E402

HERE = Path(__file__).resolve().parent
VOCAB = 300
LENGTHS = [1, 7, 33, 100, 3, 16]
CONTINUATION = 20

# Two variants: "tied" shares the embedding with the output layer and has a config.json in the layout that
# transformers 4.x writes (top-level rope_theta, rope_scaling null), as most published Llama-family models
# have; "untied" has its own lm_head, Llama 3.1's rope scaling (with a short original context so that every
# branch of the frequency rule is taken) and the rope_parameters layout of transformers 5.
VARIANTS = {
    "tied": dict(tie_word_embeddings=True, rope_theta=10000.0, rope_scaling=None, num_hidden_layers=2),
    "untied": dict(
        tie_word_embeddings=False,
        rope_theta=10000.0,
        rope_scaling={
            "rope_type": "llama3",
            "factor": 8.0,
            "low_freq_factor": 1.0,
            "high_freq_factor": 4.0,
            "original_max_position_embeddings": 32,
        },
        num_hidden_layers=2,
    ),
}


def make_config(variant):
    options = VARIANTS[variant]
    return LlamaConfig(
        vocab_size=VOCAB,
        hidden_size=64,
        intermediate_size=160,
        num_hidden_layers=options["num_hidden_layers"],
        num_attention_heads=4,
        num_key_value_heads=2,
        max_position_embeddings=128,
        rms_norm_eps=1e-5,
        rope_theta=options["rope_theta"],
        rope_scaling=options["rope_scaling"],
        tie_word_embeddings=options["tie_word_embeddings"],
        bos_token_id=1,
        eos_token_id=2,
        attn_implementation="eager",
    )


def initialise(model, seed):
    """Weights far from transformers' default init (std 0.02, norms all ones), which gives near-uniform logits
    whose greedy choices would hang on rounding; norm weights vary so that leaving one out shows."""
    generator = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, parameter in model.named_parameters():
            if name.endswith("norm.weight"):
                parameter.copy_(1 + 0.3 * torch.randn(parameter.shape, generator=generator))
            else:
                fan_in = parameter.shape[-1]
                parameter.copy_(torch.randn(parameter.shape, generator=generator) * (1.5 / fan_in**0.5))


def legacy_config(path, theta):
    """Rewrites config.json in the transformers 4.x layout."""
    config = json.loads(path.read_text())
    config.pop("rope_parameters", None)
    config["rope_theta"] = theta
    config["rope_scaling"] = None
    config.pop("transformers_version", None)
    path.write_text(json.dumps(config, indent=2, sort_keys=True) + "\n")


def float32_text(value):
    return np.format_float_positional(np.float32(value), unique=True, trim="-")


def logits_of(model, ids):
    with torch.no_grad():
        return model(torch.tensor([ids])).logits[0].to(torch.float32)


def greedy(model, prompt):
    """Full recomputation at every step (no cache), so the reference does not depend on transformers' cache."""
    ids = list(prompt)
    margins = []
    for _ in range(CONTINUATION):
        last = logits_of(model, ids)[-1]
        top = torch.topk(last, 2).values
        margins.append(float(top[0] - top[1]))
        ids.append(int(torch.argmax(last)))
    return ids[len(prompt):], min(margins)


def main():
    torch.manual_seed(0)
    torch.use_deterministic_algorithms(True)
    torch.set_num_threads(1)
    for index, variant in enumerate(VARIANTS):
        folder = HERE / variant
        if folder.exists():
            shutil.rmtree(folder)
        model = LlamaForCausalLM(make_config(variant)).to(torch.float32)
        initialise(model, seed=1234 + index)
        model.save_pretrained(folder, safe_serialization=True)
        for extra in ["generation_config.json"]:
            (folder / extra).unlink(missing_ok=True)
        if VARIANTS[variant]["rope_scaling"] is None:
            legacy_config(folder / "config.json", VARIANTS[variant]["rope_theta"])
        # The reference comes from the folder as written, loaded back the way any checkpoint is.
        model = LlamaForCausalLM.from_pretrained(folder, dtype=torch.float32, attn_implementation="eager").eval()

        rng = np.random.default_rng(99 + index)
        # The second variant keeps the four lengths the brief asks for, to keep the fixture under 2 MB.
        lengths = LENGTHS if index == 0 else LENGTHS[:4]
        sequences = [[int(x) for x in rng.integers(0, VOCAB, size=length)] for length in lengths]
        cases = []
        for ids in sequences:
            logits = logits_of(model, ids)
            cases.append({"ids": ids, "logits": [[float32_text(v) for v in row.tolist()] for row in logits]})
        continuations = []
        smallest_margin = float("inf")
        for ids in sequences[1:4]:
            tokens, margin = greedy(model, ids)
            smallest_margin = min(smallest_margin, margin)
            continuations.append({"prompt": ids, "greedy": tokens})
        reference = {
            "variant": variant,
            "transformers": transformers.__version__,
            "torch": torch.__version__,
            "smallest_greedy_margin": round(smallest_margin, 4),
            "sequences": cases,
            "continuations": continuations,
        }
        # Logits are written as bare JSON numbers in numpy's shortest float32 form, which reads back as exactly
        # the float32 transformers computed; json.dumps would print the float64 widening instead.
        placeholder = json.dumps(
            {**reference, "sequences": [{"ids": c["ids"], "logits": "@"} for c in cases]}, separators=(",", ":")
        )
        parts = placeholder.split('"@"')
        rendered = parts[0]
        for case, tail in zip(cases, parts[1:]):
            rows = ",".join("[" + ",".join(row) + "]" for row in case["logits"])
            rendered += "[" + rows + "]" + tail
        (folder / "reference.json").write_text(rendered + "\n")
        json.loads(rendered)  # still valid JSON
        print(variant, "smallest greedy margin", smallest_margin)


if __name__ == "__main__":
    main()
