"""Who held an office when something happened, read from the article that reports it.

"Who was <state>'s <office> when <event>?" is seldom answered by one sentence: the
article reporting the event names the office holder elsewhere ("… a good rapport with
Prime Minister X"). An article's offices are those of the time it tells of, so the holder
is read from the same article, in a sentence of the event's years (or, when neither gives
a year, of the article's own present); an office marked as held before ("former") or
another state's does not count (``QuestionNeeds.answer_values``, ``held_before``).
"""

from __future__ import annotations

from collections.abc import Sequence

from jrqa.answer.question import QuestionNeeds, years
from jrqa.retrieve.sentences import QuotedSentence


def office_holder_quotes(
    needs: QuestionNeeds, scored: Sequence[QuotedSentence], min_relevance: float, margin: float
) -> list[QuotedSentence]:
    """The sentence reporting the event asked of, and one naming who held the office then.

    [] unless the question asks who held an office at the time of a named event, a
    sentence within ``margin`` of the most relevant one reports that event (close
    enough, naming it, in the years asked), and a sentence of the same article gives a
    person the office at that time.
    """
    if needs.answer_type != "person" or not needs.role or not needs.qualifiers or not scored:
        return []
    if needs.compound:
        return []
    best = max(sentence.relevance for sentence in scored)
    reported = [
        sentence
        for sentence in scored
        if sentence.relevance >= max(min_relevance, best - margin)
        and needs.in_time_asked(sentence.window)
        and needs.in_years_asked(sentence.window)
    ]
    if not reported:
        return []
    event = max(reported, key=lambda sentence: sentence.relevance)
    source = _source(event)
    for sentence in sorted(scored, key=lambda sentence: sentence.relevance, reverse=True):
        if sentence is event or _source(sentence) != source:
            continue
        # The article may tell of other times too: a year either sentence names must be
        # named around the other.
        if not set(years(sentence.text)) <= set(years(event.window)):
            continue
        if not set(years(event.text)) <= set(years(sentence.window)):
            continue
        # The answer values of an office asked for already hold it, of the asked state.
        if any(
            not needs.held_before(name, sentence.text)
            for name in needs.answer_values(sentence.text)
        ):
            return [event, sentence]
    return []


def _source(sentence: QuotedSentence) -> object:
    return sentence.hit.node.metadata.get("source")
