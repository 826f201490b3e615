#!/usr/bin/env python3
"""Prints the first examples of a dataset artifact folder, a few lines each, for scripts/demo.

usage: dataset_sample.py DATASET_FOLDER [COUNT]
Exits 1 when the dataset holds no example, so the demo can say so instead of showing nothing.
"""
import json
import os
import sys

FIELDS = ["instruction", "prompt", "answer", "chosen", "rejected"]


def shorten(text, width=150):
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1] + "…"


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    folder = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) == 3 else 1
    path = os.path.join(folder, "examples.jsonl")
    with open(path, encoding="utf-8") as lines:
        examples = [json.loads(line) for line in lines if line.strip()]
    if not examples:
        print(f"  (no example survived the filters: the reasons are in {os.path.join(folder, 'rejected.jsonl')})")
        sys.exit(1)
    for example in examples[:count]:
        for field in FIELDS:
            if isinstance(example.get(field), str):
                print(f"  {field + ':':<13} {shorten(example[field])}")
    print(f"  ({len(examples)} example{'s' if len(examples) != 1 else ''} in all)")


if __name__ == "__main__":
    main()
