"""Keeps transformers' Llama in float64 from end to end.

A float64 LlamaForCausalLM is not float64 throughout: transformers 5.24 computes RMSNorm, the rotary angles and
the eager attention softmax in float32 and casts back, which leaves errors of about 1e-7 in a reference that
should be exact to 1e-15. Inside `use_float64_llama()` those three steps run in the dtype of their input
instead, with the same formulas; outside it the model is transformers' own.
"""

import contextlib

import torch
from torch import nn
from transformers.models.llama import modeling_llama


def _rms_norm(self, hidden_states):
    variance = hidden_states.pow(2).mean(-1, keepdim=True)
    return self.weight * (hidden_states * torch.rsqrt(variance + self.variance_epsilon))


def _rotary(self, x, position_ids):
    config = self.config
    assert config.rope_parameters["rope_type"] == "default", "only the default rotary embedding is kept in float64"
    dim = getattr(config, "head_dim", None) or config.hidden_size // config.num_attention_heads
    base = config.rope_parameters["rope_theta"]
    inv_freq = 1.0 / (base ** (torch.arange(0, dim, 2, dtype=torch.float64, device=x.device) / dim))
    freqs = position_ids[..., None].to(torch.float64) * inv_freq
    angles = torch.cat((freqs, freqs), dim=-1)
    return angles.cos().to(x.dtype), angles.sin().to(x.dtype)


def _eager_attention(module, query, key, value, attention_mask, scaling, dropout=0.0, **kwargs):
    key_states = modeling_llama.repeat_kv(key, module.num_key_value_groups)
    value_states = modeling_llama.repeat_kv(value, module.num_key_value_groups)
    weights = torch.matmul(query, key_states.transpose(2, 3)) * scaling
    if attention_mask is not None:
        weights = weights + attention_mask
    weights = nn.functional.softmax(weights, dim=-1)
    weights = nn.functional.dropout(weights, p=dropout, training=module.training)
    output = torch.matmul(weights, value_states).transpose(1, 2).contiguous()
    return output, weights


@contextlib.contextmanager
def use_float64_llama():
    """Within the block, RMSNorm, rotary angles and eager attention keep their input's dtype."""
    saved = (modeling_llama.LlamaRMSNorm.forward, modeling_llama.LlamaRotaryEmbedding.forward,
             modeling_llama.eager_attention_forward)
    modeling_llama.LlamaRMSNorm.forward = _rms_norm
    modeling_llama.LlamaRotaryEmbedding.forward = _rotary
    modeling_llama.eager_attention_forward = _eager_attention
    try:
        yield
    finally:
        (modeling_llama.LlamaRMSNorm.forward, modeling_llama.LlamaRotaryEmbedding.forward,
         modeling_llama.eager_attention_forward) = saved
