#!/usr/bin/env python3
"""Summarizes chunks per author and document kind as a Markdown report.

usage: summarize_chunks.py CHUNKS_JSONL OUTPUT_MD
"""
import collections
import json
import sys


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    source, output = sys.argv[1:]
    per_author = collections.Counter()
    documents = collections.defaultdict(set)
    characters = collections.Counter()
    with open(source, encoding="utf-8") as lines:
        for line in lines:
            chunk = json.loads(line)
            key = (chunk.get("author") or "unknown", chunk.get("kind") or "unknown")
            per_author[key] += 1
            documents[key].add(chunk.get("document_id"))
            characters[key] += len(chunk.get("text", ""))
    with open(output, "w", encoding="utf-8") as out:
        out.write("# Chunks per author\n\n| author | kind | documents | chunks | mean chunk length |\n|---|---|---|---|---|\n")
        for (author, kind), count in sorted(per_author.items()):
            mean = characters[(author, kind)] / count
            out.write(f"| {author} | {kind} | {len(documents[(author, kind)])} | {count} | {mean:.0f} |\n")
    print(f"summarized {sum(per_author.values())} chunks")


if __name__ == "__main__":
    main()
