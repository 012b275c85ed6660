"""An answer's final form: quoted sentences with numbered citations, or a refusal."""

from __future__ import annotations

from collections.abc import Sequence

from llama_index.core.schema import NodeWithScore

from jrqa.index.chunk_metadata import ChunkProvenance
from jrqa.models import Answer, Citation, Passage, attribution
from jrqa.retrieve.sentences import QuotedSentence

ABSTAIN_TEXT = "The articles don't cover this, so I can't answer it from them."


def to_passage(hit: NodeWithScore) -> Passage:
    """The public view of a retrieved node, with where its text comes from."""
    metadata = hit.node.metadata
    return Passage(
        source=str(metadata["source"]),
        title=str(metadata.get("title", "")),
        **ChunkProvenance.from_metadata(metadata).passage_fields(),
        text=hit.node.get_content(),
        start=int(metadata["start"]),
        end=int(metadata["end"]),
        score=float(hit.score or 0.0),
        chunk_id=hit.node.node_id,
    )


def compose_answer(
    question: str,
    query: str,
    quoted: Sequence[QuotedSentence],
    hits: Sequence[NodeWithScore],
    mode: str,
    *,
    attributed: bool = False,
    note: str = "",
    lead: str = "",
) -> Answer:
    """Number citations in order of first use; put a marker after each sentence.

    A reader's reply is introduced as one. With ``attributed``, every sentence is
    introduced by who said it and when (used when the sources give different answers).
    ``lead`` opens the first sentence, in the answerer's own words (such as
    ``CONTRADICTION_LEAD``); it stays in that sentence, so the sentence keeps its marker.
    """
    citations: list[Citation] = []
    parts: list[str] = []
    for sentence in quoted:
        citation = Citation.quoting(
            len(citations) + 1,
            to_passage(sentence.hit),
            sentence.text,
            sentence.start,
            sentence.end,
        )
        # A sentence continuing the previous one's passage needs no second introduction;
        # nor, when every sentence is attributed, one from the same article and writer.
        continues = bool(citations) and (
            (citations[-1].source, citations[-1].text) == (citation.source, citation.text)
            or attributed
            and (citations[-1].source, attribution(citations[-1]))
            == (citation.source, attribution(citation))
        )
        introduction_ = "" if continues else introduction(citation, attributed)
        citations.append(citation)
        parts.append(f"{introduction_}{sentence.text} [{citation.n}]")
    return Answer(
        question=question,
        text=lead + " ".join(parts),
        citations=citations,
        abstained=False,
        passages=[to_passage(hit) for hit in hits],
        mode=mode,
        searched_query=query,
        note=note,
    )


def introduction(citation: Citation, attributed: bool) -> str:
    """What goes before a quoted sentence: who says it, when the reader could not tell.

    With ``attributed``, the outlet, kind, authors and date (an article naming none of
    them is introduced by its title); otherwise only a reader's reply is introduced.
    """
    if attributed:
        who = attribution(citation)
        if not (citation.outlet or citation.authors or citation.post):
            who = f"“{citation.title}”" + (f", {who}" if who else "")
        return f"{who[:1].upper()}{who[1:]}: "
    if citation.post == "reply":
        by = f" by {citation.poster}" if citation.poster else ""
        return f"A reply{by} in the forum thread says: "
    return ""


def abstention(question: str, query: str, hits: Sequence[NodeWithScore], mode: str) -> Answer:
    """A plain refusal; the nearest passages stay available, marked as not answering."""
    text = ABSTAIN_TEXT
    if hits:
        nearest = to_passage(hits[0])
        text += (
            f" The nearest related article, “{nearest.title}” ({nearest.source}), "
            "does not answer it."
        )
    return Answer(
        question=question,
        text=text,
        abstained=True,
        passages=[to_passage(hit) for hit in hits],
        mode=mode,
        searched_query=query,
    )
