"""Writes the LoRA reference that the native trainer is tested against: a PEFT adapter on the tiny chat model
(Tests/Fixtures/tiny-chat-model) and, computed in float64 with transformers and PEFT, the loss, the logits of the
last position and the gradient with respect to every lora_A and lora_B for a handful of token sequences, for a
padded batch of two of them, and for three DPO pairs (TRL's sigmoid and IPO losses and the metrics it logs).
README.md in this folder defines every number.

Made with Python 3.11, torch 2.15.0, transformers 5.24.0, peft 0.21.2, trl 1.16.0, datasets 5.2.0,
safetensors 0.8.0, in a virtual environment outside the repository:
    python make_lora_reference.py
Every value drawn is seeded, so re-running it with these versions writes the same files. It stops with an
assertion if any cross-check fails: PEFT's saved adapter against the model's parameters, transformers' own loss,
the packed row against its samples alone, the batch against its texts alone, central finite differences against
the gradients, and TRL's collator, DPO losses, metrics and gradients against the written-out definitions.
"""

import json
import os

import torch
import torch.nn.functional as F
from peft import LoraConfig, PeftModel, get_peft_model
from safetensors.torch import load_file, save_file
from transformers import AutoTokenizer, LlamaForCausalLM

from float64_llama import use_float64_llama
from reference_inputs import BATCH, DPO_PAIRS, TEXTS, pack, tokenize_pair, tokenize_text
from trl_crosscheck import check_dpo, check_packed_row

HERE = os.path.dirname(os.path.abspath(__file__))
BASE = os.path.join(HERE, "..", "tiny-chat-model")
ADAPTER = os.path.join(HERE, "adapter")
TARGETS = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]
RANK, ALPHA, BETA, SEED = 4, 8, 0.5, 15


def peft_key(parameter_name):
    """PEFT's name for a trainable parameter in a saved adapter: the parameter's, less the adapter's name."""
    return parameter_name.replace(".default.", ".")


def write_adapter():
    """Builds the adapter on the float32 base, sets A and B to seeded float32 values and saves it with PEFT."""
    base = LlamaForCausalLM.from_pretrained(BASE, dtype=torch.float32)
    config = LoraConfig(r=RANK, lora_alpha=ALPHA, lora_dropout=0.0, target_modules=TARGETS, bias="none",
                        task_type="CAUSAL_LM")
    model = get_peft_model(base, config)
    generator = torch.Generator().manual_seed(SEED)
    with torch.no_grad():
        for name, parameter in sorted(model.named_parameters()):
            if "lora_" in name:
                # With 0.1 for both, scale·B·A is about a quarter of the base weights' spread: the adapter moves
                # the loss clearly without swamping the base model.
                parameter.copy_(torch.randn(parameter.shape, generator=generator, dtype=torch.float32) * 0.1)
    model.peft_config["default"].base_model_name_or_path = "Tests/Fixtures/tiny-chat-model"
    model.save_pretrained(ADAPTER)
    card = os.path.join(ADAPTER, "README.md")
    if os.path.exists(card):  # PEFT's generated model card, a template with nothing about this adapter
        os.remove(card)


def load_float64_model():
    """The base in float64 with the saved adapter (float32 values widen exactly), and its trainable parameters
    by PEFT's key names."""
    base = LlamaForCausalLM.from_pretrained(BASE, dtype=torch.float64, attn_implementation="eager")
    model = PeftModel.from_pretrained(base, ADAPTER, is_trainable=True).double()
    saved = load_file(os.path.join(ADAPTER, "adapter_model.safetensors"))
    trainable = {peft_key(n): p for n, p in model.named_parameters() if p.requires_grad}
    assert set(trainable) == set(saved), "the trainable parameters are not the saved adapter's"
    for key, value in saved.items():
        assert value.dtype == torch.float32 and torch.equal(trainable[key], value.double()), key
    assert all(p.dtype == torch.float64 for p in model.parameters())
    return model, trainable


def loss_sum_and_count(logits, labels):
    """Summed cross-entropy over labelled positions with transformers' shift (the logits at t score label t+1),
    and how many positions that is."""
    shifted = labels[..., 1:]
    log_probs = F.log_softmax(logits[..., :-1, :], dim=-1)
    labelled = shifted != -100
    picked = log_probs.gather(-1, shifted.clamp(min=0).unsqueeze(-1)).squeeze(-1)
    return -(picked * labelled).sum(), int(labelled.sum())


def logits_of(model, ids, position_ids=None, attention_mask=None):
    return model(input_ids=ids, position_ids=position_ids, attention_mask=attention_mask, use_cache=False).logits


def gradients(trainable, loss, keep_graph=False):
    keys = sorted(trainable)
    values = torch.autograd.grad(loss, [trainable[k] for k in keys], retain_graph=keep_graph)
    return dict(zip(keys, values))


def text_loss(model, text):
    ids = torch.tensor([text["input_ids"]])
    labels = torch.tensor([text["labels"]])
    # A packed row has position ids and no attention mask: transformers then keeps attention within each sample.
    positions = torch.tensor([text["position_ids"]]) if "position_ids" in text else None
    logits = logits_of(model, ids, position_ids=positions)
    loss_sum, count = loss_sum_and_count(logits, labels)
    return logits, loss_sum, count, (ids, labels, positions)


def text_case(model, trainable, text):
    logits, loss_sum, count, (ids, labels, positions) = text_loss(model, text)
    loss = loss_sum / count
    with torch.no_grad():
        # transformers' own loss upcasts the logits "to float", i.e. to float32: it agrees to float32 precision.
        own = model(input_ids=ids, position_ids=positions, labels=labels, use_cache=False).loss
        assert abs(float(own) - float(loss)) < 1e-5 * max(1.0, float(loss)), (text["name"], float(own), float(loss))
        with model.disable_adapter():
            base_sum, _ = loss_sum_and_count(logits_of(model, ids, position_ids=positions), labels)
    entry = {**text, "loss": loss.item(), "loss_sum": loss_sum.item(), "labelled_tokens": count,
             "base_loss": float(base_sum / count), "last_logits": logits[0, -1].tolist()}
    return entry, gradients(trainable, loss)


def batch_case(model, trainable, texts, pad_id):
    """Texts right-padded into one batch with an attention mask; the loss is the mean over every labelled token
    of the batch, as transformers' Trainer takes it."""
    width = max(len(t["input_ids"]) for t in texts)
    ids = torch.tensor([t["input_ids"] + [pad_id] * (width - len(t["input_ids"])) for t in texts])
    labels = torch.tensor([t["labels"] + [-100] * (width - len(t["labels"])) for t in texts])
    mask = torch.tensor([[1] * len(t["input_ids"]) + [0] * (width - len(t["input_ids"])) for t in texts])
    loss_sum, count = loss_sum_and_count(logits_of(model, ids, attention_mask=mask), labels)
    loss = loss_sum / count
    entry = {"texts": [t["name"] for t in texts], "pad_token_id": pad_id, "loss": loss.item(),
             "loss_sum": loss_sum.item(), "labelled_tokens": count}
    return entry, gradients(trainable, loss)


def check_weighted_mean(entry, parts, part_grads, grads):
    """A packed row or a batch must give what its texts give alone, each weighted by its labelled tokens."""
    count = sum(p["labelled_tokens"] for p in parts)
    total = sum(p["loss_sum"] for p in parts)
    assert count == entry["labelled_tokens"], (entry.get("name"), count, entry["labelled_tokens"])
    assert abs(total - entry["loss_sum"]) < 1e-12 * total, (entry.get("name"), total, entry["loss_sum"])
    for key, value in grads.items():
        expected = sum(g[key] * p["labelled_tokens"] for g, p in zip(part_grads, parts)) / count
        assert torch.allclose(value, expected, rtol=1e-10, atol=1e-14), key


def check_finite_differences(model, trainable, text, grads):
    """Central differences on a few entries: the gradients are float64-exact, not float32-level."""
    step = 1e-6
    for key in sorted(trainable)[::9]:
        parameter = trainable[key]
        with torch.no_grad():
            original = parameter.view(-1)[1].item()
            values = []
            for shifted in (original + step, original - step):
                parameter.view(-1)[1] = shifted
                _, loss_sum, count, _ = text_loss(model, text)
                values.append(float(loss_sum / count))
            parameter.view(-1)[1] = original
        numeric = (values[0] - values[1]) / (2 * step)
        analytic = grads[key].view(-1)[1].item()
        assert abs(numeric - analytic) < 1e-7 * max(1.0, abs(analytic)), (key, numeric, analytic)


def completion_logps(model, pair):
    """Summed log-probabilities of the chosen and of the rejected completion's tokens after the prompt."""
    sums = []
    for completion in (pair["chosen_ids"], pair["rejected_ids"]):
        ids = torch.tensor([pair["prompt_ids"] + completion])
        labels = torch.tensor([[-100] * len(pair["prompt_ids"]) + completion])
        loss_sum, _ = loss_sum_and_count(logits_of(model, ids), labels)
        sums.append(-loss_sum)
    return sums


def dpo_case(model, trainable, pairs):
    """TRL's DPO on the pairs: policy = base + adapter, reference = the same model with the adapter disabled."""
    policy, reference = [], []
    for pair in pairs:
        policy.append(completion_logps(model, pair))
        with torch.no_grad(), model.disable_adapter():
            reference.append(completion_logps(model, pair))
    chosen, rejected = torch.stack([p[0] for p in policy]), torch.stack([p[1] for p in policy])
    ref_chosen, ref_rejected = torch.stack([r[0] for r in reference]), torch.stack([r[1] for r in reference])
    chosen_ratio, rejected_ratio = chosen - ref_chosen, rejected - ref_rejected
    sigmoid = -F.logsigmoid(BETA * (chosen_ratio - rejected_ratio))
    chosen_tokens = torch.tensor([len(p["chosen_ids"]) for p in pairs], dtype=torch.float64)
    rejected_tokens = torch.tensor([len(p["rejected_ids"]) for p in pairs], dtype=torch.float64)
    ipo = (chosen_ratio / chosen_tokens - rejected_ratio / rejected_tokens - 1 / (2 * BETA)) ** 2
    chosen_rewards, rejected_rewards = BETA * chosen_ratio.detach(), BETA * rejected_ratio.detach()
    metrics = {
        "rewards/chosen": chosen_rewards.mean().item(),
        "rewards/rejected": rejected_rewards.mean().item(),
        "rewards/margins": (chosen_rewards - rejected_rewards).mean().item(),
        "rewards/accuracies": (chosen_rewards > rejected_rewards).double().mean().item(),
        "logps/chosen": chosen.detach().mean().item(),
        "logps/rejected": rejected.detach().mean().item(),
    }
    rows = [{**pair, "policy_chosen_logps": chosen[i].item(), "policy_rejected_logps": rejected[i].item(),
             "reference_chosen_logps": ref_chosen[i].item(), "reference_rejected_logps": ref_rejected[i].item(),
             "sigmoid_loss": sigmoid[i].item(), "ipo_loss": ipo[i].item()} for i, pair in enumerate(pairs)]
    entry = {"beta": BETA, "pairs": rows, "sigmoid_loss": sigmoid.mean().item(), "ipo_loss": ipo.mean().item(),
             "metrics": metrics}
    grads = {"sigmoid": gradients(trainable, sigmoid.mean(), keep_graph=True), "ipo": gradients(trainable, ipo.mean())}
    return entry, grads


def main():
    write_adapter()
    tokenizer = AutoTokenizer.from_pretrained(BASE)
    texts = [tokenize_text(tokenizer, t) for t in TEXTS]
    by_name = {t["name"]: t for t in texts}
    texts.append(pack(by_name))
    check_packed_row(texts[-1], [by_name[n] for n in texts[-1]["packed_from"]], tokenizer.pad_token_id)
    pairs = [tokenize_pair(tokenizer, p) for p in DPO_PAIRS]
    tensors, entries, text_grads = {}, {}, {}
    with use_float64_llama():
        model, trainable = load_float64_model()
        for text in texts:
            entries[text["name"]], text_grads[text["name"]] = text_case(model, trainable, text)
        check_finite_differences(model, trainable, texts[0], text_grads[texts[0]["name"]])
        packed = entries["packed"]
        check_weighted_mean(packed, [entries[n] for n in packed["packed_from"]],
                            [text_grads[n] for n in packed["packed_from"]], text_grads["packed"])
        batch, batch_grads = batch_case(model, trainable, [by_name[n] for n in BATCH], tokenizer.pad_token_id)
        check_weighted_mean(batch, [entries[n] for n in BATCH], [text_grads[n] for n in BATCH], batch_grads)
        dpo, dpo_grads = dpo_case(model, trainable, pairs)
    check_dpo(BASE, ADAPTER, tokenizer, pairs, dpo, dpo_grads, TARGETS, RANK, ALPHA)
    for name, grads in [*text_grads.items(), ("batch", batch_grads), ("dpo-sigmoid", dpo_grads["sigmoid"]),
                        ("dpo-ipo", dpo_grads["ipo"])]:
        tensors.update({f"{name}/{key}": value.contiguous() for key, value in grads.items()})
    save_file(dict(sorted(tensors.items())), os.path.join(HERE, "gradients.safetensors"))
    reference = {"adapter": {"rank": RANK, "alpha": ALPHA, "scale": ALPHA / RANK, "target_modules": TARGETS,
                             "seed": SEED},
                 "texts": list(entries.values()), "batch": batch, "dpo": dpo}
    with open(os.path.join(HERE, "reference.json"), "w") as f:
        json.dump(reference, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
