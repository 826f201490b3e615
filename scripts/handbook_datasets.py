#!/usr/bin/env python3
"""Writes the book's instruct or preference dataset (../shared/data/handbook/artifacts) as a dataset folder
the sft and dpo steps read: chat/train.jsonl and chat/test.jsonl in the conversational format.

usage: handbook_datasets.py instruct|preference EXPORT.json OUTPUT_FOLDER [MAX_TRAIN]
"""
import json
import os
import sys


def rows(kind, sample):
    if kind == "instruct":
        return {"messages": [{"role": "user", "content": sample["instruction"]},
                             {"role": "assistant", "content": sample["answer"]}]}
    return {"prompt": [{"role": "user", "content": sample["instruction"]}],
            "chosen": [{"role": "assistant", "content": sample["chosen"]}],
            "rejected": [{"role": "assistant", "content": sample["rejected"]}]}


def main():
    if len(sys.argv) < 4 or sys.argv[1] not in ("instruct", "preference"):
        sys.exit(__doc__.strip().splitlines()[-1])
    kind, export, output = sys.argv[1], sys.argv[2], sys.argv[3]
    limit = int(sys.argv[4]) if len(sys.argv) > 4 and int(sys.argv[4]) > 0 else None
    try:
        with open(export, encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError) as error:
        sys.exit(f"{export}: {error}")
    os.makedirs(os.path.join(output, "chat"), exist_ok=True)
    counts = {}
    for split in ("train", "test"):
        samples = [s for category in data.get(split, {}).values() for s in category.get("samples", [])]
        if split == "train" and limit:
            samples = samples[:limit]
        with open(os.path.join(output, "chat", f"{split}.jsonl"), "w", encoding="utf-8") as handle:
            for sample in samples:
                handle.write(json.dumps(rows(kind, sample), ensure_ascii=False) + "\n")
        counts[split] = len(samples)
    with open(os.path.join(output, "dataset.json"), "w", encoding="utf-8") as handle:
        json.dump({"source": os.path.basename(export), "kind": kind, "examples": counts}, handle, indent=2)
        handle.write("\n")


if __name__ == "__main__":
    main()
