"""Concurrent streaming clients against an OpenAI-compatible server: aggregate tokens/s and time to first token.

    python3 serve_load.py BASE_URL MODEL CLIENTS [REQUESTS_PER_CLIENT] [MAX_TOKENS]

Each client sends its requests one after another (`stream: true`, greedy, a different question each) and
times the first content chunk. Tokens are the server's usage counts when it sends them (stream_options),
else the content chunks, one per token for both servers measured here. Only the standard library.
"""

import http.client
import json
import sys
import threading
import time
from urllib.parse import urlparse

QUESTIONS = [
    "Explain what a LoRA adapter is in three sentences.",
    "What is retrieval-augmented generation?",
    "Write a short paragraph about vector databases.",
    "Why do language models need a KV cache?",
    "Describe continuous training of a model.",
    "What does an orchestrator of pipelines do?",
    "Summarise the idea of an LLM twin.",
    "How does quantization make a model smaller?",
]


def stream_one(url, model, question, max_tokens):
    body = json.dumps({
        "model": model, "messages": [{"role": "user", "content": question}], "max_tokens": max_tokens,
        "temperature": 0, "stream": True, "stream_options": {"include_usage": True},
    })
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=600)
    start = time.perf_counter()
    connection.request("POST", "/v1/chat/completions", body, {"Content-Type": "application/json"})
    response = connection.getresponse()
    if response.status != 200:
        raise RuntimeError(f"HTTP {response.status}: {response.read()[:200]!r}")
    first, chunks, usage = None, 0, None
    for raw in response:
        line = raw.decode().strip()
        if not line.startswith("data: ") or line == "data: [DONE]":
            continue
        event = json.loads(line[6:])
        if event.get("usage"):
            usage = event["usage"]["completion_tokens"]
        for choice in event.get("choices", []):
            if (choice.get("delta") or {}).get("content"):
                chunks += 1
                if first is None:
                    first = time.perf_counter() - start
    connection.close()
    return first if first is not None else time.perf_counter() - start, usage if usage is not None else chunks


def main():
    base, model, clients = sys.argv[1], sys.argv[2], int(sys.argv[3])
    per_client = int(sys.argv[4]) if len(sys.argv) > 4 else 2
    max_tokens = int(sys.argv[5]) if len(sys.argv) > 5 else 128
    url = urlparse(base)
    results, errors = [], []
    lock = threading.Lock()

    def client(index):
        for round in range(per_client):
            try:
                outcome = stream_one(url, model, QUESTIONS[(index + round) % len(QUESTIONS)], max_tokens)
                with lock:
                    results.append(outcome)
            except Exception as error:  # reported, never hidden
                with lock:
                    errors.append(str(error))

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - start
    firsts = sorted(first for first, _ in results)
    tokens = sum(count for _, count in results)
    p95 = firsts[min(len(firsts) - 1, int(round(0.95 * (len(firsts) - 1))))] if firsts else float("nan")
    print(json.dumps({
        "clients": clients, "requests": len(results), "errors": len(errors), "tokens": tokens,
        "wall_s": round(wall, 2), "tokens_per_s": round(tokens / wall, 1),
        "ttft_median_s": round(firsts[len(firsts) // 2], 3) if firsts else None, "ttft_p95_s": round(p95, 3),
        "first_error": errors[0] if errors else None,
    }))


if __name__ == "__main__":
    main()
