#!/usr/bin/env python3
"""Writes reference.json: held-out perplexity of the tiny chat model, alone and with the LoRA reference adapter,
computed by transformers + PEFT in float64, for the `evaluate` step's test.

usage: make_evaluation_reference.py   (run from anywhere; needs torch, transformers, peft)

Each conversation's scored tokens are its assistant turns as the chat template renders them: for assistant
message i, the tokens of render(messages[:i+1]) after render(messages[:i], add_generation_prompt=True), up to and
including the first <|im_end|> (the token the model must learn to stop with; the newline after it is not
scored). A token is scored by the logits one position before it. Bytes are the UTF-8 bytes of the scored tokens'
text as the tokenizer decodes them. Perplexity is exp(nll / tokens), bits per byte nll / (bytes * ln 2).
"""

import json
import math
import os

import torch
from peft import PeftModel
from transformers import AutoModelForCausalLM, AutoTokenizer

HERE = os.path.dirname(os.path.abspath(__file__))
MODEL = os.path.join(HERE, "..", "tiny-chat-model")
ADAPTER = os.path.join(HERE, "..", "lora-reference", "adapter")

CONVERSATIONS = [
    [{"role": "user", "content": "What does LoRA train?"},
     {"role": "assistant", "content": "Two small matrices per layer, while the base model stays frozen."}],
    [{"role": "system", "content": "You write like the author of a technical blog."},
     {"role": "user", "content": "Why keep alpha at twice the rank?"},
     {"role": "assistant", "content": "So the learning rate behaves the same when the rank changes."}],
    [{"role": "user", "content": "What is a vector database?"},
     {"role": "assistant", "content": "A store of embeddings you can search by similarity."},
     {"role": "user", "content": "And chunking?"},
     {"role": "assistant", "content": "Cutting documents into pieces small enough to embed."}],
]


def ids(tokenizer, messages, generation_prompt=False):
    text = tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=generation_prompt)
    return tokenizer(text, add_special_tokens=False)["input_ids"]


def scored_positions(tokenizer, messages):
    whole = ids(tokenizer, messages)
    end_of_turn = tokenizer.convert_tokens_to_ids("<|im_end|>")
    positions = []
    for i, message in enumerate(messages):
        if message["role"] != "assistant":
            continue
        start, through = len(ids(tokenizer, messages[:i], True)), len(ids(tokenizer, messages[: i + 1]))
        stop = next((p for p in range(start, through) if whole[p] == end_of_turn), through - 1)
        positions += range(start, stop + 1)
    return whole, positions


def measure(model, tokenizer):
    rows = []
    with torch.no_grad():
        for messages in CONVERSATIONS:
            whole, positions = scored_positions(tokenizer, messages)
            logits = model(input_ids=torch.tensor([whole])).logits[0].double()
            log_probabilities = torch.log_softmax(logits, dim=-1)
            nll = -sum(log_probabilities[p - 1, whole[p]].item() for p in positions)
            text = tokenizer.decode([whole[p] for p in positions], skip_special_tokens=False)
            rows.append({"nll": nll, "tokens": len(positions), "bytes": len(text.encode("utf-8"))})
    total = {key: sum(row[key] for row in rows) for key in ("nll", "tokens", "bytes")}
    total["perplexity"] = math.exp(total["nll"] / total["tokens"])
    total["bits_per_byte"] = total["nll"] / (total["bytes"] * math.log(2))
    return {"conversations": rows, "total": total}


def main():
    torch.manual_seed(0)
    tokenizer = AutoTokenizer.from_pretrained(MODEL)
    base = AutoModelForCausalLM.from_pretrained(MODEL, dtype=torch.float64)
    base_numbers = measure(base, tokenizer)
    adapted = PeftModel.from_pretrained(base, ADAPTER).double()
    reference = {"conversations": CONVERSATIONS, "base": base_numbers, "adapter": measure(adapted, tokenizer)}
    with open(os.path.join(HERE, "reference.json"), "w", encoding="utf-8") as f:
        json.dump(reference, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
