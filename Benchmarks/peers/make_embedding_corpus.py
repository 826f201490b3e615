#!/usr/bin/env python3
# Writes the text corpus of the embedding benchmarks: OUT_DIR/passages.txt (1,000 passages of 120 words)
# and OUT_DIR/queries.txt (1,000 queries of 10 words), one a line, cut from the handbook documents.
#
#   python3 Benchmarks/peers/make_embedding_corpus.py OUT_DIR [CLEANED_DOCUMENTS_JSON]
#
# CLEANED_DOCUMENTS_JSON defaults to ../shared/data/handbook/artifacts/cleaned_documents.json beside the
# repository root. Standard library only; the same input always gives the same files, byte for byte.
#
# Passages: each document's words (split on any whitespace, so no line breaks survive, joined by single
# spaces) are cut into consecutive 120-word windows, taken round-robin across the documents so that
# neighbouring lines come from different documents. Should that give fewer than 1,000 distinct passages,
# further rounds cut the documents again starting 60, then 30, then 90 words in. Queries: query i is the
# 10 words of passage i starting at word (37 * i) mod 111, or, when that phrase is already a query (boiler-
# plate repeats), at the next word that gives a new one; so every query is a distinct phrase of one passage.
import json
import sys
from pathlib import Path

PASSAGES = 1000
PASSAGE_WORDS = 120
QUERIES = 1000
QUERY_WORDS = 10
OFFSETS = (0, 60, 30, 90)


def windows(words, offset, size):
    return [words[i:i + size] for i in range(offset, len(words) - size + 1, size)]


def passages(documents):
    seen = set()
    chosen = []
    for offset in OFFSETS:
        cuts = [windows(document, offset, PASSAGE_WORDS) for document in documents]
        for round_index in range(max(map(len, cuts), default=0)):
            for document_cuts in cuts:
                if round_index < len(document_cuts):
                    passage = " ".join(document_cuts[round_index])
                    if passage not in seen:
                        seen.add(passage)
                        chosen.append(passage)
                        if len(chosen) == PASSAGES:
                            return chosen
    sys.exit(f"only {len(chosen)} distinct passages of {PASSAGE_WORDS} words in the documents")


def queries(passage_lines):
    seen = set()
    chosen = []
    for i in range(QUERIES):
        words = passage_lines[i % len(passage_lines)].split(" ")
        for step in range(PASSAGE_WORDS - QUERY_WORDS + 1):
            start = (37 * i + step) % (PASSAGE_WORDS - QUERY_WORDS + 1)
            query = " ".join(words[start:start + QUERY_WORDS])
            if query not in seen:
                break
        else:
            sys.exit(f"no distinct query of {QUERY_WORDS} words in passage {i}")
        seen.add(query)
        chosen.append(query)
    return chosen


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit("usage: make_embedding_corpus.py OUT_DIR [CLEANED_DOCUMENTS_JSON]")
    root = Path(__file__).resolve().parents[2]
    source = Path(sys.argv[2]) if len(sys.argv) == 3 else root.parent / "shared/data/handbook/artifacts/cleaned_documents.json"
    documents = [document["content"].split() for document in json.loads(source.read_text(encoding="utf-8"))["artifact_data"]]

    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    passage_lines = passages(documents)
    query_lines = queries(passage_lines)
    for name, lines in (("passages.txt", passage_lines), ("queries.txt", query_lines)):
        with open(out / name, "w", encoding="utf-8", newline="\n") as file:
            file.write("".join(line + "\n" for line in lines))
    print(f"{len(passage_lines)} passages of {PASSAGE_WORDS} words and {len(query_lines)} queries of "
          f"{QUERY_WORDS} words in {out}")


if __name__ == "__main__":
    main()
