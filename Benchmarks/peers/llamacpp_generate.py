#!/usr/bin/env python3
"""Prompt and decode speed of llama.cpp (through llama-cpp-python) on a GGUF file, the peer of
`orchestrate-bench generate`: the same pseudo-random prompt ids, greedy decoding with no stop token, the
first round a warm-up, the median of the rest, with 1 thread and with every core; the peak resident
memory of the process last.

    /tmp/llamaref/bin/python Benchmarks/peers/llamacpp_generate.py MODEL.gguf [PROMPT_TOKENS] [DECODE_TOKENS] [REPEATS]

llama-cpp-python is built from source by pip (`pip install llama-cpp-python`, several minutes).
"""

import os
import resource
import sys
import time

import numpy
from llama_cpp import Llama


def main():
    path = sys.argv[1]
    prompt_tokens = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    decode_tokens = int(sys.argv[3]) if len(sys.argv) > 3 else 100
    repeats = int(sys.argv[4]) if len(sys.argv) > 4 else 5
    for threads in sorted({1, os.cpu_count()}):
        llm = Llama(model_path=path, n_ctx=prompt_tokens + decode_tokens + 8, n_batch=512, n_threads=threads,
                    n_threads_batch=threads, verbose=False)
        vocabulary = llm.n_vocab()
        ids = [(i * 7919 + 13) % vocabulary for i in range(prompt_tokens)]
        prompt_seconds, decode_seconds = [], []
        for round in range(repeats + 1):
            llm.reset()
            start = time.perf_counter()
            llm.eval(ids)
            prompted = time.perf_counter()
            for _ in range(decode_tokens):
                token = int(numpy.argmax(llm.scores[llm.n_tokens - 1]))
                llm.eval([token])
            decoded = time.perf_counter()
            if round > 0:
                prompt_seconds.append(prompted - start)
                decode_seconds.append(decoded - prompted)
        prompt = sorted(prompt_seconds)[len(prompt_seconds) // 2]
        decode = sorted(decode_seconds)[len(decode_seconds) // 2]
        print(
            f"llama.cpp {threads} thread(s): prompt {prompt_tokens} tokens {prompt_tokens / prompt:.0f} tokens/s "
            f"({prompt * 1000:.2f} ms), decode {decode_tokens} tokens {decode_tokens / decode:.0f} tokens/s "
            f"({decode * 1000 / decode_tokens:.3f} ms/token)"
        )
        del llm
    print(f"llama.cpp peak resident memory {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
