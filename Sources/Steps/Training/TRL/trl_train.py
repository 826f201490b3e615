#!/usr/bin/env python3
"""Fine-tunes a LoRA adapter with TRL and PEFT: the `trl` backend of the `sft` and `dpo` steps, for GPU hosts.

usage: trl_train.py CONFIG.json

CONFIG is one JSON object:
  kind            "sft" or "dpo"                                         (required)
  base_model      a transformers model folder, or a .gguf file (dequantized by transformers)   (required)
  base_model_name how adapter_config.json names the base (default: base_model as given)
  adapter         a PEFT LoRA folder to start from instead of a new adapter; for dpo a frozen copy of it is
                  the reference, as the native trainer does (default: none; the reference is then the base
                  model with the adapter disabled)
  train_file      JSON lines; sft: {"messages": [{"role", "content"}, ...]},
                  dpo: {"prompt": [messages], "chosen": [messages], "rejected": [messages]}  (required)
  eval_file       the same format, evaluated once after training           (optional)
  output_dir      where the adapter is written with PEFT's save_pretrained (required)
  checkpoint_dir  where checkpoints are kept; a run that finds one there resumes from the latest (optional)
  checkpoint_steps a checkpoint every this many updates (0: none; default 0)
  rank 8, alpha 16, dropout 0, target_modules "all-linear" (or a list such as ["q_proj", "v_proj"]),
  learning_rate 2e-4, epochs 1, max_steps null (a number overrides epochs), batch_size 4,
  gradient_accumulation 1, max_length 1024, warmup_ratio 0 (in [0, 1)), scheduler "linear" | "cosine" | "constant",
  weight_decay 0, max_grad_norm 1 (transformers' gradient clipping; 0 or null: none), adam_beta1 0.9,
  adam_beta2 0.999, adam_epsilon 1e-8, seed 42, logging_steps 1,
  packing false (sft: best-fit packing into rows of max_length, attention kept within each sample),
  loss_on "assistant" | "all" (sft: the assistant messages as the chat template renders them, or every token),
  beta 0.1 and loss_type "sigmoid" | "ipo" (dpo).
Unknown keys are errors, so that a misspelt one is not silently ignored.

stdout carries only JSON lines: {"event": "start", "max_steps": N, "resumed_from_step": S or null} when training
begins (then, when resuming, the log entries up to the checkpoint again), {"event": "log", "step": N, "loss", "learning_rate", "grad_norm", ...} at each logging step (with TRL's DPO
metrics such as "rewards/margins"), {"event": "eval", ...} after training when eval_file is set, and a last
{"event": "done", "steps", "train_loss", "train_runtime", "output_dir", ...}. Everything the libraries print goes
to stderr; an error ends the run with exit status 1 (2 for a bad configuration or data file) and one line on
stderr (set TRL_TRAIN_TRACEBACK=1 for the whole traceback). The script ends itself when the process that started
it dies, so a killed orchestrator leaves no training behind.

Written for Python 3.11 with the packages pinned in trl_requirements.txt beside it.
"""

import glob
import json
import math
import os
import sys
import threading
import time

REQUIRED = object()
FIELDS = {  # name: (accepted types, default, allowed values or None)
    "kind": ((str,), REQUIRED, ("sft", "dpo")),
    "base_model": ((str,), REQUIRED, None),
    "base_model_name": ((str, type(None)), None, None),
    "adapter": ((str, type(None)), None, None),
    "train_file": ((str,), REQUIRED, None),
    "eval_file": ((str, type(None)), None, None),
    "output_dir": ((str,), REQUIRED, None),
    "checkpoint_dir": ((str, type(None)), None, None),
    "checkpoint_steps": ((int,), 0, None),
    "rank": ((int,), 8, None),
    "alpha": ((int, float), 16, None),
    "dropout": ((int, float), 0.0, None),
    "target_modules": ((str, list), "all-linear", None),
    "learning_rate": ((int, float), 2e-4, None),
    "epochs": ((int, float), 1, None),
    "max_steps": ((int, type(None)), None, None),
    "batch_size": ((int,), 4, None),
    "gradient_accumulation": ((int,), 1, None),
    "max_length": ((int,), 1024, None),
    "warmup_ratio": ((int, float), 0.0, None),
    "scheduler": ((str,), "linear", ("linear", "cosine", "constant")),
    "weight_decay": ((int, float), 0.0, None),
    "max_grad_norm": ((int, float, type(None)), 1.0, None),
    "adam_beta1": ((int, float), 0.9, None),
    "adam_beta2": ((int, float), 0.999, None),
    "adam_epsilon": ((int, float), 1e-8, None),
    "seed": ((int,), 42, None),
    "logging_steps": ((int,), 1, None),
    "packing": ((bool,), False, None),
    "loss_on": ((str,), "assistant", ("assistant", "all")),
    "beta": ((int, float), 0.1, None),
    "loss_type": ((str,), "sigmoid", ("sigmoid", "ipo")),
}
POSITIVE = ("rank", "alpha", "learning_rate", "epochs", "batch_size", "gradient_accumulation", "max_length",
            "adam_epsilon", "logging_steps", "beta", "max_steps")


class UsageError(Exception):
    """A problem with the configuration or a data file, named precisely."""


def load_config(path):
    try:
        with open(path, encoding="utf-8") as f:
            raw = json.load(f)
    except OSError as error:
        raise UsageError(f"{path}: cannot read the configuration: {error.strerror}") from None
    except json.JSONDecodeError as error:
        raise UsageError(f"{path}:{error.lineno}:{error.colno}: not JSON: {error.msg}") from None
    if not isinstance(raw, dict):
        raise UsageError(f"{path}: the configuration must be a JSON object")
    unknown = sorted(set(raw) - set(FIELDS))
    if unknown:
        raise UsageError(f"{path}: unknown field '{unknown[0]}' (known: {', '.join(FIELDS)})")
    config = {}
    for name, (types, default, allowed) in FIELDS.items():
        value = raw.get(name, default)
        if value is REQUIRED:
            raise UsageError(f"{path}: field '{name}' is required")
        # JSON true and false are Python ints too; a flag is never a number here, nor a number a flag.
        if not isinstance(value, types) or (isinstance(value, bool) and bool not in types):
            wanted = " or ".join("null" if t is type(None) else t.__name__ for t in types)
            raise UsageError(f"{path}: field '{name}' must be {wanted}, not {json.dumps(value)}")
        if allowed and value not in allowed:
            raise UsageError(f"{path}: field '{name}' must be one of {', '.join(allowed)}, not '{value}'")
        if name in POSITIVE and value is not None and not value > 0:
            raise UsageError(f"{path}: field '{name}' must be positive, not {value}")
        config[name] = value
    for name in ("warmup_ratio", "dropout", "adam_beta1", "adam_beta2"):
        if not 0 <= config[name] < 1:
            raise UsageError(f"{path}: field '{name}' must be in [0, 1), not {config[name]}")
    for name in ("weight_decay", "max_grad_norm", "checkpoint_steps"):
        if config[name] is not None and config[name] < 0:
            raise UsageError(f"{path}: field '{name}' must not be negative, not {config[name]}")
    targets = config["target_modules"]
    if isinstance(targets, list) and (not targets or not all(isinstance(t, str) for t in targets)):
        raise UsageError(f"{path}: field 'target_modules' must be \"all-linear\" or a non-empty list of module names")
    return config


def _messages(value, where, field):
    if not isinstance(value, list) or not value:
        raise UsageError(f"{where}: '{field}' must be a non-empty list of messages")
    for i, message in enumerate(value):
        if not (isinstance(message, dict) and isinstance(message.get("role"), str)
                and isinstance(message.get("content"), str)):
            raise UsageError(f"{where}: {field}[{i}] must be an object with string 'role' and 'content'")
    return value


def read_rows(path, kind):
    """The rows of a JSON lines file, each checked, with file:line in every error, and their line numbers."""
    fields = ("messages",) if kind == "sft" else ("prompt", "chosen", "rejected")
    rows, lines = [], []
    try:
        with open(path, encoding="utf-8") as f:
            for number, line in enumerate(f, start=1):
                if not line.strip():
                    continue
                where = f"{path}:{number}"
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as error:
                    raise UsageError(f"{where}: not JSON: {error.msg}") from None
                if not isinstance(row, dict):
                    raise UsageError(f"{where}: a row must be a JSON object")
                rows.append({field: _messages(row.get(field), where, field) for field in fields})
                lines.append(number)
    except OSError as error:
        raise UsageError(f"{path}: cannot read: {error.strerror}") from None
    if not rows:
        raise UsageError(f"{path}: no rows")
    return rows, lines


def _ids(tokenizer, messages, add_generation_prompt=False):
    text = tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=add_generation_prompt)
    return tokenizer(text, add_special_tokens=False)["input_ids"]


def tokenize_sft(tokenizer, rows, lines, loss_on, path):
    """input_ids and labels (-100 where no loss is taken) of each conversation. Assistant message i is the part
    of render(messages[:i+1]) after render(messages[:i], add_generation_prompt=True)."""
    out = []
    for number, row in zip(lines, rows):
        messages = row["messages"]
        ids = _ids(tokenizer, messages)
        labels = list(ids) if loss_on == "all" else [-100] * len(ids)
        if loss_on == "assistant":
            for i, message in enumerate(messages):
                if message["role"] != "assistant":
                    continue
                start = len(_ids(tokenizer, messages[:i], add_generation_prompt=True))
                prefix = _ids(tokenizer, messages[: i + 1])
                if prefix != ids[: len(prefix)]:
                    raise UsageError(f"{path}:{number}: the chat template renders the conversation up to "
                                     f"message {i} differently from the whole; use loss_on \"all\"")
                labels[start: len(prefix)] = ids[start: len(prefix)]
            if all(label == -100 for label in labels):
                raise UsageError(f"{path}:{number}: no assistant message to train on")
        out.append({"input_ids": ids, "labels": labels})
    return out


def load_model(path):
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer, GgufConfig

    if os.path.isfile(path) and path.endswith(".gguf"):
        folder, kwargs = os.path.dirname(os.path.abspath(path)), {"gguf_file": os.path.basename(path)}
        # Asked for explicitly, the dequantized model is a plain float32 one; left to itself transformers keeps
        # a GGUF quantizer attached even after dequantizing, and its Trainer then refuses to train.
        model_kwargs = {"quantization_config": GgufConfig(dequantize=True)}
    elif os.path.isdir(path):
        folder, kwargs, model_kwargs = path, {}, {}
    else:
        raise UsageError(f"base_model '{path}' is neither a model folder nor a .gguf file")
    tokenizer = AutoTokenizer.from_pretrained(folder, **kwargs)
    if not tokenizer.chat_template:
        raise UsageError(f"base_model '{path}' has no chat template, which conversational rows need")
    model = AutoModelForCausalLM.from_pretrained(folder, dtype=torch.float32, **kwargs, **model_kwargs)
    return model, tokenizer


class JSONLines:
    """Writes events to the real stdout. Everything else written to stdout during the run, by Python code or by
    native libraries writing to file descriptor 1, goes to stderr."""

    def __init__(self):
        sys.stdout.flush()
        self.out = os.fdopen(os.dup(1), "w", encoding="utf-8")
        os.dup2(2, 1)

    def emit(self, event, values):
        clean = {k: (v if not isinstance(v, float) or math.isfinite(v) else None) for k, v in values.items()}
        self.out.write(json.dumps({"event": event, **clean}) + "\n")
        self.out.flush()


def latest_checkpoint(folder):
    """The newest complete checkpoint-N folder (the trainer writes trainer_state.json last), and its step."""
    found = []
    for path in glob.glob(os.path.join(folder, "checkpoint-*")):
        suffix = path.rsplit("-", 1)[-1]
        if suffix.isdigit() and os.path.isfile(os.path.join(path, "trainer_state.json")):
            found.append((int(suffix), path))
    return max(found) if found else (None, None)


def set_dropout(model, rate):
    """Sets the dropout of a loaded adapter, which PEFT builds from the adapter's own config."""
    import torch
    from peft.tuners.lora import LoraLayer

    for module in model.modules():
        if isinstance(module, LoraLayer) and "default" in module.lora_dropout:
            module.lora_dropout["default"] = torch.nn.Dropout(p=rate) if rate > 0 else torch.nn.Identity()


def load_adapter(model, config):
    """The model with the adapter to start from as its trainable "default" adapter. For dpo, TRL's DPOTrainer
    copies a PEFT model's adapter into a frozen "ref" adapter, the reference policy, as the native trainer does."""
    from peft import PeftModel

    if not os.path.isfile(os.path.join(config["adapter"], "adapter_config.json")):
        raise UsageError(f"adapter '{config['adapter']}' is not a PEFT folder (no adapter_config.json)")
    model = PeftModel.from_pretrained(model, config["adapter"], is_trainable=True)
    set_dropout(model, config["dropout"])
    return model


def save_adapter(model, config):
    folder = config["output_dir"]
    model.save_pretrained(folder, selected_adapters=["default"])
    # The model card PEFT writes beside the adapter names this machine's paths: the adapter is the two files.
    card = os.path.join(folder, "README.md")
    if os.path.exists(card):
        os.remove(card)
    settings_path = os.path.join(folder, "adapter_config.json")
    with open(settings_path, encoding="utf-8") as f:
        settings = json.load(f)
    settings["base_model_name_or_path"] = config["base_model_name"] or config["base_model"]
    # PEFT keeps the modules as a set, whose order changes with the hash seed: sorted, the same training
    # writes the same bytes.
    if isinstance(settings.get("target_modules"), list):
        settings["target_modules"] = sorted(settings["target_modules"])
    with open(settings_path, "w", encoding="utf-8") as f:
        json.dump(settings, f, indent=2, sort_keys=True)


def exit_with_parent():
    """Ends the process when its parent dies (it is then adopted): a killed orchestrator must not leave a
    training run holding the machine, and its resume starts a new one from the last checkpoint."""
    parent = os.getppid()

    def watch():
        while True:
            time.sleep(0.5)
            if os.getppid() != parent:
                os._exit(3)

    threading.Thread(target=watch, daemon=True).start()


def train(config, events):
    import torch
    from datasets import Dataset
    from peft import LoraConfig
    from transformers import TrainerCallback, set_seed
    from transformers.trainer_callback import PrinterCallback

    set_seed(config["seed"])
    model, tokenizer = load_model(config["base_model"])
    train_rows = read_rows(config["train_file"], config["kind"])
    eval_rows = read_rows(config["eval_file"], config["kind"]) if config["eval_file"] else None
    sources = [(train_rows, config["train_file"]), (eval_rows, config["eval_file"])]
    if config["adapter"]:
        model, lora = load_adapter(model, config), None
    else:
        lora = LoraConfig(r=config["rank"], lora_alpha=config["alpha"], lora_dropout=config["dropout"],
                          target_modules=config["target_modules"], bias="none", task_type="CAUSAL_LM")
    bf16 = torch.cuda.is_available() and torch.cuda.is_bf16_supported()
    checkpoints = config["checkpoint_dir"] if config["checkpoint_steps"] > 0 else None
    scheduler = "constant_with_warmup" if config["scheduler"] == "constant" else config["scheduler"]
    common = dict(
        output_dir=checkpoints or config["output_dir"], learning_rate=config["learning_rate"],
        num_train_epochs=config["epochs"],
        max_steps=config["max_steps"] or -1, per_device_train_batch_size=config["batch_size"],
        per_device_eval_batch_size=config["batch_size"], gradient_accumulation_steps=config["gradient_accumulation"],
        max_length=config["max_length"], warmup_steps=config["warmup_ratio"], lr_scheduler_type=scheduler,
        weight_decay=config["weight_decay"], max_grad_norm=config["max_grad_norm"] or 0.0,
        adam_beta1=config["adam_beta1"], adam_beta2=config["adam_beta2"], adam_epsilon=config["adam_epsilon"],
        seed=config["seed"], data_seed=config["seed"],
        logging_steps=config["logging_steps"], logging_first_step=True, report_to=[],
        save_strategy="steps" if checkpoints else "no", save_steps=config["checkpoint_steps"] or 500,
        save_total_limit=2, disable_tqdm=True, bf16=bf16, gradient_checkpointing=False)
    if config["kind"] == "sft":
        from trl import SFTConfig, SFTTrainer

        args = SFTConfig(**common, packing=config["packing"], assistant_only_loss=False, completion_only_loss=False)
        datasets = [Dataset.from_list(tokenize_sft(tokenizer, *read, config["loss_on"], path)) if read else None
                    for read, path in sources]
        trainer_type = SFTTrainer
    else:
        from trl import DPOConfig, DPOTrainer

        args = DPOConfig(**common, beta=config["beta"], loss_type=config["loss_type"])
        datasets = [Dataset.from_list(read[0]) if read else None for read, _ in sources]
        trainer_type = DPOTrainer

    summary, replayed_tokens, token_offset = {}, [0.0], [None]
    resumed_step, resume_path = latest_checkpoint(checkpoints) if checkpoints else (None, None)

    class Relay(TrainerCallback):
        def on_train_begin(self, args, state, control, **kwargs):
            events.emit("start", {"max_steps": state.max_steps, "resumed_from_step": resumed_step})
            if resume_path:  # the curve so far, from the checkpoint, so a resumed run reports all of it
                with open(os.path.join(resume_path, "trainer_state.json"), encoding="utf-8") as f:
                    for logs in json.load(f).get("log_history", []):
                        if "train_runtime" not in logs and not any(key.startswith("eval_") for key in logs):
                            events.emit("log", logs)
                            replayed_tokens[0] = logs.get("num_tokens", replayed_tokens[0])

        def on_log(self, args, state, control, logs=None, **kwargs):
            logs = dict(logs or {})
            if "train_runtime" in logs:  # the trainer's closing summary, reported in "done"
                summary.update(logs)
            elif any(key.startswith("eval_") for key in logs):
                events.emit("eval", {"step": state.global_step, **logs})
            else:
                # SFTTrainer counts tokens from zero again after a resume; the curve continues the count.
                if "num_tokens" in logs:
                    if token_offset[0] is None:  # decided once, by the first entry after the resume
                        token_offset[0] = replayed_tokens[0] if logs["num_tokens"] < replayed_tokens[0] else 0.0
                    logs["num_tokens"] += token_offset[0]
                events.emit("log", {"step": state.global_step, **logs})

    trainer = trainer_type(model=model, args=args, train_dataset=datasets[0], eval_dataset=datasets[1],
                           processing_class=tokenizer, peft_config=lora, callbacks=[Relay()])
    trainer.remove_callback(PrinterCallback)
    result = trainer.train(resume_from_checkpoint=resume_path)
    if datasets[1] is not None:
        trainer.evaluate()
    save_adapter(trainer.model, config)
    events.emit("done", {"steps": result.global_step, "train_loss": result.training_loss,
                         "train_runtime": summary.get("train_runtime"),
                         "train_samples_per_second": summary.get("train_samples_per_second"),
                         "output_dir": os.path.abspath(config["output_dir"]),
                         "trainable_parameters": sum(p.numel() for p in trainer.model.parameters() if p.requires_grad),
                         "device": "cuda" if torch.cuda.is_available() else "cpu"})


def main():
    if len(sys.argv) != 2 or sys.argv[1] in ("-h", "--help"):
        sys.stderr.write(__doc__)
        return 2
    events = JSONLines()
    if os.environ.get("TRL_TRAIN_EXIT_WITH_PARENT"):
        exit_with_parent()
    try:
        config = load_config(sys.argv[1])
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        import datasets
        import transformers

        datasets.disable_progress_bars()
        transformers.logging.set_verbosity_error()
        train(config, events)
        return 0
    except UsageError as error:
        sys.stderr.write(f"trl_train: error: {error}\n")
        return 2
    except Exception as error:  # one line for whoever runs this; the traceback on request
        if os.environ.get("TRL_TRAIN_TRACEBACK"):
            raise
        message = " ".join(str(error).split()) or type(error).__name__
        sys.stderr.write(f"trl_train: error: {type(error).__name__}: {message}\n")
        return 1


if __name__ == "__main__":
    sys.exit(main())
