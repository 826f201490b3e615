"""Builds the byte-level BPE and chat-template fixtures beside this file (see README.md).

Run once from anywhere with a Python that has `tokenizers` and `transformers` (for its jinja2 environment):

    python make_reference.py

Deterministic: training uses a fixed corpus, and the random texts a fixed seed.
"""

import json
import random
from pathlib import Path

from tokenizers import AddedToken, Regex, Tokenizer, decoders, models, pre_tokenizers, processors, trainers
from transformers.utils.chat_template_utils import _compile_jinja_template

HERE = Path(__file__).resolve().parent

# The pre-tokenizer regex of Llama 3 (and, with small differences, Qwen2 and SmolLM2).
LLAMA3_PATTERN = (
    r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"
)

CORPUS = [
    "The quick brown fox jumps over the lazy dog. It's a sunny day, isn't it? We'll see what they've done.",
    "Tokenizers split text into pieces; byte-level BPE never needs an unknown token because every byte is in the vocabulary.",
    "In 1492, Columbus sailed the ocean blue. In 2024 there were 8,100,000,000 people; 3.14159 is pi.",
    "def encode(self, text):\n    ids = []\n    for word in self.split(text):\n        ids.extend(self.bpe(word))\n    return ids\n",
    "func merge(_ pair: Pair) -> Int {\n\tlet rank = ranks[pair] ?? .max\n\treturn rank\n}\n",
    "Café, naïve, résumé, façade, coöperate, Ångström, São Paulo, Zürich, Kraków, İstanbul.",
    "Привет, как дела? Всё хорошо. Ελληνικά γράμματα. שלום עולם. مرحبا بالعالم.",
    "日本語のテキストも少し含めます。中文文本也在这里。한국어 문장도 있습니다.",
    "Emoji: 😀 😃 👍🏽 👨‍👩‍👧‍👦 🏳️‍🌈 ❤️ 🇫🇷 — and symbols like © ® ™ € £ ¥ § ¶ • … “quotes” ‘single’.",
    "<html><body><p class=\"intro\">Hello &amp; welcome!</p></body></html>",
    '{"name": "orchestrate", "version": "1.0", "tags": ["swift", "ml"], "count": 42}',
    "SELECT id, name FROM users WHERE created_at > '2024-01-01' ORDER BY name;",
    "https://example.com/path/to/page?query=value&other=123#section",
    "Whitespace    runs\t\ttabs\n\nnew lines   \n  indented\n\t\tdeeper",
    "I'm sure you're right; he'd say she'll come, but they'd've known. DON'T SHOUT. It'S MiXeD.",
    "Numbers: 0 1 12 123 1234 12345 123456 1234567 3.5e10 -42 +7 0x1F 1_000_000",
    "A long time ago in a galaxy far, far away, the system prompt said: be helpful, be honest, be brief.",
    "user: What is the capital of France?\nassistant: The capital of France is Paris.",
]


def corpus():
    rng = random.Random(7)
    lines = []
    for _ in range(40):
        lines.extend(CORPUS)
    words = " ".join(CORPUS).split()
    for _ in range(2000):
        lines.append(" ".join(rng.choice(words) for _ in range(rng.randint(3, 15))))
    return lines


def train(pre_tokenizer, special_tokens, vocab_size, ignore_merges=False):
    tokenizer = Tokenizer(models.BPE(ignore_merges=ignore_merges))
    tokenizer.pre_tokenizer = pre_tokenizer
    tokenizer.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        special_tokens=special_tokens,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tokenizer.train_from_iterator(corpus(), trainer=trainer)
    return tokenizer


def gpt2_style():
    """ByteLevel pre-tokenizer with its own GPT-2 regex, a ByteLevel post-processor, merges as "a b" strings,
    and a RoBERTa-like `<mask>` that swallows the whitespace on its left."""
    tokenizer = train(pre_tokenizers.ByteLevel(add_prefix_space=False), ["<|endoftext|>"], 1200)
    tokenizer.add_special_tokens([AddedToken("<mask>", lstrip=True, rstrip=False, normalized=False, special=True)])
    tokenizer.post_processor = processors.ByteLevel(trim_offsets=False)
    data = json.loads(tokenizer.to_str())
    data["model"]["merges"] = [" ".join(pair) for pair in data["model"]["merges"]]
    return Tokenizer.from_str(json.dumps(data, ensure_ascii=False)), data


def chatml_style():
    """Llama-3-style Sequence[Split(regex, Isolated), ByteLevel(use_regex=false)], merges as pairs,
    ignore_merges, special tokens, and a TemplateProcessing post-processor that puts a BOS first."""
    pre = pre_tokenizers.Sequence(
        [
            pre_tokenizers.Split(Regex(LLAMA3_PATTERN), behavior="isolated", invert=False),
            pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False),
        ]
    )
    tokenizer = train(pre, ["<|endoftext|>", "<|im_start|>", "<|im_end|>"], 1500, ignore_merges=True)
    bos = tokenizer.token_to_id("<|endoftext|>")
    tokenizer.post_processor = processors.TemplateProcessing(
        single="<|endoftext|> $A", pair="<|endoftext|> $A <|endoftext|> $B", special_tokens=[("<|endoftext|>", bos)]
    )
    return tokenizer, json.loads(tokenizer.to_str())


def texts():
    handwritten = [
        "",
        " ",
        "  ",
        "\n",
        "\n\n\n",
        "\t",
        "Hello world",
        " Hello world",
        "Hello  world",
        "Hello   world   ",
        "hello\nworld",
        "hello \n world",
        "hello\r\nworld\r\n",
        "line one\n\nline two\n\n\nline three",
        "trailing spaces   ",
        "   leading spaces",
        "tabs\tand\t\tmore\t\t\ttabs",
        "mixed \t \n whitespace \u00a0 nbsp \u2003 em space \u3000 ideographic",
        "It's isn't we'll they've I'd you're she'S IT'LL O'Neil rock'n'roll",
        "'s 't 're 've 'm 'll 'd",
        "1 12 123 1234 12345 123456 1234567890",
        "3.14159 2,718 1e-10 -42 +7 0x1F",
        "Version 2.0.1-beta+build.123",
        "Café naïve résumé façade",
        "Cafe\u0301 nai\u0308ve (decomposed)",
        "Ångström İstanbul ß ẞ ǅ",
        "Привет мир",
        "Ελληνικά",
        "שלום עולם",
        "مرحبا بالعالم",
        "日本語のテキスト",
        "中文文本在这里，还有标点。",
        "한국어 문장입니다",
        "ไทย ภาษา",
        "हिन्दी भाषा",
        "😀",
        "😀😃😄",
        "👍🏽 thumbs",
        "family 👨‍👩‍👧‍👦 emoji",
        "flag 🏳️‍🌈 and 🇫🇷🇯🇵",
        "❤️ heart with variation selector",
        "a😀b😃c",
        "def f(x):\n    return x * 2\n",
        "class A:\n    def __init__(self):\n        self.x = 1\n\n    def g(self):\n        pass\n",
        "if (a && b) {\n\treturn c;\n}\n",
        "    four spaces\n        eight spaces\n",
        "for i in range(10): print(i)",
        '{"key": "value", "n": [1, 2, 3]}',
        "<div class=\"x\">text</div>",
        "https://example.com/a/b?c=d&e=f#g",
        "user@example.com",
        "a-b_c.d/e\\f|g",
        "!!!???...,,,;;;:::",
        "((()))[[[]]]{{{}}}",
        "$100 & 50% off #1 @user ^_^ ~tilde~ `code`",
        "“quotes” ‘single’ — dash – en … ellipsis",
        "© ® ™ € £ ¥ § ¶ • °",
        "<|endoftext|>",
        "before<|endoftext|>after",
        "before <|endoftext|> after",
        "<|im_start|>user\nHello<|im_end|>\n<|im_start|>assistant\n",
        "<|im_start|><|im_end|><|im_start|>",
        "text <mask> more",
        "text    <mask>more",
        "<mask>",
        "<|im_start",
        "|im_end|>",
        "<|endoftext|<|endoftext|>>",
        "ALL CAPS SENTENCE HERE",
        "MiXeD CaSe WoRdS",
        "supercalifragilisticexpialidocious antidisestablishmentarianism",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "the the the the the the the the",
        "\u0000 nul \u0001 control \u007f del",
        "zero\u200bwidth\u200cnon\u200djoiner",
        "\ufeffbom at start",
        "private \ue000 use and \U0010fffd plane 16",
        "math 𝔸𝔹ℂ ∑∫√∞ ≤≥≠",
        "The quick brown fox jumps over the lazy dog.",
        "SELECT * FROM users WHERE id = 1;",
        "end with newline\n",
        "  \n  \n",
        "word\n\n\n\nword",
        "x\r\ry",
        "12345abc678de9",
        "abc123def",
        "ümlaut123ñ",
    ]
    rng = random.Random(20260524)
    pieces = [
        "hello", "World", " ", "  ", "\n", "\t", "'s", "'LL", "123", "4567", "é", "e\u0301", "日本", "😀", "👨‍👩‍👧",
        "<|endoftext|>", "<|im_start|>", "<|im_end|>", "<mask>", "!", "?!", "...", "-", "_", "x", "Ω", "\u00a0", "\r\n",
    ]
    generated = ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 14))) for _ in range(30)]
    long_text = " ".join(CORPUS) * 3
    return handwritten + generated + [long_text]


def write_tokenizer(name, tokenizer, data, config):
    folder = HERE / name
    folder.mkdir(exist_ok=True)
    (folder / "tokenizer.json").write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (folder / "tokenizer_config.json").write_text(json.dumps(config, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    # Read back what was written, so the references come from exactly the committed file.
    tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
    variants = {}
    if name == "gpt2":
        prefixed = json.loads(json.dumps(data))
        prefixed["pre_tokenizer"]["add_prefix_space"] = True
        variants["ids_prefix_space"] = Tokenizer.from_str(json.dumps(prefixed))
        # SmolLM2's pre-tokenizer: every digit on its own, then GPT-2's ByteLevel.
        digits = json.loads(json.dumps(data))
        digits["pre_tokenizer"] = {
            "type": "Sequence",
            "pretokenizers": [{"type": "Digits", "individual_digits": True}, digits["pre_tokenizer"]],
        }
        variants["ids_digits"] = Tokenizer.from_str(json.dumps(digits))
    with open(folder / "reference.jsonl", "w", encoding="utf-8") as out:
        for text in texts():
            ids = tokenizer.encode(text, add_special_tokens=True).ids
            record = {
                "text": text,
                "ids": ids,
                "ids_plain": tokenizer.encode(text, add_special_tokens=False).ids,
                "decoded": tokenizer.decode(ids, skip_special_tokens=False),
                "decoded_skip": tokenizer.decode(ids, skip_special_tokens=True),
            }
            for key, variant in variants.items():
                record[key] = variant.encode(text, add_special_tokens=True).ids
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


CHATML_TEMPLATE = (HERE / "templates" / "smollm2.jinja").read_text(encoding="utf-8")

CONVERSATIONS = {
    "system_user": [
        {"role": "system", "content": "You are a terse assistant."},
        {"role": "user", "content": "What is 2 + 2?"},
    ],
    "user_only": [{"role": "user", "content": "  Hello there!  "}],
    "multi_turn": [
        {"role": "user", "content": "Name a fruit."},
        {"role": "assistant", "content": "Apple."},
        {"role": "user", "content": "Another one, in Français: « pomme » ? 🍐"},
    ],
    "system_multi_turn": [
        {"role": "system", "content": "Answer in one word.\nNo punctuation."},
        {"role": "user", "content": "Sky colour?"},
        {"role": "assistant", "content": "Blue"},
        {"role": "user", "content": "Grass?"},
        {"role": "assistant", "content": "Green"},
    ],
}


def render_templates():
    records = []
    for path in sorted((HERE / "templates").glob("*.jinja")):
        template = _compile_jinja_template(path.read_text(encoding="utf-8"))
        for conversation, messages in CONVERSATIONS.items():
            for add_generation_prompt in (False, True):
                variables = {"bos_token": "<s>", "eos_token": "</s>"}
                if path.stem == "features":
                    variables["user_name"] = "Ada"
                try:
                    output = template.render(messages=messages, add_generation_prompt=add_generation_prompt, **variables)
                    record = {"output": output}
                except Exception as error:  # raise_exception in the template
                    record = {"error": str(error)}
                records.append(
                    {
                        "template": path.name,
                        "conversation": conversation,
                        "add_generation_prompt": add_generation_prompt,
                        "messages": messages,
                        "variables": variables,
                        **record,
                    }
                )
    with open(HERE / "templates" / "reference.jsonl", "w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


def main():
    tokenizer, data = gpt2_style()
    write_tokenizer(
        "gpt2",
        tokenizer,
        data,
        {"bos_token": "<|endoftext|>", "eos_token": "<|endoftext|>", "unk_token": "<|endoftext|>", "model_max_length": 1024},
    )
    tokenizer, data = chatml_style()
    write_tokenizer(
        "chatml",
        tokenizer,
        data,
        {
            "bos_token": "<|im_start|>",
            "eos_token": "<|im_end|>",
            "pad_token": "<|im_end|>",
            "model_max_length": 2048,
            "chat_template": CHATML_TEMPLATE,
        },
    )
    render_templates()


if __name__ == "__main__":
    main()
