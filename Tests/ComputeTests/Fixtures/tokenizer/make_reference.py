#!/usr/bin/env python3
"""Writes reference.jsonl: token ids from Hugging Face `tokenizers` for the texts the Swift tokenizer is
compared on. Run it from the repository root in a throw-away virtual environment (see README.md):

    /tmp/tokref/bin/python Tests/ComputeTests/Fixtures/tokenizer/make_reference.py

With --code-points DIR it also writes DIR/code_points.txt (one line per Unicode scalar but the line feed, in
three contexts) and DIR/code_points_ids.txt (the reference's ids, one JSON array a line), for a one-off
comparison with `orchestrate tokenize < DIR/code_points.txt`; those files are too large to commit.
"""

import argparse
import json
import random
import sys
from pathlib import Path

from tokenizers import Tokenizer, __version__ as tokenizers_version

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[3]
MAX_LENGTH = 256  # sentence_bert_config.json's max_seq_length for all-MiniLM-L6-v2


def handwritten():
    """Cases chosen for what they exercise; each line says what."""
    return [
        # Short and plain.
        "", " ", "a", "A", "Hello, world!", "hello world", "HELLO WORLD", "The quick brown fox jumps over the lazy dog.",
        "I love machine learning.", "What is the capital of France?", "don't won't can't it's", "e-mail", "state-of-the-art",
        # WordPiece: continuations, unknown pieces, long words.
        "unaffable", "tokenization", "supercalifragilisticexpialidocious", "antidisestablishmentarianism",
        "pneumonoultramicroscopicsilicovolcanoconiosis", "LLMOps MLOps RAGOps", "xqzvbnm qqqq zzzzzzzzzz",
        "a" * 100, "a" * 101, "b" * 99 + " done", "x" * 250, "ab" * 60 + " end", "##ing ## # #hashtag",
        ("word " * 300).strip(), ("tokens, " * 200).strip(), "ünïcödé" * 20,
        # Special tokens written in the text (matched whole, before normalization), and near misses.
        "[CLS]", "[SEP]", "[MASK]", "[PAD] [UNK]", "the [MASK] sat on the mat", "[mask] is lower-case", "[ CLS ]",
        "a[SEP]b", "[[MASK]]", "[CLS][SEP][MASK]", "[UNK]nown",
        # Punctuation: ASCII symbols BERT splits, Unicode punctuation, runs.
        "!!!???...", "$100 + 5% = ^_^ ~`|\\", "“smart quotes” and ‘single’", "em—dash en–dash ‐hyphen", "ellipsis… and ⁂",
        "¿Qué? ¡Sí!", "«guillemets» „Anführung“", "【brackets】「corner」『white』", "a/b\\c|d", "@user #tag $cash",
        "1,000,000.50", "3.14159", "2024-07-29T12:00:00Z", "(parenthetical (nested) remark)", "§ ¶ † ‡ • ※",
        # Accents, case, and Unicode normalization.
        "café résumé naïve coöperate", "CAFÉ RÉSUMÉ", "Crème brûlée à la française", "ǅ ǈ ǋ ǲ titlecase digraphs",
        "straße STRASSE Straße", "İstanbul ıi İI", "ΟΔΥΣΣΕΥΣ Ὀδυσσεύς", "Σίσυφος ΣΊΣΥΦΟΣ", "ﬁ ﬂ ﬀ ligatures",
        "Ｆｕｌｌｗｉｄｔｈ　ＡＢＣ　１２３", "Ångström Øresund Ærø", "e\u0301 vs \u00e9", "n\u0303 a\u0308 o\u0328\u0301",
        "Tiếng Việt có dấu", "Dvořák Łódź Škoda", "Ⅻ ⅻ ① ⑩ ²³", "µ Å K Ω", "ǰ ẖ ẘ ΐ",
        # Scripts: CJK ideographs are split one by one; kana, Hangul and others decompose under NFD.
        "東京は日本の首都です。", "我爱自然语言处理", "中文English混合mixed", "ひらがな カタカナ がぎぐげご パピプペポ",
        "한국어 텍스트 처리", "𠀀𠀁𪜀 extension B and C", "\U0002B820\U0002B920\U0002CEAF extension E edges",
        "العربية النص مع التشكيل: كَتَبَ", "עברית עם ניקוד: שָׁלוֹם", "हिन्दी पाठ प्रसंस्करण", "ภาษาไทย ไม่มี ช่องว่าง",
        "Ελληνικά κείμενο", "Русский текст, ЁЖИК", "ქართული ენა", "Հայերեն", "አማርኛ", "ᚠᚢᚦᚨᚱᚲ runes",
        # Emoji: single, modifiers, ZWJ sequences, flags, keycaps.
        "I ❤️ NLP 😀🎉", "👍🏽 👩‍💻 👨‍👩‍👧‍👦", "🇫🇷🇯🇵 flags", "1️⃣ #️⃣ keycaps", "🥰🫠🪿 newer emoji", "☃ ★ ♥ ✓ ✔",
        # Whitespace of all kinds, and control and format characters (removed or made spaces).
        "tab\tseparated\tvalues", "line\nbreaks\r\nand\rreturns", "multiple     spaces", "  leading and trailing  ",
        "no\u00a0break\u2009thin\u3000ideographic\u2003em", "line\u2028separator\u2029paragraph", "\u0085next line",
        "vertical\u000btab\u000cform feed", "nul\u0000char", "bell\u0007 escape\u001b[31m red", "del\u007f char",
        "zero\u200bwidth\u200cjoiners\u200d", "soft\u00adhyphen", "bom\ufeffinside", "rtl\u200fmark\u200e",
        "replacement \ufffd char", "private \ue000\uf8ff use \U000f0000", "unassigned \u0378 \U000e0080 \U0010fffd",
        "\t\n\r ", "\u0001\u0002\u0003",
        # Scalars whose Unicode category changed since the reference's tables, and late decompositions.
        "\u166d chi sign", "hanunoo \u1734 mark", "mongolian \u1885\u1886", "javanese \ua9bd keret", "sharada \U000111c9",
        "ahom \U0001171e", "dives akuru \U00011938", "arabic \u08d4\u0316 marks", "\u1df6\u1df7 late marks",
        "\U0001e944\U0001e94a adlam",
        # Code and markup.
        "def f(x):\n    return x ** 2  # square", "let ids = tokenizer.encode(text).ids", "for (int i = 0; i < n; ++i) { sum += a[i]; }",
        "SELECT * FROM runs WHERE status = 'failed';", "<div class=\"x\">Hello &amp; bye</div>", "{\"key\": [1, 2.5, null, true]}",
        "https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2?x=1&y=2#frag", "user.name+tag@example.co.uk",
        "## Heading\n- item *bold* _it_ `code`", "C:\\Users\\me\\file.txt", "snake_case camelCase kebab-case PascalCase",
        "0x7fff_ffff 1e-12 -42 +7", "∀x∈ℝ: x² ≥ 0 ⇒ √x² = |x|", "€5 £3 ¥100 ₹20 ₿0.1",
    ]


def handbook(path, rng):
    """For each document: a sentence-sized snippet, and a long passage well past 256 tokens."""
    documents = json.loads(Path(path).read_text(encoding="utf-8"))["artifact_data"]
    texts = []
    for document in documents:
        content = document["content"]
        start = rng.randrange(0, max(1, len(content) - 2500))
        texts.append(content[start:start + rng.randrange(60, 400)])
        texts.append(content[start:start + 2400])
    return texts


def generated(rng, count=40):
    """Random mixtures of every class the tokenizer treats differently, to catch interactions."""
    pools = [
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
        "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~",
        "   \t\n\r\u00a0\u3000\u2028\u000b\u000c",
        "\u0000\u0007\u001f\u007f\u0085\u00ad\u200b\u200d\ufeff\ufffd\ue000",
        "áéíóúàèìòùâêîôûäëïöüçñãõøåæœßÁÉÍÓÚÇÑ\u0301\u0308\u0327",
        "東京日本語中文字漢字𠀀",
        "ひらがなカタカナがぱ한국어",
        "😀🎉❤️👍🏽👩‍💻🇫🇷",
        "“”‘’«»—–…¿¡【】「」",
        "[CLS][SEP][MASK][UNK][PAD]",
    ]
    texts = []
    for _ in range(count):
        length = rng.randrange(1, 600)
        weights = [rng.random() for _ in pools]
        pieces = []
        while len(pieces) < length:
            pool = rng.choices(pools, weights)[0]
            if pool.startswith("[CLS]"):
                pieces.append(rng.choice(["[CLS]", "[SEP]", "[MASK]", "[UNK]", "[PAD]"]))
            else:
                pieces.append(rng.choice(pool))
        texts.append("".join(pieces))
    return texts


def in_words(values):
    """Each scalar between letters and alone, so removal, splitting and accent stripping all show in the ids."""
    return " ".join("x" + chr(v) + "y " + chr(v) for v in values)


def code_points():
    """Scalars at the edges of what the tokenizer treats differently, and a sample of all of Unicode."""
    chinese = [0x4E00, 0x9FFF, 0x3400, 0x4DBF, 0x20000, 0x2A6DF, 0x2A700, 0x2B73F, 0x2B740, 0x2B81F, 0x2B920, 0x2CEAF,
               0xF900, 0xFAFF, 0x2F800, 0x2FA1F]
    groups = [
        [v + d for v in chinese for d in (-1, 0, 1)],
        list(range(0x21, 0x30)) + list(range(0x3A, 0x41)) + list(range(0x5B, 0x61)) + list(range(0x7B, 0x7F)),
        [0x09, 0x0B, 0x0C, 0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000, 0x2005, 0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0x180E],
        [0x00, 0x01, 0x1F, 0x7F, 0x80, 0x9F, 0xAD, 0x600, 0x61C, 0x6DD, 0x70F, 0x200B, 0x200E, 0x202A, 0x2060, 0x2066, 0xFEFF,
         0xFFF9, 0x110BD, 0x1D173, 0xE0001, 0xE0020, 0xE000, 0xF8FF, 0xF0000, 0x10FFFD, 0xFFFD, 0xFFFE, 0x378, 0xE0080],
        [0x166D, 0x1734, 0x1885, 0x1886, 0xA9BD, 0x111C9, 0x1171E, 0x11938, 0x8D4, 0x8E2, 0x8E3, 0x1E944, 0x1E94A, 0x1DF6, 0x7FD,
         0x9FE, 0xAFA, 0x1F970, 0x1FAE0, 0x1F600, 0x1F3FD, 0x200D, 0xFE0F, 0x20E3],
        [0x300, 0x301, 0x308, 0x327, 0x36F, 0x483, 0x591, 0x64B, 0x93C, 0x94D, 0xE31, 0x3099, 0x309A, 0x1AB0, 0x1DC0, 0x20D0, 0xFE20,
         0x903, 0x93E, 0x20DD, 0x130, 0x131, 0x1E9E, 0xDF, 0x3A3, 0x1C4, 0x1C5, 0x2126, 0x212A, 0x212B, 0xFB01, 0xAC00, 0xD7A3],
    ]
    sample = [v for v in range(0, 0x110000, 997) if not 0xD800 <= v <= 0xDFFF and v != 0x0A]
    groups += [sample[i:i + 30] for i in range(0, len(sample), 30)]
    return [in_words(group) for group in groups]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default=str(ROOT / "models/all-MiniLM-L6-v2"))
    parser.add_argument("--handbook", default=str(ROOT.parent / "shared/data/handbook/artifacts/cleaned_documents.json"))
    parser.add_argument("--out", default=str(HERE / "reference.jsonl"))
    parser.add_argument("--code-points", metavar="DIR")
    arguments = parser.parse_args()

    tokenizer = Tokenizer.from_file(str(Path(arguments.model) / "tokenizer.json"))
    # As sentence-transformers uses it: truncated to max_seq_length, [CLS] and [SEP] from the post-processor,
    # no padding (tokenizer.json itself says 128 and pads; sentence-transformers overrides both).
    tokenizer.enable_truncation(MAX_LENGTH)
    tokenizer.no_padding()

    rng = random.Random(20260524)
    texts = handwritten() + code_points() + handbook(arguments.handbook, rng) + generated(rng)
    with open(arguments.out, "w", encoding="utf-8") as out:
        for text in texts:
            ids = tokenizer.encode(text).ids
            out.write(json.dumps({"text": text, "ids": ids}, ensure_ascii=False) + "\n")
    print(f"{len(texts)} texts, tokenizers {tokenizers_version}, Python {sys.version.split()[0]}")

    if arguments.code_points:
        folder = Path(arguments.code_points)
        folder.mkdir(parents=True, exist_ok=True)
        lines = []
        for value in range(0x110000):
            if 0xD800 <= value <= 0xDFFF or value == 0x0A:
                continue
            c = chr(value)
            lines.append("x" + c + "y " + c + c + " A" + c + "é")
        (folder / "code_points.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
        with open(folder / "code_points_ids.txt", "w") as out:
            for encoding in tokenizer.encode_batch(lines):
                out.write("[" + ",".join(map(str, encoding.ids)) + "]\n")
        print(f"{len(lines)} code point lines in {folder}")


if __name__ == "__main__":
    main()
