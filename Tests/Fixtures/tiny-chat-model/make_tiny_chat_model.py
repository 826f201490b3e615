"""Writes the tiny chat model that the generator and dataset tests run: a randomly initialised
Llama (2 layers, hidden size 32) with the ChatML tokenizer of ComputeTests/Fixtures/bpe/chatml and
its chat template, and reference.json, transformers' greedy continuation of two prompts.

Run once in a throw-away environment with torch and transformers:
    python make_tiny_chat_model.py
"""
import json
import os

import torch
from transformers import AutoTokenizer, LlamaConfig, LlamaForCausalLM

here = os.path.dirname(os.path.abspath(__file__))
tokenizer = AutoTokenizer.from_pretrained(here)
torch.manual_seed(7)
config = LlamaConfig(
    vocab_size=len(tokenizer), hidden_size=32, intermediate_size=64, num_hidden_layers=2, num_attention_heads=4,
    num_key_value_heads=2, max_position_embeddings=4096, rms_norm_eps=1e-5, rope_theta=10000.0,
    tie_word_embeddings=True, bos_token_id=tokenizer.convert_tokens_to_ids("<|im_start|>"),
    eos_token_id=tokenizer.convert_tokens_to_ids("<|im_end|>"))
model = LlamaForCausalLM(config).eval()
with torch.no_grad():
    # Larger weights than the default init, so that greedy decoding does not repeat one token.
    for parameter in model.parameters():
        if parameter.dim() == 2:
            parameter.mul_(8)
model.save_pretrained(here, safe_serialization=True)
for extra in ("generation_config.json",):
    path = os.path.join(here, extra)
    if os.path.exists(path):
        os.remove(path)

cases = []
for messages in ([{"role": "user", "content": "Write one sentence about LoRA."}],
                 [{"role": "system", "content": "Answer with JSON."}, {"role": "user", "content": "List 3 colours."}]):
    text = tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
    ids = tokenizer(text, add_special_tokens=False)["input_ids"]
    with torch.no_grad():
        out = model.generate(torch.tensor([ids]), max_new_tokens=24, do_sample=False, eos_token_id=config.eos_token_id,
                             pad_token_id=config.eos_token_id)
    cases.append({"messages": messages, "prompt_ids": ids, "generated_ids": out[0, len(ids):].tolist()})
with open(os.path.join(here, "reference.json"), "w") as f:
    json.dump(cases, f, indent=1)
