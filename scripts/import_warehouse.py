#!/usr/bin/env python3
"""Reads the LLM-twin warehouse export (UserDocument.json plus Article/Post/RepositoryDocument.json)
and writes one JSON document per line with its author resolved.

usage: import_warehouse.py WAREHOUSE_DIR OUTPUT_JSONL METADATA_JSON
"""
import json
import os
import sys

KINDS = {"ArticleDocument.json": "article", "PostDocument.json": "post", "RepositoryDocument.json": "repository"}


def load(path):
    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    if not isinstance(data, list):
        sys.exit(f"{path}: expected a JSON list of documents")
    return data


def content_text(content):
    if isinstance(content, dict):
        parts = [content.get("Title"), content.get("Subtitle"), content.get("Content")]
        return "\n\n".join(part for part in parts if isinstance(part, str) and part.strip())
    return str(content or "")


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    warehouse, output, metadata_path = sys.argv[1:]
    users_path = os.path.join(warehouse, "UserDocument.json")
    if not os.path.isfile(users_path):
        sys.exit(f"{warehouse}: no UserDocument.json here; pass the warehouse folder with --param warehouse=DIR")
    users = {user["_id"]: f"{user.get('first_name', '')} {user.get('last_name', '')}".strip() for user in load(users_path)}
    count = 0
    per_kind = {}
    with open(output, "w", encoding="utf-8") as out:
        for filename, kind in KINDS.items():
            path = os.path.join(warehouse, filename)
            if not os.path.isfile(path):
                continue
            for item in load(path):
                content = item.get("content") or {}
                document = {
                    "id": item.get("_id"),
                    "kind": kind,
                    "platform": item.get("platform"),
                    "link": item.get("link"),
                    "author_id": item.get("author_id"),
                    "author": item.get("author_full_name") or users.get(item.get("author_id"), "unknown"),
                    "title": content.get("Title") if isinstance(content, dict) else None,
                    "content": content_text(content),
                }
                out.write(json.dumps(document, ensure_ascii=False, sort_keys=True) + "\n")
                count += 1
                per_kind[kind] = per_kind.get(kind, 0) + 1
    with open(metadata_path, "w", encoding="utf-8") as meta:
        json.dump({"count": count, "per_kind": per_kind, "authors": len(users)}, meta)
    print(f"imported {count} documents by {len(users)} authors")


if __name__ == "__main__":
    main()
