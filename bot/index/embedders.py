"""Turning text into unit vectors.

Two embedders share one protocol (``encode(texts) -> float32 array, rows of length 1``):

* ``StaticLookupEmbedder``: the default. Its vectors are the mean of per-token rows of a table
  trained from the corpus (see ``train_static``), so answering needs numpy and the Rust
  ``tokenizers`` package but not torch.
* ``SentenceTransformerEmbedder``: any sentence-transformers model name or local path
  (BAAI/bge-small-zh-v1.5 in production).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Protocol

import numpy as np
from tokenizers import Tokenizer

from bot.text.segment import tokens

STATIC_WEIGHTS = "static_weights.npy"
STATIC_TOKENIZER = "tokenizer.json"
STATIC_PARTS = "static_parts.json"  # how many seeds' tables the weights hold side by side


class Embedder(Protocol):
    name: str
    dim: int

    def encode(self, texts: list[str]) -> np.ndarray: ...


def prepare_static(text: str) -> str:
    """The trained embedder reads jieba tokens (synonyms applied) joined by spaces."""
    return " ".join(tokens(text))


def unit_rows(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return (vectors / np.maximum(norms, 1e-12)).astype(np.float32)


class StaticLookupEmbedder:
    """Mean of token rows, normalised: what sentence-transformers' StaticEmbedding + Normalize
    computes, done with numpy.

    >>> emb = StaticLookupEmbedder.load(Path("index/current/embedder"))  # doctest: +SKIP
    >>> emb.encode(["医保卡的钱能取出来吗"]).shape  # doctest: +SKIP
    (1, 256)
    """

    def __init__(self, tokenizer: Tokenizer, weights: np.ndarray, name: str = "static-jieba", parts: int = 1) -> None:
        self.tokenizer = tokenizer
        self.weights = weights
        self.name = name
        self.dim = int(weights.shape[1])
        self.parts = parts

    @classmethod
    def load(cls, folder: Path) -> StaticLookupEmbedder:
        tokenizer = Tokenizer.from_file(str(folder / STATIC_TOKENIZER))
        parts_file = folder / STATIC_PARTS
        parts = json.loads(parts_file.read_text(encoding="utf-8"))["parts"] if parts_file.exists() else 1
        return cls(tokenizer, np.load(folder / STATIC_WEIGHTS), parts=parts)

    def encode(self, texts: list[str]) -> np.ndarray:
        rows = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            ids = self.tokenizer.encode(prepare_static(text), add_special_tokens=False).ids
            if ids:
                rows[i] = self.weights[ids].mean(axis=0)
        # each member's vector a unit one, the whole scaled back to length 1: the inner product
        # of two such rows is the mean of the members' cosines
        split = unit_rows(rows.reshape(len(texts) * self.parts, -1)).reshape(len(texts), -1)
        return (split / np.sqrt(self.parts)).astype(np.float32)


class SentenceTransformerEmbedder:
    """A sentence-transformers model loaded by name or path, on the CPU."""

    def __init__(self, name_or_path: str) -> None:
        from sentence_transformers import SentenceTransformer  # torch only on this path

        self.model = SentenceTransformer(name_or_path, device="cpu")
        self.name = name_or_path
        dimension = getattr(self.model, "get_embedding_dimension", None) or self.model.get_sentence_embedding_dimension
        self.dim = int(dimension())

    def encode(self, texts: list[str]) -> np.ndarray:
        vectors = self.model.encode(texts, batch_size=64, convert_to_numpy=True, normalize_embeddings=True)
        return np.asarray(vectors, dtype=np.float32)


def load_embedder(build_dir: Path) -> Embedder:
    """The embedder a built index was made with (its manifest says which)."""
    manifest = json.loads((build_dir / "manifest.json").read_text(encoding="utf-8"))
    if manifest["embedder"]["kind"] == "static":
        return StaticLookupEmbedder.load(build_dir / "embedder")
    return SentenceTransformerEmbedder(manifest["embedder"]["model"])
