"""Checks the float64 reference against TRL 1.16 itself, run as users run it (float32, no patches).

The reference computes its numbers from written-out definitions, so that every one of them is float64; these
checks make sure the definitions are TRL's: its padding-free collator builds the same packed row, its
DPOTrainer tokenizes the pairs to the same ids and computes the same losses, metrics and gradients, to float32
precision.
"""

import os
import tempfile

import torch
from datasets import Dataset
from peft import LoraConfig
from safetensors.torch import load_file
from transformers import LlamaForCausalLM
from trl import DPOConfig, DPOTrainer
from trl.trainer.sft_trainer import DataCollatorForLanguageModeling


def check_packed_row(packed, parts, pad_id):
    """TRL's padding-free collator, given the samples, must produce the packed row of the reference."""
    collator = DataCollatorForLanguageModeling(pad_token_id=pad_id, padding_free=True)
    row = collator([{"input_ids": p["input_ids"], "labels": p["labels"]} for p in parts])
    assert row["input_ids"][0].tolist() == packed["input_ids"]
    assert row["labels"][0].tolist() == packed["labels"], "labels differ from TRL's padding-free collator"
    assert row["position_ids"][0].tolist() == packed["position_ids"]
    assert "attention_mask" not in row, "TRL's padding-free row has no attention mask"


def _close(a, b, tolerance, what):
    assert abs(a - b) <= tolerance * max(1.0, abs(b)), f"{what}: TRL gives {a}, the reference {b}"


def _trainer(base_dir, adapter_dir, tokenizer, pairs, beta, loss_type, targets, rank, alpha):
    """TRL's DPOTrainer the usual way (a base model and a LoRA configuration, so the reference is the model
    with its adapter disabled), its fresh adapter then overwritten with the saved one."""
    base = LlamaForCausalLM.from_pretrained(base_dir, dtype=torch.float32, attn_implementation="eager")
    config = LoraConfig(r=rank, lora_alpha=alpha, lora_dropout=0.0, target_modules=targets, bias="none",
                        task_type="CAUSAL_LM")
    args = DPOConfig(output_dir=tempfile.mkdtemp(), beta=beta, loss_type=loss_type, report_to=[], use_cpu=True,
                     per_device_train_batch_size=len(pairs))
    dataset = Dataset.from_list([{k: p[k] for k in ("prompt", "chosen", "rejected")} for p in pairs])
    trainer = DPOTrainer(model=base, args=args, train_dataset=dataset, processing_class=tokenizer,
                         peft_config=config)
    saved = load_file(os.path.join(adapter_dir, "adapter_model.safetensors"))
    with torch.no_grad():
        for name, parameter in trainer.model.named_parameters():
            if parameter.requires_grad:
                parameter.copy_(saved.pop(name.replace(".default.", ".")))
    assert not saved, f"parameters TRL did not create: {sorted(saved)}"
    return trainer


def _loss_and_gradients(trainer, pairs):
    rows = [trainer.train_dataset[i] for i in range(len(pairs))]
    for row, pair in zip(rows, pairs):
        for key in ("prompt_ids", "chosen_ids", "rejected_ids"):
            assert row[key] == pair[key], f"TRL tokenizes {key} differently"
    batch = trainer.data_collator([{k: r[k] for k in ("prompt_ids", "chosen_ids", "rejected_ids")} for r in rows])
    trainer.model.train()
    trainer.model.zero_grad(set_to_none=True)
    loss = trainer._compute_loss(trainer.model, batch, False)
    loss.backward()
    grads = {n.replace(".default.", "."): p.grad for n, p in trainer.model.named_parameters() if p.requires_grad}
    metrics = {k: v[-1] for k, v in trainer._metrics["train"].items()}
    return float(loss), grads, metrics


def _check_gradients(trl, reference, what):
    for key, value in reference.items():
        scale = value.abs().max().item()
        error = (trl[key].double() - value).abs().max().item()
        assert error <= 1e-4 * scale, f"{what} gradient of {key}: off by {error} (largest entry {scale})"


def check_dpo(base_dir, adapter_dir, tokenizer, pairs, dpo, grads, targets, rank, alpha):
    """TRL's sigmoid and IPO losses, its logged metrics and its gradients must match the reference."""
    for loss_type in ("sigmoid", "ipo"):
        trainer = _trainer(base_dir, adapter_dir, tokenizer, pairs, dpo["beta"], loss_type, targets, rank, alpha)
        loss, trl_grads, metrics = _loss_and_gradients(trainer, pairs)
        _close(loss, dpo[f"{loss_type}_loss"], 1e-4, f"{loss_type} loss")
        for key, value in dpo["metrics"].items():
            _close(metrics[key], value, 1e-4, key)
        _check_gradients(trl_grads, grads[loss_type], f"DPO {loss_type}")
