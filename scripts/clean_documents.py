#!/usr/bin/env python3
"""Cleans documents: Unicode NFKC, link and image markup reduced to their text, emoji and
control characters removed, whitespace collapsed. Punctuation and code stay readable.

usage: clean_documents.py INPUT_JSONL OUTPUT_JSONL METADATA_JSON
"""
import json
import re
import sys
import unicodedata

IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
BARE_URL = re.compile(r"https?://\S+")
SPACES = re.compile(r"[ \t]+")
BLANK_LINES = re.compile(r"\n{3,}")


def keep(char):
    category = unicodedata.category(char)
    if char in "\n\t":
        return True
    if category.startswith("C"):  # control, format, private use, unassigned
        return False
    if category == "So":  # symbols such as emoji and pictographs
        return False
    return True


def clean(text):
    text = unicodedata.normalize("NFKC", text)
    text = IMAGE.sub(lambda m: m.group(1), text)
    text = LINK.sub(lambda m: m.group(1), text)
    text = BARE_URL.sub("", text)
    text = "".join(char for char in text if keep(char))
    text = "\n".join(SPACES.sub(" ", line).strip() for line in text.splitlines())
    return BLANK_LINES.sub("\n\n", text).strip()


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    source, output, metadata_path = sys.argv[1:]
    count = 0
    characters = 0
    with open(source, encoding="utf-8") as lines, open(output, "w", encoding="utf-8") as out:
        for number, line in enumerate(lines, 1):
            try:
                document = json.loads(line)
            except json.JSONDecodeError as error:
                sys.exit(f"{source}:{number}: not a JSON document ({error})")
            document["content"] = clean(document.get("content", ""))
            if document.get("title"):
                document["title"] = clean(document["title"])
            characters += len(document["content"])
            out.write(json.dumps(document, ensure_ascii=False, sort_keys=True) + "\n")
            count += 1
    with open(metadata_path, "w", encoding="utf-8") as meta:
        json.dump({"count": count, "characters": characters}, meta)
    print(f"cleaned {count} documents ({characters} characters)")


if __name__ == "__main__":
    main()
