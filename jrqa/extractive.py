"""The default answerer: picks the article sentences that best answer the question.

No language model is involved, so every word of an answer is a verbatim quote of the
passage it cites.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from llama_index.core.base.response.schema import Response
from llama_index.core.llms import MockLLM
from llama_index.core.response_synthesizers import BaseSynthesizer
from llama_index.core.schema import NodeWithScore, QueryBundle

from jrqa.chunking import split_sentences
from jrqa.keyword_index import TermStats, tokenize
from jrqa.support import content_terms, weighted_coverage

_ASKS_QUANTITY = re.compile(
    r"\b(how (many|much|long|old|often)|what (year|date|percentage|share|amount)|when)\b", re.I
)
_ASKS_LIST = re.compile(r"\b(list|which (ones|countries|islands|areas)|what are|name the)\b", re.I)
_HAS_QUANTITY = re.compile(
    r"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|twenty|hundred|thousand|million|"
    r"billion|january|february|march|april|may|june|july|august|september|october|november|"
    r"december)\b",
    re.I,
)
_MIN_WORDS = 5
_PASSAGES_READ = 5


@dataclass(frozen=True)
class QuotedSentence:
    """An answer sentence and where it comes from."""

    text: str
    start: int
    end: int
    hit: NodeWithScore
    score: float


@dataclass(frozen=True)
class _Candidate:
    sentence: QuotedSentence
    question_terms: frozenset[str]


def select_sentences(
    question: str, hits: Sequence[NodeWithScore], stats: TermStats, max_sentences: int
) -> list[QuotedSentence]:
    """The sentences of the top passages that best answer the question, best first."""
    terms = content_terms(question)
    candidates = _candidates(question, terms, hits, stats)
    if not candidates:
        return []
    candidates.sort(key=lambda c: c.sentence.score, reverse=True)
    best = candidates[0]
    chosen = [best]
    covered = set(best.question_terms)
    limit = max_sentences if _ASKS_LIST.search(question) else min(2, max_sentences)
    for candidate in candidates[1:]:
        if len(chosen) >= limit:
            break
        new_terms = candidate.question_terms - covered
        adds = weighted_coverage(new_terms, set(new_terms), stats) if new_terms else 0.0
        close_enough = candidate.sentence.score >= 0.75 * best.sentence.score
        if close_enough and new_terms and adds > 0:
            chosen.append(candidate)
            covered |= candidate.question_terms
    return [candidate.sentence for candidate in chosen]


def _candidates(
    question: str, terms: list[str], hits: Sequence[NodeWithScore], stats: TermStats
) -> list[_Candidate]:
    wants_quantity = bool(_ASKS_QUANTITY.search(question))
    term_set = set(terms)
    seen: set[tuple[str, int]] = set()
    found: list[_Candidate] = []
    for hit in hits[:_PASSAGES_READ]:
        metadata = hit.node.metadata
        for span in split_sentences(hit.node.get_content(), offset=int(metadata["start"])):
            key = (str(metadata["source"]), span.start)
            if key in seen or len(span.text.split()) < _MIN_WORDS:
                continue
            seen.add(key)
            sentence_terms = set(tokenize(span.text))
            score = weighted_coverage(terms, sentence_terms, stats) + 0.2 * (hit.score or 0.0)
            if wants_quantity and not _HAS_QUANTITY.search(span.text):
                score -= 0.25
            if not span.text.rstrip("”\"’')").endswith((".", "!", "?")):
                score -= 0.1  # headings and fragments make poor answers
            quoted = QuotedSentence(span.text, span.start, span.end, hit, score)
            found.append(_Candidate(quoted, frozenset(sentence_terms & term_set)))
    return found


class ExtractiveSynthesizer(BaseSynthesizer):
    """A llama-index synthesizer that answers with quoted, cited sentences."""

    def __init__(self, stats: TermStats, max_sentences: int) -> None:
        super().__init__(llm=MockLLM())
        self._stats = stats
        self._max_sentences = max_sentences

    def _get_prompts(self) -> dict[str, Any]:
        return {}

    def _update_prompts(self, prompts: Any) -> None:
        return None

    def get_response(self, query_str: str, text_chunks: Sequence[str], **kwargs: Any) -> str:
        """Unused: this synthesizer needs the nodes' offsets, see ``synthesize``."""
        raise NotImplementedError("ExtractiveSynthesizer works on nodes; call synthesize()")

    async def aget_response(
        self, query_str: str, text_chunks: Sequence[str], **kwargs: Any
    ) -> str:
        """Unused, as ``get_response``."""
        raise NotImplementedError("ExtractiveSynthesizer works on nodes; call synthesize()")

    def synthesize(  # type: ignore[override]
        self,
        query: QueryBundle | str,
        nodes: list[NodeWithScore],
        additional_source_nodes: Sequence[NodeWithScore] | None = None,
        **response_kwargs: Any,
    ) -> Response:
        """Select sentences; the Response carries them in ``metadata["quoted"]``."""
        question = query.query_str if isinstance(query, QueryBundle) else query
        quoted = select_sentences(question, nodes, self._stats, self._max_sentences)
        text = " ".join(sentence.text for sentence in quoted)
        return Response(response=text, source_nodes=list(nodes), metadata={"quoted": quoted})
