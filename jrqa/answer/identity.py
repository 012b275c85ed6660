"""Who a named person is: the office or description the articles give them.

"Who is X?", "What post did X hold?" and "What is X's job?" ask for what stands next to
the name ("Russian Defense Minister X", "X, the former foreign minister of Japan, said",
"X is a researcher …"), not for another person: a sentence that only names X, or has X
do something, answers nothing. A person may hold more than one office over the years the
articles cover, so each office found is quoted, with the sentence that gives it. A writer
the articles give no title is known by their byline.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from jrqa.answer.fitting import is_whole
from jrqa.answer.question import QuestionNeeds, split_words
from jrqa.index.chunk_metadata import ChunkProvenance
from jrqa.retrieve.sentences import QuotedSentence

# Capitalised words, none of them "the": a person's name as a question gives it. The
# question's own words may be in any case.
_NAME = r"(?P<name>(?!(?:The|A|An)\b)[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,3}?)"
_POSTS = r"(?i:post|position|office|job|title|role|rank|occupation|profession)"
_ASKS_IDENTITY = tuple(
    re.compile(pattern)
    for pattern in (
        rf"^\s*(?i:who\s+(?:is|was))\s+{_NAME}\s*\??\s*$",
        rf"^\s*(?i:what)\s+{_POSTS}\s+(?i:did|does|do|has|had)\s+{_NAME}\s+"
        r"(?i:hold|have|occupy|fill)\s*\??\s*$",
        rf"^\s*(?i:what\s+(?:is|was))\s+{_NAME}['’]s\s+{_POSTS}\s*\??\s*$",
        rf"^\s*(?i:what\s+(?:does|did))\s+{_NAME}\s+(?i:do)\s*\??\s*$",
    )
)
# The nouns of an office, a trade or a standing a name is given as its title.
_TITLE_NOUNS = frozenset(
    """minister ministers president premier secretary ambassador chairman chairwoman chair
    leader governor mayor spokesman spokeswoman spokesperson correspondent researcher
    analyst editor professor journalist writer reporter director chief commander envoy
    official diplomat emperor king queen general admiral head lawmaker legislator senator
    chancellor adviser advisor scholar author founder executive officer representative
    economist historian columnist fellow lecturer""".split()
)
# Words of a title that say nothing of which office it is.
_TITLE_FILLERS = frozenset("the a an of then former ex his her its new".split())
# A title right before a name: capitalised words, "then-", "former" ("then-Foreign
# Minister", "former Prime Minister"), with no punctuation between.
_PREMODIFIER = re.compile(
    r"((?:(?:[A-Z][\w’'-]*|[Tt]hen-[A-Z][\w’'-]*|former|ex-|of|the)\s+){1,8})$"
)
# A title set off by commas, opening with a determiner or a possessive: "X, the Russian
# Foreign Minister, said", "The former Foreign Minister of Japan, X, said".
_DETERMINED = r"(?:[Tt]he|[Aa]n?|[Hh]is|[Hh]er|[A-Z][\w’'-]*['’]s)\s+[^,;:.“”\"()]+"
# A byline's post: "X / Yomiuri Shimbun Correspondent".
_BYLINE_POST = re.compile(r"^\s*/\s*([^,;:.“”\"()]+)$")
_APPOSITION = re.compile(rf"^\s*(?:\([^)]*\)\s*)?,\s*({_DETERMINED})(?:,|$|\.)")
_APPOSITION_BEFORE = re.compile(rf"(?:^|[,;:.“”\"]\s*)({_DETERMINED}),\s*(?:[A-Z][\w.’'-]*\s+)*$")
# What follows a name that describes it: "X is a researcher", "X was the head of …".
_COPULA = re.compile(r"^\s*(?:is|was)\s+((?:a|an|the)\s+\w+(?:\s+\w+){0,3})")
_MAX_OFFICES = 2


def asked_identity(question: str) -> str | None:
    """The name of the person whose office or description is asked for, or None."""
    for pattern in _ASKS_IDENTITY:
        match = pattern.match(question)
        if match:
            return match.group("name")
    return None


def identity_quotes(
    name: str, scored: Sequence[QuotedSentence], needs: QuestionNeeds
) -> list[QuotedSentence]:
    """The sentences giving ``name`` a title, most relevant first, one per title found.

    A sentence counts when it names the person (by surname, with every other name of the
    question, ``needs``, in it or its neighbours) and a title stands next to that mention.
    """
    words = split_words(name)
    own = frozenset(word.lower() for word in words)
    found: dict[frozenset[str], QuotedSentence] = {}
    for sentence in sorted(scored, key=lambda sentence: sentence.relevance, reverse=True):
        if needs.missing_anchors(sentence.window):
            continue
        title = _title(sentence.text, words[-1]) - own
        # "Defense Minister" and "Russian Defense Minister" are one office.
        if title and not any(title <= other or other <= title for other in found):
            found[title] = sentence
        if len(found) == _MAX_OFFICES:
            break
    return list(found.values())


def written_by(name: str, scored: Sequence[QuotedSentence]) -> list[QuotedSentence]:
    """The most relevant sentence of an article ``name`` wrote or a post they made, if any.

    A writer is known by a byline rather than by a sentence: quoted with the byline, the
    sentence shows whose text it is.
    """
    wanted = " ".join(split_words(name)).lower()
    for sentence in sorted(scored, key=lambda sentence: sentence.relevance, reverse=True):
        if not is_whole(sentence.text):  # the byline line itself says no more than it
            continue
        provenance = ChunkProvenance.from_metadata(sentence.hit.node.metadata)
        signed = [*provenance.authors, provenance.poster or ""]
        if any(" ".join(split_words(writer)).lower() == wanted for writer in signed):
            return [sentence]
    return []


def _title(sentence: str, surname: str) -> frozenset[str]:
    """The words of the title ``sentence`` gives the person ``surname`` names (none: empty)."""
    for match in re.finditer(rf"\b{re.escape(surname)}\b", sentence):
        before, after = sentence[: match.start()], sentence[match.end() :]
        copula = _COPULA.match(after)
        phrases = [
            found.group(1)
            for found in (
                _PREMODIFIER.search(before),
                _APPOSITION.match(after),
                _BYLINE_POST.match(after),
                _APPOSITION_BEFORE.search(before),
            )
            if found is not None
        ]
        for phrase in phrases:
            words = frozenset(word.lower() for word in split_words(phrase)) - _TITLE_FILLERS
            if words & _TITLE_NOUNS:
                return words
        if copula:
            return frozenset(word.lower() for word in split_words(copula.group(1))) - _TITLE_FILLERS
    return frozenset()
