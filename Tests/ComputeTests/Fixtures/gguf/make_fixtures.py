"""Writes the GGUF test fixtures in this folder. Run once from the repository root:

    /tmp/embref/bin/python Tests/ComputeTests/Fixtures/gguf/make_fixtures.py            # small files
    /tmp/embref/bin/python Tests/ComputeTests/Fixtures/gguf/make_fixtures.py --smollm2   # + SmolLM2 references

See README.md for what each file is for.
"""

import json
import os
import sys

import numpy as np
import gguf
from gguf import GGUFValueType as VT, GGMLQuantizationType as QT

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", "..", ".."))
LLAMA = os.path.join(HERE, "..", "llama", "tied")


def write(writer):
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()


def values():
    """Every metadata value type, arrays of arrays, and tensors of a plain, a block and an IQ type."""
    w = gguf.GGUFWriter(os.path.join(HERE, "values.gguf"), arch="test")
    w.add_uint8("test.uint8", 200)
    w.add_int8("test.int8", -100)
    w.add_uint16("test.uint16", 60000)
    w.add_int16("test.int16", -30000)
    w.add_uint32("test.uint32", 4_000_000_000)
    w.add_int32("test.int32", -2_000_000_000)
    w.add_uint64("test.uint64", 18_000_000_000_000_000_000)
    w.add_int64("test.int64", -9_000_000_000_000_000_000)
    w.add_float32("test.float32", 0.15625)
    w.add_float64("test.float64", -1.0e300)
    w.add_bool("test.true", True)
    w.add_bool("test.false", False)
    w.add_string("test.string", "héllo, wörld 👋")
    w.add_array("test.integers", [1, 2, 3])
    w.add_key_value("test.floats", [0.5, -2.0], VT.ARRAY, sub_type=VT.FLOAT32)
    w.add_array("test.strings", ["a", "", "ç"])
    w.add_key_value("test.bools", [True, False, True], VT.ARRAY, sub_type=VT.BOOL)
    w.add_key_value("test.nested", [[1, 2], [3], [4, 5, 6]], VT.ARRAY, sub_type=VT.ARRAY)
    w.add_key_value("test.nested_strings", [["x", "y"], ["z"]], VT.ARRAY, sub_type=VT.ARRAY)
    w.add_tensor("plain", np.arange(6, dtype=np.float32).reshape(2, 3))
    w.add_tensor("half", np.array([1.0, -2.0, 0.5], dtype=np.float16))
    block = gguf.quants.quantize(np.linspace(-1, 1, 64, dtype=np.float32).reshape(2, 32), QT.Q8_0)
    w.add_tensor("blocks", block, raw_dtype=QT.Q8_0)
    w.add_tensor("iq", np.zeros((1, 66), dtype=np.uint8), raw_dtype=QT.IQ2_XXS)
    write(w)


def aligned():
    """A custom `general.alignment` of 64 and a version-2 header otherwise like the writer's."""
    w = gguf.GGUFWriter(os.path.join(HERE, "aligned64.gguf"), arch="test")
    w.add_custom_alignment(64)
    w.add_tensor("a", np.ones(3, dtype=np.float32))
    w.add_tensor("b", np.full((2, 2), 7, dtype=np.float32))
    write(w)


def permute(weights, heads, kv_heads):
    """convert_hf_to_gguf.py's LlamaModel.permute: within each head, HF's half-split rotary layout becomes
    llama.cpp's interleaved one."""
    if kv_heads is not None and heads != kv_heads:
        heads = kv_heads
    return (
        weights.reshape(heads, 2, weights.shape[0] // heads // 2, *weights.shape[1:]).swapaxes(1, 2).reshape(weights.shape)
    )


def tiny_llama(name, quantization, untied):
    """The tied Llama fixture of ../llama/tied, as convert_hf_to_gguf.py would write it."""
    from safetensors.numpy import load_file

    config = json.load(open(os.path.join(LLAMA, "config.json")))
    tensors = load_file(os.path.join(LLAMA, "model.safetensors"))
    heads, kv_heads = config["num_attention_heads"], config["num_key_value_heads"]
    w = gguf.GGUFWriter(os.path.join(HERE, name), arch="llama")
    w.add_name("tiny llama")
    w.add_block_count(config["num_hidden_layers"])
    w.add_context_length(config["max_position_embeddings"])
    w.add_embedding_length(config["hidden_size"])
    w.add_feed_forward_length(config["intermediate_size"])
    w.add_head_count(heads)
    w.add_head_count_kv(kv_heads)
    w.add_rope_freq_base(config["rope_theta"])
    w.add_layer_norm_rms_eps(config["rms_norm_eps"])
    w.add_rope_dimension_count(config["hidden_size"] // heads)
    w.add_vocab_size(config["vocab_size"])
    w.add_bos_token_id(config["bos_token_id"])
    w.add_eos_token_id(config["eos_token_id"])
    dequantized = {}

    def add(gguf_name, array, quantize=True):
        array = np.ascontiguousarray(array, dtype=np.float32)
        if quantization is not None and quantize and array.ndim == 2:
            packed = gguf.quants.quantize(array, quantization)
            w.add_tensor(gguf_name, packed, raw_dtype=quantization)
            dequantized[gguf_name] = gguf.quants.dequantize(packed, quantization)
        else:
            w.add_tensor(gguf_name, array)
            dequantized[gguf_name] = array

    add("token_embd.weight", tensors["model.embed_tokens.weight"])
    for i in range(config["num_hidden_layers"]):
        p, b = f"model.layers.{i}.", f"blk.{i}."
        add(b + "attn_norm.weight", tensors[p + "input_layernorm.weight"])
        add(b + "attn_q.weight", permute(tensors[p + "self_attn.q_proj.weight"], heads, heads))
        add(b + "attn_k.weight", permute(tensors[p + "self_attn.k_proj.weight"], heads, kv_heads))
        add(b + "attn_v.weight", tensors[p + "self_attn.v_proj.weight"])
        add(b + "attn_output.weight", tensors[p + "self_attn.o_proj.weight"])
        add(b + "ffn_norm.weight", tensors[p + "post_attention_layernorm.weight"])
        add(b + "ffn_gate.weight", tensors[p + "mlp.gate_proj.weight"])
        add(b + "ffn_up.weight", tensors[p + "mlp.up_proj.weight"])
        add(b + "ffn_down.weight", tensors[p + "mlp.down_proj.weight"])
    add("output_norm.weight", tensors["model.norm.weight"])
    if untied:
        add("output.weight", tensors["model.embed_tokens.weight"])
    write(w)
    return config, dequantized


def tiny_qwen2():
    """The same model as a Qwen2 GGUF in F16: `qwen2.*` keys, query and key rows as transformers has them
    (llama.cpp's Qwen2 rotates halves, so its converter does not permute), and zero q, k, v biases."""
    from safetensors.numpy import load_file

    config = json.load(open(os.path.join(LLAMA, "config.json")))
    tensors = load_file(os.path.join(LLAMA, "model.safetensors"))
    heads, kv_heads = config["num_attention_heads"], config["num_key_value_heads"]
    head_dim = config["hidden_size"] // heads
    w = gguf.GGUFWriter(os.path.join(HERE, "tiny-qwen2-f16.gguf"), arch="qwen2")
    w.add_block_count(config["num_hidden_layers"])
    w.add_context_length(config["max_position_embeddings"])
    w.add_embedding_length(config["hidden_size"])
    w.add_feed_forward_length(config["intermediate_size"])
    w.add_head_count(heads)
    w.add_head_count_kv(kv_heads)
    w.add_rope_freq_base(config["rope_theta"])
    w.add_layer_norm_rms_eps(config["rms_norm_eps"])
    w.add_vocab_size(config["vocab_size"])

    def half(array):
        return np.ascontiguousarray(array, dtype=np.float16)

    w.add_tensor("token_embd.weight", half(tensors["model.embed_tokens.weight"]))
    for i in range(config["num_hidden_layers"]):
        p, b = f"model.layers.{i}.", f"blk.{i}."
        w.add_tensor(b + "attn_norm.weight", tensors[p + "input_layernorm.weight"])
        for name, hf, width in (("attn_q", "q_proj", heads), ("attn_k", "k_proj", kv_heads), ("attn_v", "v_proj", kv_heads)):
            w.add_tensor(b + name + ".weight", half(tensors[p + f"self_attn.{hf}.weight"]))
            w.add_tensor(b + name + ".bias", np.zeros(width * head_dim, dtype=np.float32))
        w.add_tensor(b + "attn_output.weight", half(tensors[p + "self_attn.o_proj.weight"]))
        w.add_tensor(b + "ffn_norm.weight", tensors[p + "post_attention_layernorm.weight"])
        w.add_tensor(b + "ffn_gate.weight", half(tensors[p + "mlp.gate_proj.weight"]))
        w.add_tensor(b + "ffn_up.weight", half(tensors[p + "mlp.up_proj.weight"]))
        w.add_tensor(b + "ffn_down.weight", half(tensors[p + "mlp.down_proj.weight"]))
    w.add_tensor("output_norm.weight", tensors["model.norm.weight"])
    write(w)


def tiny_llama3():
    """The untied Llama fixture of ../llama/untied, whose `llama3` rope scaling llama.cpp's converter turns
    into a `rope_freqs.weight` tensor of per-frequency divisors (LlamaModel.generate_extra_tensors);
    matrices in F16 to keep the file small."""
    import math
    from safetensors.numpy import load_file

    folder = os.path.join(HERE, "..", "llama", "untied")
    config = json.load(open(os.path.join(folder, "config.json")))
    tensors = load_file(os.path.join(folder, "model.safetensors"))
    rope = config["rope_parameters"]
    heads, kv_heads, dim = config["num_attention_heads"], config["num_key_value_heads"], config["head_dim"]
    w = gguf.GGUFWriter(os.path.join(HERE, "tiny-llama3-f16.gguf"), arch="llama")
    w.add_block_count(config["num_hidden_layers"])
    w.add_context_length(config["max_position_embeddings"])
    w.add_embedding_length(config["hidden_size"])
    w.add_feed_forward_length(config["intermediate_size"])
    w.add_head_count(heads)
    w.add_head_count_kv(kv_heads)
    w.add_rope_freq_base(rope["rope_theta"])
    w.add_layer_norm_rms_eps(config["rms_norm_eps"])
    w.add_rope_dimension_count(dim)
    w.add_vocab_size(config["vocab_size"])
    base, factor = rope["rope_theta"], rope["factor"]
    low, high, old = rope["low_freq_factor"], rope["high_freq_factor"], rope["original_max_position_embeddings"]
    freqs = 1.0 / (base ** (np.arange(0, dim, 2, dtype=np.float32) / dim))
    factors = []
    for freq in freqs:
        wavelen = 2 * math.pi / freq
        if wavelen < old / high:
            factors.append(1)
        elif wavelen > old / low:
            factors.append(factor)
        else:
            smooth = (old / wavelen - low) / (high - low)
            factors.append(1 / ((1 - smooth) / factor + smooth))
    w.add_tensor("rope_freqs.weight", np.array(factors, dtype=np.float32))

    def half(array):
        return np.ascontiguousarray(array, dtype=np.float16)

    w.add_tensor("token_embd.weight", half(tensors["model.embed_tokens.weight"]))
    for i in range(config["num_hidden_layers"]):
        p, b = f"model.layers.{i}.", f"blk.{i}."
        w.add_tensor(b + "attn_norm.weight", tensors[p + "input_layernorm.weight"])
        w.add_tensor(b + "attn_q.weight", half(permute(tensors[p + "self_attn.q_proj.weight"], heads, heads)))
        w.add_tensor(b + "attn_k.weight", half(permute(tensors[p + "self_attn.k_proj.weight"], heads, kv_heads)))
        w.add_tensor(b + "attn_v.weight", half(tensors[p + "self_attn.v_proj.weight"]))
        w.add_tensor(b + "attn_output.weight", half(tensors[p + "self_attn.o_proj.weight"]))
        w.add_tensor(b + "ffn_norm.weight", tensors[p + "post_attention_layernorm.weight"])
        w.add_tensor(b + "ffn_gate.weight", half(tensors[p + "mlp.gate_proj.weight"]))
        w.add_tensor(b + "ffn_up.weight", half(tensors[p + "mlp.up_proj.weight"]))
        w.add_tensor(b + "ffn_down.weight", half(tensors[p + "mlp.down_proj.weight"]))
    w.add_tensor("output_norm.weight", tensors["model.norm.weight"])
    w.add_tensor("output.weight", half(tensors["lm_head.weight"]))
    write(w)


def quantized_reference(config, dequantized):
    """Logits transformers computes from the Q8_0 file's weights, dequantized, for two of the fixture's
    sequences: the reference for the GGUF loader's float path on a block type."""
    import torch
    from transformers import LlamaConfig, LlamaForCausalLM

    torch.manual_seed(0)
    hf = LlamaConfig(**{k: v for k, v in config.items() if k not in ("architectures", "transformers_version")})
    hf.tie_word_embeddings = False
    model = LlamaForCausalLM(hf).eval()
    heads, kv_heads = config["num_attention_heads"], config["num_key_value_heads"]

    def unpermute(weights, n_head):
        return (
            weights.reshape(n_head, weights.shape[0] // n_head // 2, 2, *weights.shape[1:])
            .swapaxes(1, 2)
            .reshape(weights.shape)
        )

    state = {"model.embed_tokens.weight": dequantized["token_embd.weight"], "lm_head.weight": dequantized["output.weight"]}
    state["model.norm.weight"] = dequantized["output_norm.weight"]
    for i in range(config["num_hidden_layers"]):
        p, b = f"model.layers.{i}.", f"blk.{i}."
        state[p + "input_layernorm.weight"] = dequantized[b + "attn_norm.weight"]
        state[p + "self_attn.q_proj.weight"] = unpermute(dequantized[b + "attn_q.weight"], heads)
        state[p + "self_attn.k_proj.weight"] = unpermute(dequantized[b + "attn_k.weight"], kv_heads)
        state[p + "self_attn.v_proj.weight"] = dequantized[b + "attn_v.weight"]
        state[p + "self_attn.o_proj.weight"] = dequantized[b + "attn_output.weight"]
        state[p + "post_attention_layernorm.weight"] = dequantized[b + "ffn_norm.weight"]
        state[p + "mlp.gate_proj.weight"] = dequantized[b + "ffn_gate.weight"]
        state[p + "mlp.up_proj.weight"] = dequantized[b + "ffn_up.weight"]
        state[p + "mlp.down_proj.weight"] = dequantized[b + "ffn_down.weight"]
    model.load_state_dict({k: torch.from_numpy(np.array(v)) for k, v in state.items()}, strict=True)
    reference = json.load(open(os.path.join(LLAMA, "reference.json")))
    sequences = []
    with torch.no_grad():
        for sequence in reference["sequences"]:
            if len(sequence["ids"]) not in (7, 33):
                continue
            logits = model(torch.tensor([sequence["ids"]])).logits[0, -1].numpy()
            sequences.append({"ids": sequence["ids"], "last_logits": [float(x) for x in logits.astype(np.float32)]})
    with open(os.path.join(HERE, "tiny-llama-q8_0.reference.json"), "w") as f:
        json.dump({"sequences": sequences}, f)


TEXTS = [
    "Hello, world!",
    "  leading spaces,   runs of   spaces\tand\ttabs\n\nand newlines\r\n",
    "Digits: 0 12 345 6789 3.14159 1,000,000 and ２０２４",
    "Unicode: naïve café, Straße, ελληνικά, русский, 日本語のテキスト, 한국어, عربى",
    "Emoji: 👋🏽 👩‍👩‍👧 🇫🇷 ✨",
    "def add(a, b):\n    return a + b  # sum\n\nprint(add(1, 2))",
    "<|im_start|>user\nWhat is 2+2?<|im_end|>\n<|im_start|>assistant\n",
    "don't you'll we've I'M It'S",
    "",
    " ",
    "<|endoftext|>text<|im_end|><|im_start|>",
]

PROMPTS = [
    ("raw", "The capital of France is"),
    ("raw", "def fibonacci(n):\n    if n < 2:\n        return n\n    return"),
    ("chat", "What is the boiling point of water at sea level?"),
    ("chat", "Write a haiku about the sea."),
]


def smollm2():
    """Token ids and last-position logits from transformers' reading of the real SmolLM2 GGUF."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    torch.set_num_threads(1)
    folder, name = os.path.join(ROOT, "models"), "SmolLM2-135M-Instruct.Q4_1.gguf"
    tokenizer = AutoTokenizer.from_pretrained(folder, gguf_file=name)
    tokens = [{"text": t, "ids": tokenizer.encode(t, add_special_tokens=False)} for t in TEXTS]
    with open(os.path.join(HERE, "smollm2-tokens.json"), "w") as f:
        json.dump({"model": name, "texts": tokens}, f, ensure_ascii=False, indent=1)

    model = AutoModelForCausalLM.from_pretrained(folder, gguf_file=name, torch_dtype=torch.float32).eval()
    prompts, vectors = [], []
    with torch.no_grad():
        for kind, text in PROMPTS:
            if kind == "chat":
                text = tokenizer.apply_chat_template([{"role": "user", "content": text}], tokenize=False, add_generation_prompt=True)
            ids = tokenizer.encode(text, add_special_tokens=False)
            logits = model(torch.tensor([ids])).logits[0, -1].numpy().astype(np.float32)
            top = np.argsort(-logits)[:2]
            continuation = model.generate(torch.tensor([ids]), max_new_tokens=8, do_sample=False)[0, len(ids):].tolist()
            prompts.append({
                "kind": kind, "text": text, "ids": ids, "top_ids": top.tolist(),
                "top_margin": float(logits[top[0]] - logits[top[1]]), "greedy_continuation": continuation,
            })
            vectors.append(logits)
    np.stack(vectors).astype("<f4").tofile(os.path.join(HERE, "smollm2-logits.f32"))
    with open(os.path.join(HERE, "smollm2-logits.json"), "w") as f:
        json.dump({"model": name, "vocabulary": int(vectors[0].shape[0]), "prompts": prompts}, f, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    values()
    aligned()
    tiny_llama("tiny-llama-f32.gguf", None, untied=False)
    config, dequantized = tiny_llama("tiny-llama-q8_0.gguf", QT.Q8_0, untied=True)
    quantized_reference(config, dequantized)
    tiny_qwen2()
    tiny_llama3()
    if "--smollm2" in sys.argv:
        smollm2()
