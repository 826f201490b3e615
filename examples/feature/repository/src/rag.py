"""Embed a handful of passages, find the closest to a question, and print the prompt to send."""
import math
import sys

PASSAGES = [
    "LoRA learns a low-rank update to each weight matrix instead of the matrix itself.",
    "Chunk sizes should be measured in tokens of the embedding model's tokenizer.",
    "An LLM twin is a model fine-tuned on one person's writing.",
]


def embed(text):
    # A bag of letters stands in for a real encoder: enough to show the flow.
    counts = [0.0] * 26
    for letter in text.lower():
        if "a" <= letter <= "z":
            counts[ord(letter) - ord("a")] += 1
    norm = math.sqrt(sum(c * c for c in counts)) or 1.0
    return [c / norm for c in counts]


def search(question, k=2):
    query = embed(question)
    scored = [(sum(a * b for a, b in zip(query, embed(p))), p) for p in PASSAGES]
    return [p for _, p in sorted(scored, reverse=True)[:k]]


if __name__ == "__main__":
    question = " ".join(sys.argv[1:]) or "what is LoRA?"
    context = "\n".join(f"- {p}" for p in search(question))
    print(f"Answer using only these passages:\n{context}\n\nQuestion: {question}")
