#!/usr/bin/env python3
"""Prompt and decode speed of transformers' LlamaForCausalLM on the CPU, the peer of
`orchestrate-bench generate`: the same pseudo-random prompt ids, greedy decoding with the KV cache and no
stop token, the first round a warm-up, the median of the rest, with 1 thread and with every core.

    /tmp/embref/bin/python Benchmarks/peers/transformers_generate.py MODEL [PROMPT_TOKENS] [DECODE_TOKENS] [REPEATS]

MODEL is a model folder or a .gguf file (which transformers dequantizes to float32 on load; needs the
`gguf` package). The peak resident memory of the process is printed last.
"""

import os
import resource
import sys
import time

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import torch  # noqa: E402
from transformers import AutoModelForCausalLM  # noqa: E402


def main():
    folder = sys.argv[1]
    prompt_tokens = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    decode_tokens = int(sys.argv[3]) if len(sys.argv) > 3 else 100
    repeats = int(sys.argv[4]) if len(sys.argv) > 4 else 5
    if folder.endswith(".gguf"):
        model = AutoModelForCausalLM.from_pretrained(
            os.path.dirname(os.path.abspath(folder)), gguf_file=os.path.basename(folder), dtype=torch.float32).eval()
    else:
        model = AutoModelForCausalLM.from_pretrained(folder, dtype=torch.float32).eval()
    vocabulary = model.config.vocab_size
    ids = torch.tensor([[(i * 7919 + 13) % vocabulary for i in range(prompt_tokens)]])
    for threads in sorted({1, os.cpu_count()}):
        torch.set_num_threads(threads)
        prompt_seconds, decode_seconds = [], []
        for round in range(repeats + 1):
            with torch.no_grad():
                start = time.perf_counter()
                out = model(ids, use_cache=True)
                prompted = time.perf_counter()
                past = out.past_key_values
                token = out.logits[:, -1:].argmax(-1)
                for _ in range(decode_tokens):
                    out = model(token, past_key_values=past, use_cache=True)
                    past = out.past_key_values
                    token = out.logits[:, -1:].argmax(-1)
                decoded = time.perf_counter()
            if round > 0:
                prompt_seconds.append(prompted - start)
                decode_seconds.append(decoded - prompted)
        prompt = sorted(prompt_seconds)[len(prompt_seconds) // 2]
        decode = sorted(decode_seconds)[len(decode_seconds) // 2]
        print(
            f"transformers {threads} thread(s): prompt {prompt_tokens} tokens {prompt_tokens / prompt:.0f} tokens/s "
            f"({prompt * 1000:.2f} ms), decode {decode_tokens} tokens {decode_tokens / decode:.0f} tokens/s "
            f"({decode * 1000 / decode_tokens:.3f} ms/token)"
        )
    print(f"transformers peak resident memory {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
