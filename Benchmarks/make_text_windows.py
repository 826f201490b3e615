#!/usr/bin/env python3
"""Writes N short overlapping windows of real text (WORDS words each) cut from the handbook's cleaned
documents, one per line: a large set of real-text vectors for the index benchmark once embedded.

usage: make_text_windows.py OUT N [WORDS] [CLEANED_DOCUMENTS_JSON]
Deterministic: windows start every few words through every document, round after round with shifted
offsets, until N distinct windows are written.
"""
import json
import os
import sys


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    out, count = sys.argv[1], int(sys.argv[2])
    words_per_window = int(sys.argv[3]) if len(sys.argv) > 3 else 12
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    source = sys.argv[4] if len(sys.argv) > 4 else os.path.join(root, "shared/data/handbook/artifacts/cleaned_documents.json")
    with open(source, encoding="utf-8") as handle:
        documents = json.load(handle)["artifact_data"]
    texts = [" ".join(str(d.get("content", "")).split()).split(" ") for d in documents]
    seen, lines = set(), []
    for shift in range(words_per_window):
        for words in texts:
            for start in range(shift, max(0, len(words) - words_per_window), words_per_window):
                window = " ".join(words[start:start + words_per_window])
                if window not in seen:
                    seen.add(window)
                    lines.append(window)
                    if len(lines) == count:
                        break
            if len(lines) == count:
                break
        if len(lines) == count:
            break
    if len(lines) < count:
        sys.exit(f"only {len(lines)} distinct windows in {source}")
    with open(out, "w", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
