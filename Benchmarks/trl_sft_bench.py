#!/usr/bin/env python3
"""Training speed of TRL's SFTTrainer with a LoRA adapter on the CPU, the peer of the native trainer:
SmolLM2-135M (a .gguf file, dequantized to float32 by transformers), LoRA r 8, alpha 16, dropout 0 on every
linear layer of the decoder, AdamW, batches of 4 rows of exactly 256 tokens, 2 threads, a fixed number of
optimizer steps after warm-up steps that are not timed.

    python Benchmarks/trl_sft_bench.py --model MODEL.gguf --data instruct_datasets.json [--steps 5] [--warmup 1]
        [--labels all|assistant] [--rows-out ROWS.jsonl]

The rows come from the handbook's instruct dataset (`train` samples in file order): each sample becomes a
conversation (user: instruction, assistant: answer) rendered by the model's chat template; the labels are every
token (--labels all, the default, so that the output layer's work does not depend on how a trainer skips
unlabelled positions) or the assistant's tokens only (--labels assistant, -100 elsewhere); the conversations'
tokens are laid end to end and cut into rows of 256,
so every position of every row is a real token and every step does the same work (plain causal attention over
the row, as TRL's "wrapped" packing gives). --rows-out writes those rows as JSON lines ({"input_ids",
"labels"}) so the native trainer can be timed on the same tokens.

Prints the per-step wall and CPU times, tokens/s over the timed steps (rows × 256 × steps / their wall time),
how many cores the process had on average (CPU time / wall time: below 2, the machine was busy), the peak
resident memory of the process (getrusage), and a last line of JSON with the same numbers.

Written for Python 3.11 with torch 2.15.0, transformers 5.24.0, peft 0.21.2, trl 1.16.0, datasets 5.2.0,
gguf 0.19.0.
"""

import argparse
import json
import os
import resource
import statistics
import sys
import tempfile
import time

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import torch  # noqa: E402
from datasets import Dataset  # noqa: E402
from peft import LoraConfig  # noqa: E402
from transformers import AutoModelForCausalLM, AutoTokenizer, GgufConfig, TrainerCallback  # noqa: E402
from transformers.trainer_callback import PrinterCallback  # noqa: E402
from trl import SFTConfig, SFTTrainer  # noqa: E402

BATCH, LENGTH, THREADS = 4, 256, 2


def peak_rss_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def conversation_tokens(tokenizer, sample, labelled):
    """The conversation's token ids and labels: all of them, or the assistant's as the chat template renders
    them."""

    def render(messages, generation_prompt=False):
        text = tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=generation_prompt)
        return tokenizer(text, add_special_tokens=False)["input_ids"]

    messages = [{"role": "user", "content": sample["instruction"]}, {"role": "assistant", "content": sample["answer"]}]
    ids, prompt = render(messages), render(messages[:1], generation_prompt=True)
    assert ids[: len(prompt)] == prompt, "the chat template does not render the prompt as a prefix"
    return ids, (list(ids) if labelled == "all" else [-100] * len(prompt) + ids[len(prompt):])


def make_rows(tokenizer, data_path, count, labelled):
    """`count` rows of exactly LENGTH tokens cut from the handbook's conversations laid end to end."""
    with open(data_path, encoding="utf-8") as f:
        dataset = json.load(f)
    samples = [s for category in dataset["train"].values() for s in category["samples"]]
    ids, labels = [], []
    for sample in samples:
        if len(ids) >= count * LENGTH:
            break
        more_ids, more_labels = conversation_tokens(tokenizer, sample, labelled)
        ids += more_ids
        labels += more_labels
    if len(ids) < count * LENGTH:
        sys.exit(f"{data_path}: {len(ids)} tokens in all, {count * LENGTH} needed")
    return [{"input_ids": ids[i * LENGTH:(i + 1) * LENGTH], "labels": labels[i * LENGTH:(i + 1) * LENGTH]}
            for i in range(count)]


class StepClock(TrainerCallback):
    """The wall and CPU time between the ends of consecutive optimizer steps: everything a step costs, data
    included. CPU time (all threads of the process) shows how much of the two cores the step really had."""

    def __init__(self):
        self.ends, self.cpu_ends, self.losses = [], [], []

    def _mark(self):
        self.ends.append(time.perf_counter())
        self.cpu_ends.append(time.process_time())

    def on_train_begin(self, args, state, control, **kwargs):
        self._mark()

    def on_step_end(self, args, state, control, **kwargs):
        self._mark()

    def on_log(self, args, state, control, logs=None, **kwargs):
        if logs and "loss" in logs:
            self.losses.append(logs["loss"])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", required=True, help="the .gguf file (or a model folder)")
    parser.add_argument("--data", required=True, help="the handbook's instruct_datasets.json")
    parser.add_argument("--steps", type=int, default=5, help="timed optimizer steps")
    parser.add_argument("--warmup", type=int, default=1, help="optimizer steps run first and not timed")
    parser.add_argument("--labels", choices=("all", "assistant"), default="all", help="the tokens with a loss")
    parser.add_argument("--rows-out", help="write the rows trained on here, as JSON lines")
    options = parser.parse_args()
    torch.set_num_threads(THREADS)
    torch.manual_seed(0)

    folder, kwargs, model_kwargs = options.model, {}, {}
    if options.model.endswith(".gguf"):
        folder, kwargs = os.path.dirname(os.path.abspath(options.model)), {"gguf_file": os.path.basename(options.model)}
        # Asked for explicitly, dequantization gives a plain float32 model; otherwise transformers keeps a GGUF
        # quantizer attached and its Trainer refuses to train.
        model_kwargs = {"quantization_config": GgufConfig(dequantize=True)}
    started = time.perf_counter()
    tokenizer = AutoTokenizer.from_pretrained(folder, **kwargs)
    model = AutoModelForCausalLM.from_pretrained(folder, dtype=torch.float32, **kwargs, **model_kwargs)
    loaded = time.perf_counter() - started
    rss_loaded = peak_rss_mib()

    steps = options.warmup + options.steps
    rows = make_rows(tokenizer, options.data, steps * BATCH, options.labels)
    if options.rows_out:
        with open(options.rows_out, "w", encoding="utf-8") as f:
            f.writelines(json.dumps(row) + "\n" for row in rows)
    lora = LoraConfig(r=8, lora_alpha=16, lora_dropout=0.0, target_modules="all-linear", bias="none",
                      task_type="CAUSAL_LM")
    args = SFTConfig(output_dir=tempfile.mkdtemp(), max_steps=steps, per_device_train_batch_size=BATCH,
                     max_length=LENGTH, packing=False, learning_rate=2e-4, lr_scheduler_type="constant",
                     logging_steps=1, save_strategy="no", report_to=[], disable_tqdm=True, use_cpu=True,
                     dataloader_num_workers=0, seed=0)
    clock = StepClock()
    trainer = SFTTrainer(model=model, args=args, train_dataset=Dataset.from_list(rows), processing_class=tokenizer,
                         peft_config=lora, callbacks=[clock])
    trainer.remove_callback(PrinterCallback)  # the losses are in the JSON line
    lengths = [len(ids) for ids in trainer.train_dataset["input_ids"]]
    assert len(lengths) == len(rows) and set(lengths) == {LENGTH}, "TRL dropped rows or changed their lengths"
    trainable = sum(p.numel() for p in trainer.model.parameters() if p.requires_grad)
    trainer.train()

    durations = [b - a for a, b in zip(clock.ends, clock.ends[1:])]
    cpu = [b - a for a, b in zip(clock.cpu_ends, clock.cpu_ends[1:])]
    timed, timed_cpu = durations[options.warmup:], cpu[options.warmup:]
    tokens_per_second = BATCH * LENGTH * len(timed) / sum(timed)
    cores_used = sum(timed_cpu) / sum(timed)
    result = {
        "peer": "trl-sft", "torch": torch.__version__, "threads": torch.get_num_threads(), "batch": BATCH,
        "length": LENGTH, "labels": options.labels, "trainable_parameters": trainable, "warmup_steps": options.warmup,
        "timed_steps": len(timed), "step_seconds": [round(d, 3) for d in durations],
        "median_step_seconds": round(statistics.median(timed), 3), "tokens_per_second": round(tokens_per_second, 1),
        "step_cpu_seconds": [round(c, 3) for c in cpu], "cores_used": round(cores_used, 2),
        "load_seconds": round(loaded, 1), "peak_rss_mib_after_load": round(rss_loaded),
        "peak_rss_mib": round(peak_rss_mib()), "losses": [round(x, 4) for x in clock.losses],
    }
    print(f"model loaded in {loaded:.1f} s; {trainable} trainable parameters; {BATCH} x {LENGTH} tokens a step")
    print("step seconds: " + ", ".join(f"{d:.2f}" for d in durations) + f" (the first {options.warmup} untimed); "
          "CPU seconds: " + ", ".join(f"{c:.2f}" for c in cpu))
    print(f"the timed steps had {cores_used:.2f} of the {THREADS} threads' cores on average"
          + (" (a busy machine: the wall times are inflated)" if cores_used < 0.9 * THREADS else ""))
    print(f"trl sft: {tokens_per_second:.0f} tokens/s over {len(timed)} steps "
          f"(median {statistics.median(timed):.2f} s a step); peak RSS {peak_rss_mib():.0f} MiB "
          f"({rss_loaded:.0f} MiB after loading)")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
