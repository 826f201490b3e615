#!/usr/bin/env python3
"""Held-out perplexity and bits per byte of a base model and of the base with a PEFT adapter, computed by
transformers + PEFT (float32) with the `evaluate` step's definition of the scored tokens (see
Tests/Fixtures/evaluation-reference/make_evaluation_reference.py), to set beside the step's report.

usage: evaluate_perplexity.py MODEL.gguf ADAPTER_FOLDER TEST.jsonl [MAX_EXAMPLES] [MAX_LENGTH]
"""

import json
import math
import os
import sys

import torch
from peft import PeftModel
from transformers import AutoModelForCausalLM, AutoTokenizer

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "Fixtures",
                                "evaluation-reference"))
from make_evaluation_reference import scored_positions  # noqa: E402


def totals(model, tokenizer, conversations, max_length):
    nll, tokens, size = 0.0, 0, 0
    with torch.no_grad():
        for messages in conversations:
            whole, positions = scored_positions(tokenizer, messages)
            whole, positions = whole[:max_length], [p for p in positions if 0 < p < max_length]
            log_probabilities = torch.log_softmax(model(input_ids=torch.tensor([whole])).logits[0].double(), dim=-1)
            nll -= sum(log_probabilities[p - 1, whole[p]].item() for p in positions)
            tokens += len(positions)
            size += len(tokenizer.decode([whole[p] for p in positions]).encode("utf-8"))
    return f"perplexity {math.exp(nll / tokens):.6f}, bits per byte {nll / (size * math.log(2)):.6f} ({tokens} tokens)"


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__.strip().splitlines()[-1])
    model_path, adapter, test = sys.argv[1:4]
    limit = int(sys.argv[4]) if len(sys.argv) > 4 and int(sys.argv[4]) > 0 else None
    max_length = int(sys.argv[5]) if len(sys.argv) > 5 else 512
    torch.set_num_threads(int(os.environ.get("OMP_NUM_THREADS", "2")))
    conversations = [json.loads(line)["messages"] for line in open(test, encoding="utf-8") if line.strip()][:limit]
    folder, name = os.path.split(os.path.abspath(model_path))
    tokenizer = AutoTokenizer.from_pretrained(folder, gguf_file=name)
    base = AutoModelForCausalLM.from_pretrained(folder, gguf_file=name, dtype=torch.float32)
    print("base:", totals(base, tokenizer, conversations, max_length))
    print("adapter:", totals(PeftModel.from_pretrained(base, adapter), tokenizer, conversations, max_length))


if __name__ == "__main__":
    main()
