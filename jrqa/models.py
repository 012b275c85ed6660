"""The public result types: what ``ask`` and ``ingest`` return."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

TextKind = Literal["news", "opinion", "forum"]
PostRole = Literal["opening post", "reply"]


class Provenance(BaseModel):
    """Where a text comes from: the article, who published or posted it, and when."""

    source: str = Field(description="Article file name, e.g. 003_74a3a5299abf2617.txt.")
    title: str
    outlet: str | None = Field(
        None, description="Who published the text; never a reposted paper's for a reply."
    )
    authors: list[str] = Field(default_factory=list)
    kind: TextKind | None = Field(None, description="news, opinion or forum (a thread).")
    post: PostRole | None = Field(
        None, description="In a forum thread: the opening post or a reader's reply."
    )
    poster: str | None = Field(None, description="The forum post's author, when named.")
    reposted_from: str | None = Field(
        None, description="The paper or outlet an opening post reposts, when named."
    )
    date: str | None = Field(
        None, description="As stated: YYYY-MM-DD, or YYYY-MM / YYYY when less is known."
    )
    url: str | None = None


class Passage(Provenance):
    """A retrieved chunk of an article, ranked by fused retrieval score."""

    text: str
    start: int = Field(description="Offset of the chunk in the cleaned article.")
    end: int
    score: float
    chunk_id: str


class Citation(Provenance):
    """A numbered source backing one or more answer sentences."""

    n: int = Field(description="The number used by the [n] markers in the answer text.")
    text: str = Field(description="The cited passage.")
    quote: str = Field(description="The supporting span, exactly article[start:end].")
    start: int = Field(description="Offset of the quote in the cleaned article.")
    end: int
    score: float

    @classmethod
    def quoting(cls, n: int, passage: Passage, quote: str, start: int, end: int) -> Citation:
        """Citation ``n`` of ``passage``, quoting the article slice ``[start:end]``."""
        provenance = {name: getattr(passage, name) for name in Provenance.model_fields}
        return cls(
            n=n,
            **provenance,
            text=passage.text,
            quote=quote,
            start=start,
            end=end,
            score=passage.score,
        )


def attribution(item: Provenance) -> str:
    """Who said it and when, in a few words.

    "Global Research, opinion, by Uriel Araujo", "forum reply by Aepsilons, 2014-05-30",
    "forum opening post by Aepsilons, reposting ISN". A reply is never credited to the
    paper its thread reposts.
    """
    if item.post is not None:
        parts = [f"forum {item.post}" + (f" by {item.poster}" if item.poster else "")]
        if item.reposted_from:
            parts.append(f"reposting {item.reposted_from}")
        elif item.outlet:
            parts[0] += f" on {item.outlet}"
    else:
        parts = [part for part in (item.outlet, item.kind) if part]
        if item.authors:
            parts.append("by " + " and ".join(item.authors))
    if item.date:
        parts.append(item.date)
    return ", ".join(parts)


class RemovedSentence(BaseModel):
    """A drafted sentence that verification refused, and why."""

    sentence: str
    reason: str


class Answer(BaseModel):
    """An answer whose every sentence carries [n] markers resolving to ``citations``."""

    question: str
    text: str
    citations: list[Citation] = Field(default_factory=list)
    abstained: bool = False
    passages: list[Passage] = Field(default_factory=list)
    mode: str = "extractive"
    searched_query: str = Field(
        "", description="The question actually searched (rewritten from the history)."
    )
    note: str = Field(
        "", description="A remark on the answer as a whole, such as that its sources differ."
    )
    removed: list[RemovedSentence] = Field(default_factory=list)
    fell_back: bool = Field(
        False, description="True when a generative draft failed verification entirely."
    )
    restricted_to: str | None = Field(
        None,
        description="The outlet, author, forum poster or forum role (readers' replies, the "
        "opening post) whose passages alone were searched: "
        "the outlet asked for, or the source a question asks the view of (None: all).",
    )


class FileProblem(BaseModel):
    """A file not ingested (or a metadata-file entry ignored), with a message to act on."""

    path: str
    message: str


class IngestReport(BaseModel):
    """What an ingest run did."""

    added: list[str] = Field(default_factory=list)
    updated: list[str] = Field(default_factory=list)
    skipped: list[str] = Field(default_factory=list)
    removed: list[str] = Field(default_factory=list)
    failed: list[FileProblem] = Field(default_factory=list)
    warnings: list[FileProblem] = Field(
        default_factory=list,
        description="Problems that cost no article, such as a metadata-file entry that "
        "could not be used (the article is ingested with what its text says).",
    )
    repaired: list[str] = Field(
        default_factory=list,
        description="Articles whose stored chunks an interrupted run had left incomplete "
        "or stray; their strays were removed and their files read again.",
    )
    chunks_written: int = 0
    chunks_total: int = 0
    seconds: float = 0.0

    def summary(self) -> str:
        """One line for the terminal."""
        line = (
            f"added {len(self.added)}, updated {len(self.updated)}, "
            f"skipped {len(self.skipped)}, removed {len(self.removed)}, "
            f"failed {len(self.failed)}; chunks written {self.chunks_written}, "
            f"in index {self.chunks_total}; {self.seconds:.2f}s"
        )
        if self.repaired:
            line += f"; repaired {len(self.repaired)} whose stored chunks were incomplete"
        if self.warnings:
            line += f"; {len(self.warnings)} warning(s)"
        return line
