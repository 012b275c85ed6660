"""MiniLM on ONNX Runtime: the same vectors as the torch model, without importing torch.

Importing sentence-transformers (torch, transformers, scikit-learn, scipy) is most of
a new process's start-up time. A fixed-precision ONNX export of the shipped weights
gives the same vectors (differences near 1e-7) at the same speed, and loading it
needs only ``onnxruntime`` and ``tokenizers``, so ``jrqa ask`` starts in a fraction
of the time. The export is made once, locally, from the pip-installed weights.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

_INPUTS = ["input_ids", "attention_mask", "token_type_ids"]
_FILE = "model.onnx"


def export_dir(model_path: Path) -> Path:
    """Cache folder of the export for these weights (a new model version gets a new one)."""
    weights = model_path / "model.safetensors"
    stamp = f"{model_path}:{weights.stat().st_size if weights.exists() else 0}"
    digest = hashlib.sha256(stamp.encode()).hexdigest()[:16]
    root = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    return root / "jrqa" / f"minilm-onnx-{digest}"


def has_export(model_path: Path) -> bool:
    """True when a finished export exists for these weights."""
    return (export_dir(model_path) / _FILE).exists()


def export(model: SentenceTransformer, model_path: Path) -> Path:
    """Write the transformer of a loaded model as ONNX (needs the ``onnx`` package)."""
    import warnings

    import torch

    target = export_dir(model_path)
    target.mkdir(parents=True, exist_ok=True)
    bert: Any = model[0].auto_model
    bert.eval()
    sample = model.tokenizer(["a sample sentence"], return_tensors="pt")

    class _LastHidden(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, *inputs: torch.Tensor) -> torch.Tensor:
            return self.bert(**dict(zip(_INPUTS, inputs, strict=True))).last_hidden_state

    partial = target / f"{_FILE}.{os.getpid()}.partial"  # concurrent first runs never collide
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tracer notes about shapes, expected for BERT
        _export(_LastHidden(), sample, partial)
    os.replace(partial, target / _FILE)  # a half-written export is never picked up
    return target / _FILE


def _export(module: Any, sample: Any, partial: Path) -> None:
    import torch

    torch.onnx.export(
        module,
        tuple(sample[name] for name in _INPUTS),
        str(partial),
        input_names=_INPUTS,
        output_names=["last_hidden_state"],
        dynamic_axes={name: {0: "batch", 1: "tokens"} for name in [*_INPUTS, "last_hidden_state"]},
        opset_version=17,
        dynamo=False,  # the TorchScript exporter needs only `onnx`, not onnxscript
    )


class _WordPieces:
    """The subset of a Hugging Face tokenizer call that jrqa uses: ``input_ids``."""

    def __init__(self, tokenizer: Any) -> None:
        self._tokenizer = tokenizer

    def __call__(self, texts: Sequence[str], add_special_tokens: bool = True) -> dict[str, Any]:
        encoded = self._tokenizer.encode_batch(list(texts), add_special_tokens=add_special_tokens)
        return {"input_ids": [item.ids for item in encoded]}


class OnnxMiniLM:
    """Duck-types the parts of ``SentenceTransformer`` that ``MiniLMEmbedding`` calls."""

    def __init__(self, model_path: Path) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        config = json.loads((model_path / "sentence_bert_config.json").read_text())
        self.max_seq_length = int(config.get("max_seq_length", 256))
        counting = Tokenizer.from_file(str(model_path / "tokenizer.json"))
        counting.no_truncation()  # chunking needs true lengths, even past the window
        counting.no_padding()
        self.tokenizer = _WordPieces(counting)
        self._encoder = Tokenizer.from_file(str(model_path / "tokenizer.json"))
        self._encoder.enable_truncation(self.max_seq_length)
        self._encoder.no_padding()
        options = onnxruntime.SessionOptions()
        options.log_severity_level = 3
        self._session = onnxruntime.InferenceSession(
            str(export_dir(model_path) / _FILE), options, providers=["CPUExecutionProvider"]
        )

    def encode(
        self,
        texts: Sequence[str],
        batch_size: int = 32,
        normalize_embeddings: bool = False,
        **_: Any,
    ) -> np.ndarray:
        """Mean-pooled vectors, in input order; batches hold texts of similar length."""
        encoded = self._encoder.encode_batch(list(texts))
        order = sorted(range(len(encoded)), key=lambda i: len(encoded[i].ids))
        vectors: np.ndarray = np.zeros((0, 0), dtype=np.float32)
        for first in range(0, len(order), batch_size):
            chosen = order[first : first + batch_size]
            pooled = self._pooled([encoded[i].ids for i in chosen])
            if not vectors.size:
                vectors = np.zeros((len(encoded), pooled.shape[1]), dtype=np.float32)
            vectors[chosen] = pooled
        if normalize_embeddings:
            norms = np.linalg.norm(vectors, axis=1, keepdims=True)
            vectors = vectors / np.where(norms == 0, 1, norms)
        return vectors

    def _pooled(self, batch: list[list[int]]) -> np.ndarray:
        width = max(len(ids) for ids in batch)
        ids = np.zeros((len(batch), width), dtype=np.int64)
        mask = np.zeros_like(ids)
        for row, pieces in enumerate(batch):
            ids[row, : len(pieces)] = pieces
            mask[row, : len(pieces)] = 1
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        hidden = self._session.run(None, feeds)[0]
        weights = mask[:, :, None].astype(np.float32)
        return (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
