#!/usr/bin/env python3
"""Perplexity of a base model and of the base with a PEFT adapter, scored by transformers + PEFT in float32
on exactly the tokens `orchestrate-bench perplexity ... TOKENS_OUT` scored natively, so the two trainers'
forward passes can be compared on a real model.

usage: peft_perplexity.py MODEL.gguf ADAPTER_FOLDER TOKENS.jsonl
"""

import json
import math
import os
import sys

import torch
from peft import PeftModel
from transformers import AutoModelForCausalLM


def negative_log_likelihood(model, rows):
    total, count = 0.0, 0
    with torch.no_grad():
        for row in rows:
            ids = torch.tensor([row["input_ids"]])
            logits = model(input_ids=ids).logits[0, :-1].double()
            targets = torch.tensor(row["labels"][1:])
            scored = targets != -100
            log_probabilities = torch.log_softmax(logits[scored], dim=-1)
            total -= log_probabilities.gather(1, targets[scored].unsqueeze(1)).sum().item()
            count += int(scored.sum())
    return total, count


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__.strip().splitlines()[-1])
    model_path, adapter, tokens = sys.argv[1:]
    torch.set_num_threads(int(os.environ.get("OMP_NUM_THREADS", "2")))
    rows = [json.loads(line) for line in open(tokens, encoding="utf-8") if line.strip()]
    folder, name = os.path.split(os.path.abspath(model_path))
    base = AutoModelForCausalLM.from_pretrained(folder, gguf_file=name, dtype=torch.float32)
    base_nll, count = negative_log_likelihood(base, rows)
    adapted = PeftModel.from_pretrained(base, adapter)
    adapted_nll, _ = negative_log_likelihood(adapted, rows)
    print(f"{len(rows)} sequences, {count} scored tokens: base perplexity {math.exp(base_nll / count):.4f}, "
          f"with the adapter {math.exp(adapted_nll / count):.4f} (transformers + PEFT, float32)")


if __name__ == "__main__":
    main()
