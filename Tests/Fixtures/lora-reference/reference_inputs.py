"""The token sequences and DPO pairs of the LoRA reference, and how they become token ids and labels.

A chat's labelled tokens are its assistant messages as the chat template renders them: for the assistant
message i, the tokens of render(messages[:i+1]) that follow render(messages[:i], add_generation_prompt=True)
(for ChatML: the content, `<|im_end|>` and the newline). A DPO completion is found the same way, as TRL 1.16's
DPOTrainer tokenizes conversational pairs.
"""

TEXTS = [
    {"name": "prompt-masked", "description": "user and assistant; only the assistant's answer is labelled",
     "messages": [{"role": "user", "content": "What does LoRA train?"},
                  {"role": "assistant", "content": "Two small matrices per layer."}]},
    {"name": "system-prompt-masked", "description": "system, user and assistant; only the answer is labelled",
     "messages": [{"role": "system", "content": "Be brief."},
                  {"role": "user", "content": "Name a colour."},
                  {"role": "assistant", "content": "Teal, like the sea at dusk."}]},
    {"name": "multi-turn", "description": "two exchanges; both assistant answers are labelled",
     "messages": [{"role": "system", "content": "Answer in one word."},
                  {"role": "user", "content": "Sky?"},
                  {"role": "assistant", "content": "Blue."},
                  {"role": "user", "content": "Grass?"},
                  {"role": "assistant", "content": "Green."}]},
    {"name": "all-labels", "description": "plain text, no template; every token is labelled",
     "text": "Low-rank adapters add B times A to each frozen weight."},
]

# Two short samples packed into one row: position ids restart at 0 for the second, attention does not cross
# between them, and the second sample's first label is -100 (TRL's padding-free collator), so no token of one
# sample is predicted from the other.
PACKED = {"name": "packed", "description": "system-prompt-masked and all-labels packed into one row",
          "packed_from": ["system-prompt-masked", "all-labels"]}

# The batch case: these two texts right-padded into one batch.
BATCH = ["prompt-masked", "all-labels"]

DPO_PAIRS = [
    {"prompt": [{"role": "user", "content": "Is LoRA cheap to train?"}],
     "chosen": [{"role": "assistant", "content": "Yes: only the small matrices learn."}],
     "rejected": [{"role": "assistant", "content": "No."}]},
    {"prompt": [{"role": "system", "content": "Be exact."}, {"role": "user", "content": "2 + 2?"}],
     "chosen": [{"role": "assistant", "content": "4"}],
     "rejected": [{"role": "assistant", "content": "About five, give or take."}]},
    {"prompt": [{"role": "user", "content": "Say hello."}],
     "chosen": [{"role": "assistant", "content": "Hello!"}],
     "rejected": [{"role": "assistant", "content": "Goodbye."}]},
]


def _ids(tokenizer, messages, add_generation_prompt=False):
    text = tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=add_generation_prompt)
    return tokenizer(text, add_special_tokens=False)["input_ids"]


def _chat(tokenizer, messages):
    ids = _ids(tokenizer, messages)
    labels = [-100] * len(ids)
    for i, message in enumerate(messages):
        if message["role"] != "assistant":
            continue
        start = len(_ids(tokenizer, messages[:i], add_generation_prompt=True))
        end = len(_ids(tokenizer, messages[: i + 1]))
        assert _ids(tokenizer, messages[: i + 1]) == ids[:end], "the template does not render prefixes alike"
        labels[start:end] = ids[start:end]
    return ids, labels


def tokenize_text(tokenizer, text):
    """`text` with `input_ids` and `labels` (-100 where no loss is taken)."""
    if "messages" in text:
        ids, labels = _chat(tokenizer, text["messages"])
    else:
        ids = tokenizer(text["text"], add_special_tokens=False)["input_ids"]
        labels = list(ids)
    return {**text, "input_ids": ids, "labels": labels}


def pack(name_to_text):
    """The packed row made of the texts PACKED names, in order."""
    ids, labels, positions = [], [], []
    for name in PACKED["packed_from"]:
        text = name_to_text[name]
        ids += text["input_ids"]
        labels += [-100] + text["labels"][1:]
        positions += list(range(len(text["input_ids"])))
    return {**PACKED, "input_ids": ids, "labels": labels, "position_ids": positions}


def tokenize_pair(tokenizer, pair):
    """`prompt_ids`, `chosen_ids` and `rejected_ids` of a conversational pair."""
    prompt = _ids(tokenizer, pair["prompt"], add_generation_prompt=True)
    out = {"prompt": pair["prompt"], "chosen": pair["chosen"], "rejected": pair["rejected"], "prompt_ids": prompt}
    for side in ("chosen", "rejected"):
        full = _ids(tokenizer, pair["prompt"] + pair[side])
        assert full[: len(prompt)] == prompt, "the prompt is not a prefix of prompt + completion"
        out[f"{side}_ids"] = full[len(prompt):]
    return out
