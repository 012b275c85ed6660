"""Does a drafted sentence answer the question, rather than merely say something true?

Verification against the passages proves a sentence is grounded; it does not prove the
sentence answers what was asked. A small model often copies a true sentence about
something else, or shortens the right one until the answer is gone. Two checks, on the
same scales the abstention gate and the extractive answerer use, catch both:

- **relevance**: vector similarity to the question mixed with the IDF-weighted share of
  the question's terms, which must come close to the best passage sentence's;
- **coverage**: the sentence must not leave out question terms that the passage sentence
  it rests on contains ("They held a chat." when the passage says who held it).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from jrqa.retrieve.sentences import QuotedSentence, mix_relevance
from jrqa.text.terms import TermStats, content_terms, tokenize, weighted_coverage

# A paraphrase may lose a little of the question's wording (a name becomes "he").
COVERAGE_SLACK = 0.1

Embed = Callable[[str], Sequence[float]]


@dataclass(frozen=True)
class QuestionJudge:
    """Judges drafted sentences against one question.

    Attributes:
        question: the question as searched.
        question_vector: its embedding (normalised, like the sentences').
        embed: embeds a sentence.
        stats: corpus term statistics, for IDF weights.
        floor: the relevance a sentence needs (see ``relevance_floor``).
    """

    question: str
    question_vector: Sequence[float] | None
    embed: Embed
    stats: TermStats
    floor: float

    def relevance(self, sentence: str) -> float:
        """The gate's relevance of ``sentence`` to the question (0..1)."""
        similarity = 0.0
        if self.question_vector is not None and len(self.question_vector):
            vector = np.asarray(self.embed(sentence), dtype=np.float32)
            similarity = float(vector @ np.asarray(self.question_vector, dtype=np.float32))
        return mix_relevance(similarity, self.coverage(sentence))

    def coverage(self, text: str) -> float:
        """IDF-weighted share of the question's terms that ``text`` contains."""
        return weighted_coverage(content_terms(self.question), set(tokenize(text)), self.stats)

    def refusal(self, sentence: str, evidence: Sequence[str]) -> str | None:
        """Why ``sentence`` does not answer the question, or None when it does.

        Args:
            sentence: the drafted sentence, without markers.
            evidence: the passage sentences it rests on.
        """
        score = self.relevance(sentence)
        if score < self.floor:
            return f"does not answer the question (relevance {score:.2f} < {self.floor:.2f})"
        needed = max((self.coverage(quote) for quote in evidence), default=0.0) - COVERAGE_SLACK
        if self.coverage(sentence) < needed:
            return "leaves out what the question asks about, which its passage states"
        return None


def relevance_floor(scored: Sequence[QuotedSentence], min_support: float, margin: float) -> float:
    """The relevance a drafted sentence needs to count as answering the question.

    Within ``margin`` of the best passage sentence that could be an answer, and never
    below the abstention threshold. A sentence true to some passage but far less
    relevant than the best one answers a different question ("the G7 summit" when
    asked which summit someone will attend, and the best sentence names another).
    """
    best = max((sentence.relevance for sentence in scored if sentence.fits), default=0.0)
    return max(min_support, best - margin)
