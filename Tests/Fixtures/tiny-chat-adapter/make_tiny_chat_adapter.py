"""Writes a LoRA adapter for ../tiny-chat-model with PEFT itself, and reference.json: PEFT's logits and
greedy continuations of the tiny model's two chat prompts with the adapter applied, so that the native
decoder can be checked against an adapter it did not write.

Run once in a throw-away environment with torch, transformers and peft:
    python make_tiny_chat_adapter.py
"""
import json
import os

import torch
from peft import LoraConfig, get_peft_model
from transformers import AutoModelForCausalLM

here = os.path.dirname(os.path.abspath(__file__))
base_folder = os.path.join(here, "..", "tiny-chat-model")
torch.manual_seed(11)
base = AutoModelForCausalLM.from_pretrained(base_folder, dtype=torch.float32).eval()
config = LoraConfig(
    r=4, lora_alpha=12, lora_dropout=0.05, task_type="CAUSAL_LM", init_lora_weights=False,
    target_modules=["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"])
model = get_peft_model(base, config)
with torch.no_grad():
    # PEFT's random initialisation of B is small; larger values make the adapter change the greedy text.
    for name, parameter in model.named_parameters():
        if "lora_B" in name:
            parameter.mul_(4)
model.eval()
# save_pretrained writes a model card as README.md; keep this folder's own.
readme = os.path.join(here, "README.md")
kept = open(readme).read() if os.path.exists(readme) else None
model.save_pretrained(here, safe_serialization=True)
if kept is not None:
    with open(readme, "w") as f:
        f.write(kept)
with open(os.path.join(here, "adapter_config.json")) as f:
    saved = json.load(f)
saved["base_model_name_or_path"] = "Tests/Fixtures/tiny-chat-model"
with open(os.path.join(here, "adapter_config.json"), "w") as f:
    json.dump(saved, f, indent=2, sort_keys=True)

with open(os.path.join(base_folder, "reference.json")) as f:
    prompts = json.load(f)
cases = []
for case in prompts:
    ids = case["prompt_ids"]
    with torch.no_grad():
        logits = model(torch.tensor([ids])).logits[0, -1].tolist()
        out = model.generate(input_ids=torch.tensor([ids]), max_new_tokens=24, do_sample=False, eos_token_id=2,
                             pad_token_id=2)
    cases.append({"messages": case["messages"], "prompt_ids": ids, "last_logits": logits,
                  "generated_ids": out[0, len(ids):].tolist()})
with open(os.path.join(here, "reference.json"), "w") as f:
    json.dump(cases, f, indent=1)
