#!/usr/bin/env python3
"""Splits documents into overlapping chunks of whole sentences, at most SIZE characters each.
A chunk's id is the sha256 of its text, and it keeps its document's id, author, kind and link.

usage: chunk_documents.py INPUT_JSONL OUTPUT_JSONL METADATA_JSON SIZE OVERLAP
"""
import hashlib
import json
import re
import sys

SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n{2,}")


def sentences(text, size):
    for piece in SENTENCE_END.split(text):
        piece = piece.strip()
        while len(piece) > size:  # a single sentence longer than a chunk is cut
            yield piece[:size]
            piece = piece[size:]
        if piece:
            yield piece


def chunks(text, size, overlap):
    current = []
    length = 0
    for sentence in sentences(text, size):
        if current and length + len(sentence) + 1 > size:
            yield " ".join(current)
            kept = []
            kept_length = 0
            for previous in reversed(current):  # carry whole sentences up to OVERLAP characters
                if kept_length + len(previous) > overlap:
                    break
                kept.insert(0, previous)
                kept_length += len(previous) + 1
            current, length = kept, kept_length
        current.append(sentence)
        length += len(sentence) + 1
    if current:
        yield " ".join(current)


def main():
    if len(sys.argv) != 6:
        sys.exit(__doc__)
    source, output, metadata_path, size, overlap = sys.argv[1:]
    size, overlap = int(size), int(overlap)
    if size <= 0 or overlap < 0 or overlap >= size:
        sys.exit(f"chunk size must be positive and overlap smaller than it (got {size} and {overlap})")
    count = 0
    with open(source, encoding="utf-8") as lines, open(output, "w", encoding="utf-8") as out:
        for line in lines:
            document = json.loads(line)
            for index, text in enumerate(chunks(document.get("content", ""), size, overlap)):
                chunk = {
                    "id": hashlib.sha256(text.encode("utf-8")).hexdigest(),
                    "document_id": document.get("id"),
                    "index": index,
                    "author": document.get("author"),
                    "kind": document.get("kind"),
                    "platform": document.get("platform"),
                    "link": document.get("link"),
                    "text": text,
                }
                out.write(json.dumps(chunk, ensure_ascii=False, sort_keys=True) + "\n")
                count += 1
    with open(metadata_path, "w", encoding="utf-8") as meta:
        json.dump({"count": count, "size": size, "overlap": overlap}, meta)
    print(f"wrote {count} chunks")


if __name__ == "__main__":
    main()
