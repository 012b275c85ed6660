"""Who wrote an article: answered from the byline it was ingested with.

"Who wrote the <outlet> report on …?" asks for a byline, which no sentence of the
article states: ingest reads it into each passage's metadata. The article meant is
the best-ranked one that mentions the names the question describes it by; the answer
quotes its sentence closest to the question, introduced by its outlet and authors, so
the byline is shown with the text it belongs to and cited like any other answer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from llama_index.core.schema import NodeWithScore

from jrqa.answer.composing import compose_answer
from jrqa.answer.fitting import passage_context
from jrqa.answer.question import analyse_question
from jrqa.index.chunk_metadata import ChunkProvenance
from jrqa.models import Answer
from jrqa.retrieve.sentences import QuotedSentence

_DOCUMENTS = (
    "article|piece|report|story|op-ed|column|editorial|commentary|analysis|essay|paper|"
    "post|reply|comment"
)
# "Who wrote / authored the …", "Who is the author of the …", "Which journalist wrote …".
_WHO_WROTE = re.compile(
    r"^\s*(?:who|which\s+(?:journalist|reporter|writer|correspondent|columnist|author)s?)\s+"
    r"(?:wrote|authored|penned|filed|(?:is|was|are|were)\s+(?:the\s+)?(?:author|writer)s?\s+of)"
    rf"\s+(?P<document>(?:the|that|this|an?)\s+(?:[\w’'-]+\s+){{0,4}}?(?:{_DOCUMENTS})s?\b.*)$",
    re.I,
)
# A forum post is signed by its poster; an article by its authors.
_FORUM_DOCUMENTS = frozenset("post posts reply replies comment comments".split())


def asked_document(question: str) -> str | None:
    """The article a question asks the writer of ("the X report on Y"), or None."""
    match = _WHO_WROTE.match(question.strip())
    return match.group("document").rstrip(" ?.!") if match else None


def refers_to_quoted(document: str) -> bool:
    """Does ``document`` ("that piece", "the article") name no article but the one in view?

    "That earlier article" or "another report" points past the one quoted, and a name
    ("the Yomiuri report") says which article itself.
    """
    words = {word.lower() for word in document.split()}
    return not words & _OTHER_DOCUMENT and not analyse_question(document).anchors


# Words by which a question points at an article other than the one it has in view.
_OTHER_DOCUMENT = frozenset("earlier previous past other another former older".split())


def byline_answer(
    question: str,
    searched: str,
    document: str,
    scored: Sequence[QuotedSentence],
    hits: Sequence[NodeWithScore],
    min_relevance: float,
) -> Answer | None:
    """The writer of ``document``, with the sentence of it closest to the question.

    The article meant is the best-ranked one whose retrieved passages or byline mention
    every name ``document`` gives ("the X report"). None when there is no such article,
    when none of its sentences is close enough to the question, or when it names no
    writer of the kind asked for.
    """
    needs = analyse_question(document)
    for source in dict.fromkeys(hit.node.metadata.get("source") for hit in hits):
        passages = [hit for hit in hits if hit.node.metadata.get("source") == source]
        if not needs.missing_anchors(" ".join(passage_context(hit) for hit in passages)):
            break
    else:
        return None
    own = [sentence for sentence in scored if sentence.hit.node.metadata.get("source") == source]
    best = max(own, key=lambda sentence: sentence.relevance, default=None)
    if best is None or best.relevance < min_relevance:
        return None
    provenance = ChunkProvenance.from_metadata(best.hit.node.metadata)
    forum = bool(_FORUM_DOCUMENTS & set(document.lower().split()))
    if not (provenance.poster if forum else provenance.authors):
        return None
    return compose_answer(question, searched, [best], hits, "extractive", attributed=True)
