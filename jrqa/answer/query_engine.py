"""jrqa as a llama-index query engine: ``query()`` answers with citations or abstains."""

from __future__ import annotations

import asyncio
from typing import Any

from llama_index.core.base.response.schema import Response
from llama_index.core.query_engine import CustomQueryEngine
from llama_index.core.schema import NodeWithScore, TextNode

from jrqa.answer.answerer import Answerer
from jrqa.answer.followup import History
from jrqa.index.chunk_metadata import ChunkProvenance
from jrqa.models import Answer, Passage
from jrqa.settings import AnswerMode


class JrqaQueryEngine(CustomQueryEngine):
    """A ``BaseQueryEngine`` over jrqa's answerer, usable wherever llama-index takes one.

    ``query()`` and ``aquery()`` return a ``Response`` whose text is the cited answer (or
    the refusal), whose ``source_nodes`` are the retrieved passages, and whose metadata
    holds ``citations`` (dicts of ``jrqa.Citation``), ``abstained``, ``mode``,
    ``searched_query``, ``restricted_to`` and the full ``answer`` (a ``jrqa.Answer``). With
    ``outlet``, only that outlet's passages are searched.
    """

    answerer: Answerer
    mode: AnswerMode | None = None
    outlet: str | None = None

    def ask(
        self,
        question: str,
        history: History | None = None,
        mode: AnswerMode | None = None,
        outlet: str | None = None,
    ) -> Answer:
        """Answer with jrqa's own result type; ``history`` makes follow-ups work."""
        return self.answerer.ask(
            question, history=history, mode=mode or self.mode, outlet=outlet or self.outlet
        )

    def custom_query(self, query_str: str) -> Response:
        """Answer one stand-alone question."""
        return to_response(self.ask(query_str))

    async def acustom_query(self, query_str: str) -> Response:
        """Answer in a worker thread: retrieval and scoring are blocking calls."""
        return await asyncio.to_thread(self.custom_query, query_str)


def to_response(answer: Answer) -> Response:
    """An ``Answer`` as a llama-index ``Response``."""
    metadata: dict[str, Any] = {
        "citations": [citation.model_dump() for citation in answer.citations],
        "abstained": answer.abstained,
        "mode": answer.mode,
        "searched_query": answer.searched_query,
        "restricted_to": answer.restricted_to,
        "answer": answer,
    }
    return Response(
        response=answer.text,
        source_nodes=[_source_node(passage) for passage in answer.passages],
        metadata=metadata,
    )


def _source_node(passage: Passage) -> NodeWithScore:
    metadata = {
        "source": passage.source,
        "title": passage.title,
        **ChunkProvenance.of(passage).to_metadata(),
        "start": passage.start,
        "end": passage.end,
    }
    node = TextNode(id_=passage.chunk_id, text=passage.text, metadata=metadata)
    return NodeWithScore(node=node, score=passage.score)
