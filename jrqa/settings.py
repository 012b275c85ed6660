"""Typed settings, read from ``JRQA_*`` environment variables when asked for."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

AnswerMode = Literal["extractive", "local", "openai"]

MAX_QUESTION_CHARS = 2000


class Settings(BaseSettings):
    """Everything a user can tune; see ``jrqa --help`` for the matching flags."""

    model_config = SettingsConfigDict(env_prefix="JRQA_", extra="ignore")

    # Where things live.
    index_dir: Path = Field(
        Path("index"),
        description="Folder of the persisted store: Chroma data, keyword index, manifest.",
    )
    seeds_dir: Path = Field(
        Path("seeds"), description="Articles ingested on first use when the index is empty."
    )
    chroma_url: str | None = Field(
        None,
        description="URL of a Chroma server (e.g. http://127.0.0.1:8000); "
        "unset means an embedded store in index_dir.",
    )
    collection: str = Field("jrqa", description="Chroma collection name.")

    # Chunking and retrieval.
    chunk_tokens: int = Field(
        160, ge=32, le=250, description="Target chunk size in MiniLM word pieces (max 256)."
    )
    chunk_overlap_sentences: int = Field(
        1, ge=0, le=3, description="Sentences repeated between neighbouring chunks."
    )
    top_k: int = Field(6, ge=1, le=50, description="Passages returned by retrieval.")
    candidate_k: int = Field(
        20, ge=1, le=200, description="Candidates each retriever contributes before fusion."
    )
    keyword_weight: float = Field(
        0.75,
        ge=0.0,
        le=1.0,
        description="Weight of BM25 in the fused score (vector gets the rest).",
    )
    ingest_batch_chunks: int = Field(
        512, ge=1, description="Chunks embedded and written to the store per batch."
    )
    max_file_bytes: int = Field(
        20_000_000, ge=1, description="Files larger than this are refused as articles."
    )
    embed_batch_size: int = Field(64, ge=1, description="Texts per embedding batch.")
    embed_backend: Literal["auto", "torch", "onnx"] = Field(
        "auto",
        description="MiniLM runtime: torch (sentence-transformers), onnx (a local export of "
        "the same weights, same vectors, fast start), or auto (onnx once exported).",
    )

    # Answering.
    mode: AnswerMode = Field("extractive", description="Answer mode.")
    min_support: float = Field(
        0.46,
        ge=0.0,
        le=1.0,
        description="Abstain when no retrieved sentence reaches this relevance "
        "(0.8 x sentence/question cosine + 0.2 x IDF-weighted share of question terms).",
    )
    answer_judge: Literal["rules", "model"] = Field(
        "rules",
        description="What decides whether a close sentence answers: the rules (relevance, "
        "names, years and predicate checks) or the fitted answer model (a probability).",
    )
    answer_model: Path | None = Field(
        None,
        description="Weights file of the answer model (unset: the one bundled with jrqa, "
        "fitted by `python -m evals.fit_answer_model`).",
    )
    min_answer_probability: float | None = Field(
        None,
        gt=0.0,
        lt=1.0,
        description="With the answer model, a sentence may answer when the model gives it at "
        "least this probability; unset uses the threshold chosen on dev, stored with it.",
    )
    answer_margin: float = Field(
        0.2,
        ge=0.0,
        le=1.0,
        description="Answer sentences must be within this relevance of the best sentence.",
    )
    lead_margin: float = Field(
        0.1,
        ge=0.0,
        le=1.0,
        description="An answer's leading sentence must be within this relevance of the best "
        "sentence; the others within answer_margin.",
    )
    min_predicate_similarity: float = Field(
        0.2,
        ge=-1.0,
        le=1.0,
        description="For questions asking for a date, amount or person: the least cosine "
        "between question and answer sentence with names and numbers masked.",
    )
    max_answer_sentences: int = Field(3, ge=1, le=8, description="Sentences in an answer.")

    # Generative modes.
    local_model_path: Path | None = Field(
        None, description="GGUF file for local mode; unset uses the bundled Gemma-3-270M."
    )
    llm_max_tokens: int = Field(96, ge=8, le=1024, description="Token budget of a draft.")
    llm_context_passages: int = Field(
        3,
        ge=1,
        le=10,
        description="Most excerpts shown to the LLM: the sentences an extractive answer "
        "would quote, each widened by llm_excerpt_sentences.",
    )
    llm_excerpt_sentences: int = Field(
        1,
        ge=1,
        le=8,
        description="Sentences per excerpt: 1 shows each best sentence alone; more adds "
        "the sentences around it for context (useful with larger models).",
    )
    llm_relevance_margin: float = Field(
        0.1,
        ge=0.0,
        le=1.0,
        description="A drafted sentence is kept only if its relevance to the question is "
        "within this margin of the best passage sentence's.",
    )
    llm_threads: int = Field(2, ge=1, description="CPU threads for llama.cpp.")
    openai_base_url: str | None = Field(
        None, description="OpenAI-compatible endpoint, e.g. http://127.0.0.1:8080/v1."
    )
    openai_model: str | None = Field(None, description="Model name at that endpoint.")
    openai_api_key: SecretStr | None = Field(None, description="API key, if the server wants one.")
    openai_chat: bool = Field(
        False,
        description="Send the prompt to the chat endpoint (instruction-tuned models) "
        "instead of the plain completions endpoint.",
    )
    llm_timeout_s: float = Field(60.0, gt=0, description="Seconds before a server call gives up.")

    # Chat page.
    host: str = Field("127.0.0.1", description="Address the chat page binds to.")
    port: int = Field(7860, ge=0, le=65535, description="Port of the chat page (0 = any free).")
    auth_user: str | None = Field(None, description="Basic-auth user for the chat page.")
    auth_password: SecretStr | None = Field(None, description="Basic-auth password.")
    feedback_path: Path = Field(
        Path("feedback.jsonl"), description="JSONL file the thumbs up/down append to."
    )

    # The service (`jrqa serve`, on host and port above) and `jrqa ask` using it.
    api_key: SecretStr | None = Field(
        None,
        description="Bearer key `jrqa serve` requires on /v1/* (needed to bind beyond "
        "loopback); `jrqa ask` sends it to the server.",
    )
    server_url: str | None = Field(
        None,
        description="A running `jrqa serve` that `jrqa ask` asks, e.g. http://127.0.0.1:7860; "
        "unset tries http://127.0.0.1:<port> and answers in-process if nothing answers there.",
    )
    server_connect_timeout_s: float = Field(
        0.3,
        gt=0,
        description="Seconds `jrqa ask` waits to connect to the server before answering "
        "in-process (or, with server_url set, reporting the server down).",
    )
    server_timeout_s: float = Field(
        120.0, gt=0, description="Seconds `jrqa ask` waits for the server's answer."
    )
    serve_threads: int | None = Field(
        None,
        ge=1,
        description="Extractive answers `jrqa serve` computes at once; unset: one per CPU "
        "core. Local mode always answers one at a time; openai mode, which mostly waits "
        "on its server, gets four times as many.",
    )

    @property
    def bm25_dir(self) -> Path:
        """Folder of the persisted keyword index."""
        return self.index_dir / "bm25"

    @property
    def chroma_dir(self) -> Path:
        """Folder of the embedded Chroma store."""
        return self.index_dir / "chroma"

    @property
    def manifest_path(self) -> Path:
        """File recording which article versions the index holds."""
        return self.index_dir / "manifest.json"


def load_settings(**overrides: object) -> Settings:
    """Read settings from the environment, with explicit overrides taking precedence."""
    clean = {key: value for key, value in overrides.items() if value is not None}
    return Settings(**clean)  # type: ignore[arg-type]
