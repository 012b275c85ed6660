"""MiniLM on ONNX Runtime: the same vectors as the torch model, without importing torch.

Importing sentence-transformers (torch, transformers, scikit-learn, scipy) is most of
a new process's start-up time. A fixed-precision ONNX export of the shipped weights
gives the same vectors (differences near 1e-7) at the same speed, and loading it
needs only ``onnxruntime`` and ``tokenizers``, so ``jrqa ask`` starts in a fraction
of the time. The export is made once, locally, from the pip-installed weights.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

_INPUTS = ["input_ids", "attention_mask", "token_type_ids"]
_FILE = "model.onnx"
# Texts whose word pieces are remembered between counting and embedding: several ingest
# batches of sentences, about ten megabytes.
_REMEMBERED_TEXTS = 20_000


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
    """The subset of a Hugging Face tokenizer call that jrqa uses: ``input_ids``.

    Counting calls (no special tokens) also remember each text's word pieces for a
    while, so that ingest, which counts every sentence to chunk it and then embeds the
    same sentences, tokenizes each sentence once.
    """

    def __init__(self, tokenizer: Any, remember: int = _REMEMBERED_TEXTS) -> None:
        self._tokenizer = tokenizer
        self._remember = remember
        self._known: dict[str, list[int]] = {}
        self._lock = threading.Lock()

    def __call__(self, texts: Sequence[str], add_special_tokens: bool = True) -> dict[str, Any]:
        encoded = self._tokenizer.encode_batch(list(texts), add_special_tokens=add_special_tokens)
        ids = [item.ids for item in encoded]
        if not add_special_tokens:
            self._keep(texts, ids)
        return {"input_ids": ids}

    def _keep(self, texts: Sequence[str], ids: list[list[int]]) -> None:
        with self._lock:
            self._known.update(zip(texts, ids, strict=True))
            excess = len(self._known) - self._remember
            if excess > 0:  # forget the oldest: dicts keep insertion order
                for text in list(itertools.islice(self._known, excess)):
                    del self._known[text]

    def forget(self) -> None:
        """Drop every remembered text."""
        with self._lock:
            self._known.clear()

    def known(self, texts: Sequence[str]) -> list[list[int] | None]:
        """The remembered word pieces of each text (no special tokens), or None."""
        with self._lock:
            return [self._known.get(text) for text in texts]


class OnnxMiniLM:
    """MiniLM on ONNX Runtime, as an ``Encoder`` (see ``jrqa.index.encoders``)."""

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
        self._cls, self._sep = self._encoder.encode("").ids  # [CLS] [SEP]
        options = onnxruntime.SessionOptions()
        options.log_severity_level = 3
        # By default idle worker threads busy-wait for the next run; between the runs of
        # a question they would hold the CPU that Chroma and BM25 need (on two cores the
        # seed corpus's median answer took 35 ms instead of 19), and batches gain nothing.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.add_session_config_entry("session.inter_op.allow_spinning", "0")
        self._session = onnxruntime.InferenceSession(
            str(export_dir(model_path) / _FILE), options, providers=["CPUExecutionProvider"]
        )

    @property
    def max_tokens(self) -> int:
        """Word pieces the model reads before truncating."""
        return self.max_seq_length

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        """Word pieces of each text, without special tokens, remembered for ``encode``."""
        return [len(ids) for ids in self.tokenizer(texts, add_special_tokens=False)["input_ids"]]

    def forget(self) -> None:
        """Drop the word pieces remembered from counting (each text is tokenized anew)."""
        self.tokenizer.forget()

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        """Mean-pooled unit vectors, in input order.

        Texts are sorted by length before batching, over the whole call, so a batch
        holds texts of similar length and little padding is computed.
        """
        pieces = self._word_pieces(texts)
        order = sorted(range(len(pieces)), key=lambda i: len(pieces[i]))
        vectors: np.ndarray = np.zeros((0, 0), dtype=np.float32)
        for first in range(0, len(order), batch_size):
            chosen = order[first : first + batch_size]
            pooled = self._pooled([pieces[i] for i in chosen])
            if not vectors.size:
                vectors = np.zeros((len(pieces), pooled.shape[1]), dtype=np.float32)
            vectors[chosen] = pooled
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.where(norms == 0, 1, norms)

    def _word_pieces(self, texts: Sequence[str]) -> list[list[int]]:
        """Model inputs: [CLS] pieces [SEP], cut to the window; counted texts skip tokenizing."""
        known = self.tokenizer.known(texts)
        window = self.max_seq_length - 2
        pieces = [[] if ids is None else [self._cls, *ids[:window], self._sep] for ids in known]
        missing = [index for index, ids in enumerate(known) if ids is None]
        if missing:
            encoded = self._encoder.encode_batch([texts[index] for index in missing])
            for index, encoding in zip(missing, encoded, strict=True):
                pieces[index] = encoding.ids
        return pieces

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
