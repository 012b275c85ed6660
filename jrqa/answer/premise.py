"""Does the sentence quoted as the answer contradict what the question takes for granted?

"Why did X not sign Y?" takes for granted that X did not sign Y. A sentence saying "X
signed Y" contradicts that, and quoting it as if it gave a reason would mislead; the
same holds the other way round ("Why did X sign Y?" against "X never signed Y").

No inference model runs offline, so polarity is read from grammar alone, and only where
the grammar is plain:

- the question presupposes its statement (why, how come, what made …; when, how or
  where followed by "did", "was", "has" …), rather than asking whether it holds;
- the statement's subject is a name and its verb is found next to it;
- the sentence says that verb of the same name, in the same clause, as a plain
  statement (not an infinitive, a conditional, a modal or a noun), with a negation
  directly on the verb or with none anywhere before it in the clause.

Anything less clear counts as no contradiction: calling a right answer contradicted is
worse than saying nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from jrqa.text.markers import CONTRADICTION_LEAD
from jrqa.text.terms import STOPWORDS, content_terms, tokenize

CONTRADICTION_NOTE = "The question assumes something the articles contradict."

Polarity = Literal["affirmed", "negated"]

# Words, with contractions split off ("didn't" -> "did", "n't"), and punctuation: commas
# mark asides (", as …,"), the rest close a clause.
_TOKEN = re.compile(r"[A-Za-z0-9][\w’'-]*?(?=n[’']t\b)|n[’']t\b|[A-Za-z0-9][\w’'-]*|[;:,—–()“”\"]")

# Negations of a verb: one word, or two ("no longer", "failed to"). Phrases that only
# look negative ("not only … but also", "not to mention") are no negation of the verb.
_ONE_WORD_NEGATIONS = frozenset({"not", "n't", "n’t", "never"})
_TWO_WORD_NEGATIONS = frozenset(
    {("no", "longer")}
    | {
        (verb, "to")
        for verb in "fail fails failed refuse refuses refused decline declines declined".split()
    }
)
_NOT_NEGATIONS = frozenset(
    {("not", "only"), ("not", "just"), ("not", "merely"), ("not", "least"), ("not", "to")}
)
# Words that make a clause negative wherever they stand in it, besides the negations.
_NEGATIVE_WORDS = frozenset("no none nor neither nothing nobody without hardly barely".split())

_AUXILIARIES = frozenset("do does did has have had is are was were be been being".split())
# Words that may stand between a negation (or a subject) and its verb: "has not yet
# been signed", "did not formally recognise".
_ADVERBS_OF_STATEMENT = frozenset("yet even ever still also actually really".split())
_BETWEEN = _AUXILIARIES | _ADVERBS_OF_STATEMENT | {"to"}
# "-ly" words that are verbs or nouns: "supply", "reply", "family", "assembly".
_NOT_ADVERB_ENDINGS = ("ply", "mily", "mbly")
# "-ly" words that are adjectives: "X is unlikely to …" is no statement that X does it.
_NOT_ADVERBS = frozenset(
    """likely unlikely early friendly unfriendly costly timely lonely elderly daily weekly
    monthly yearly deadly orderly""".split()
)
_POSSESSIVE = re.compile(r"[’']s$", re.I)
_PREPOSITIONS = frozenset(
    """of between with for by in on at from to into about against toward towards over
    under than like among upon within via including regarding across""".split()
)
# An aside between a subject and its verb (", as … ,") is at most this many words.
_MAX_ASIDE = 12
_CLAUSE_BREAKS = frozenset(';:—–()“”"')
# A clause opened by these states nothing as a fact.
_HYPOTHETICAL = frozenset("if unless whether".split())
# After a negated verb, these turn it round: "did not sign until 1956" says it was signed.
_TURNING = frozenset("until till unless before but except without instead".split())

# Openers of a question that takes its statement for granted. "When", "how" and "where"
# do so only with a plain auxiliary ("When did X sign …", not "How many …" or "How
# would …"); "Did X …" asks whether it holds and presupposes nothing.
_PRESUPPOSING = re.compile(
    r"^(?:(?:and|so|but|then)\s+)?(?:"
    r"why(?:\s+(?:do|does|did|is|are|was|were|has|have|had)\b)?|how come|"
    r"what (?:made|caused|led|prompted|forced|drove|pushed)|"
    r"(?:when|how|where)\s+(?:do|does|did|is|are|was|were|has|have|had)\b)",
    re.I,
)
# A lead-in before the question proper: "According to the article, why did …".
_LEAD_IN = re.compile(r"^[^,?]{0,80},\s*")

# Past forms the stemmer does not take back to their verb ("met" is not "meet").
_IRREGULAR = {
    form: base
    for base, forms in {
        "begin": "began begun",
        "break": "broke broken",
        "bring": "brought",
        "build": "built",
        "buy": "bought",
        "choose": "chose chosen",
        "come": "came",
        "draw": "drew drawn",
        "fall": "fell fallen",
        "find": "found",
        "forbid": "forbade forbidden",
        "get": "got gotten",
        "give": "gave given",
        "go": "went gone",
        "hold": "held",
        "keep": "kept",
        "know": "knew known",
        "lead": "led",
        "leave": "left",
        "lose": "lost",
        "make": "made",
        "meet": "met",
        "pay": "paid",
        "say": "said",
        "see": "saw seen",
        "seek": "sought",
        "sell": "sold",
        "send": "sent",
        "show": "showed shown",
        "speak": "spoke spoken",
        "stand": "stood",
        "strike": "struck",
        "take": "took taken",
        "tell": "told",
        "think": "thought",
        "undertake": "undertook undertaken",
        "win": "won",
        "withdraw": "withdrew withdrawn",
        "write": "wrote written",
    }.items()
    for form in forms.split()
}


@dataclass(frozen=True)
class Premise:
    """What a question takes for granted: a named subject did (or did not) do something."""

    subject: tuple[str, ...]  # the last name of each conjunct, lower-cased
    verb: str  # stemmed
    negated: bool
    rest: frozenset[str] = frozenset()  # the content terms after the verb (stemmed)

    def shares_rest(self, sentence: str) -> bool:
        """Does ``sentence`` hold what the verb is done to ("… the border treaty")?

        Another object with the same subject and verb is no contradiction ("X signed
        one treaty" against "why has X not signed another"). A quarter may be missing:
        a question adds words of its own ("… at the summit").
        """
        missing = self.rest - set(tokenize(sentence))
        return len(missing) <= len(self.rest) // 4


def contradiction_framing(question: str, best_sentence: str) -> tuple[str, str]:
    """The lead and note for an answer whose best sentence is ``best_sentence``.

    Both are empty unless the sentence contradicts the question's premise; then the
    reader is told so before reading it.
    """
    if contradicts_premise(question, best_sentence):
        return CONTRADICTION_LEAD, CONTRADICTION_NOTE
    return "", ""


def contradicts_premise(question: str, sentence: str) -> bool:
    """Does ``sentence`` say the opposite of what ``question`` takes for granted?"""
    premise = question_premise(question)
    if premise is None or not premise.shares_rest(sentence):
        return False
    polarity = sentence_polarity(premise, sentence)
    if polarity is None:
        return False
    return (polarity == "affirmed") == premise.negated


def question_premise(question: str) -> Premise | None:
    """The statement a presupposing question takes for granted, when its grammar is plain."""
    words = _words(question)
    start = _presupposition_end(question, words)
    if start is None:
        return None
    negations = [index for index in range(start, len(words)) if _negation_length(words, index)]
    if len(negations) > 1 or _has_negative_word(words, start):
        return None  # two negations, or one on a noun ("no deal"): too tangled to read
    if not negations:
        subject, verb_at = _name_run_forward(words, start)
        return _premise(subject, words, verb_at, negated=False)
    at = negations[0]
    after = at + _negation_length(words, at)
    conjuncts, _ = _name_run_backward(words, _skip_backward(words, at - 1, _AUXILIARIES))
    if conjuncts:
        subject = tuple(conjunct[-1] for conjunct in conjuncts)
        return _premise(subject, words, after, negated=True)
    # Inverted: "Why didn't X sign …": the subject follows the negated auxiliary.
    if at == start or (at == start + 1 and words[start].lower() in _AUXILIARIES):
        subject, verb_at = _name_run_forward(words, after)
        return _premise(subject, words, verb_at, negated=True)
    return None


def sentence_polarity(premise: Premise, sentence: str) -> Polarity | None:
    """Whether ``sentence`` says the premise's subject did its verb, or did not.

    None when it does not say so plainly, or says both.
    """
    words = _words(sentence)
    found = {
        polarity
        for index, word in enumerate(words)
        if _verb_stem(word) == premise.verb
        and (polarity := _polarity_at(words, index, premise.subject)) is not None
    }
    return found.pop() if len(found) == 1 else None


def _premise(
    subject: tuple[str, ...], words: list[str], at: int, *, negated: bool
) -> Premise | None:
    """The premise whose verb is the first content word from ``at`` on, if it has both."""
    at = _skip_forward(words, at, _BETWEEN)
    if not subject or at >= len(words):
        return None
    verb = words[at]
    if not _is_plain_word(verb) or verb[0].isupper() or verb.lower() in STOPWORDS:
        return None
    stem = _verb_stem(verb)
    if not stem:
        return None
    rest = frozenset(content_terms(" ".join(words[at + 1 :])))
    return Premise(subject, stem, negated, rest)


def _polarity_at(words: list[str], index: int, subject: tuple[str, ...]) -> Polarity | None:
    """The polarity of the verb at ``index``, if it is said of ``subject``.

    The subject must be the name(s) right before the verb, or before a negation on it;
    a name further back is another clause's, or the object of something else.
    """
    negation = _negation_before(words, index)
    found = _subject_before(words, index if negation is None else negation)
    if found is None:
        return None
    names, begins = found
    if not set(subject) <= names:
        return None
    if begins > 0 and words[begins - 1].lower() in _HYPOTHETICAL:
        return None
    if negation is not None:
        return None if _turned(words, index) else "negated"
    if _negative_between(words, begins, index):
        return None  # a negation in an aside ("X, which never …, signed"): too loose
    return "affirmed" if _states_verb(words, index) else None


def _subject_before(words: list[str], at: int) -> tuple[set[str], int] | None:
    """The names right before word ``at``, and where they begin.

    Auxiliaries and adverbs may stand between, and one aside between commas ("X, as
    the successor of Y, recognised").
    """
    end = _skip_backward(words, at - 1, _AUXILIARIES | _ADVERBS_OF_STATEMENT)
    if end >= 0 and words[end] == ",":
        aside = [i for i in range(end - 1, max(end - _MAX_ASIDE, -1), -1) if words[i] == ","]
        if not aside or any(w in _CLAUSE_BREAKS for w in words[aside[0] : end]):
            return None
        end = _skip_backward(words, aside[0] - 1, _ADVERBS_OF_STATEMENT)
    conjuncts, begins = _name_run_backward(words, end)
    if not conjuncts or _POSSESSIVE.search(words[end]):
        return None  # "X’s planned visit": the name owns the noun, it does nothing
    if begins > 0 and words[begins - 1].lower() in _PREPOSITIONS:
        return None  # "relations between X and Y were …": the names are not the subject
    return {name for conjunct in conjuncts for name in conjunct}, begins


def _negation_before(words: list[str], index: int) -> int | None:
    """Where a negation directly on the verb at ``index`` begins ("has not yet signed")."""
    end = _skip_backward(words, index - 1, _BETWEEN - {"to"})
    for length in (1, 2):
        begin = end - length + 1
        if begin >= 0 and _negation_length(words, begin) == length:
            return begin
    return None


def _negative_between(words: list[str], start: int, end: int) -> bool:
    """Does any negation stand between ``start`` and ``end``?"""
    return any(
        _negation_length(words, at) or words[at].lower() in _NEGATIVE_WORDS
        for at in range(start, end)
    )


def _has_negative_word(words: list[str], start: int) -> bool:
    """Is there a negative word from ``start`` on that is no negation of a verb ("no deal")?"""
    return any(
        words[at].lower() in _NEGATIVE_WORDS and not _negation_length(words, at)
        for at in range(start, len(words))
    )


def _states_verb(words: list[str], index: int) -> bool:
    """Is the word at ``index`` a verb stating a fact ("signed", "has signed", "met")?

    A base form counts only after an auxiliary ("did sign"); alone it may be a noun.
    """
    word = words[index].lower()
    if word.endswith("ed") or word in _IRREGULAR:
        return True
    auxiliary = _skip_backward(words, index - 1, _ADVERBS_OF_STATEMENT)
    return auxiliary >= 0 and words[auxiliary].lower() in _AUXILIARIES


def _turned(words: list[str], index: int) -> bool:
    """Does the clause go on to undo the negation ("not … until", "not … but")?"""
    for word in words[index + 1 :]:
        if word in _CLAUSE_BREAKS:
            return False
        if word.lower() in _TURNING:
            return True
    return False


def _negation_length(words: list[str], index: int) -> int:
    """How many words a negation starting at ``index`` has (0: none there)."""
    word = words[index].lower()
    following = words[index + 1].lower() if index + 1 < len(words) else ""
    if (word, following) in _TWO_WORD_NEGATIONS:
        return 2
    if word in _ONE_WORD_NEGATIONS and (word, following) not in _NOT_NEGATIONS:
        previous = words[index - 1].lower() if index > 0 else ""
        return 0 if previous in {"or", "if"} else 1  # "whether or not", "if not"
    return 0


def _presupposition_end(question: str, words: list[str]) -> int | None:
    """The index of the first word after a presupposing opener; None for other questions."""
    text = question.strip()
    lead_in = _LEAD_IN.match(text)
    for candidate in (text, text[lead_in.end() :] if lead_in else None):
        if candidate is None:
            continue
        opener = _PRESUPPOSING.match(candidate)
        if opener is not None:
            skipped = len(_words(text[: len(text) - len(candidate)]))
            return skipped + len(_words(opener.group()))
    return None


def _name_run_forward(words: list[str], start: int) -> tuple[tuple[str, ...], int]:
    """The subject starting at ``start`` ("the X and the Y Z …").

    Returns the last name of each conjunct and the index just after the subject (no
    names: an empty subject).
    """
    conjuncts: list[list[str]] = [[]]
    index = start
    while index < len(words):
        word, lower = words[index], words[index].lower()
        following = words[index + 1] if index + 1 < len(words) else ""
        if _is_name(word):
            conjuncts[-1].append(_name_form(word))
        elif lower in {"the", "of"} and _is_name(following):
            pass
        elif lower == "and" and conjuncts[-1] and _starts_name(words, index + 1):
            conjuncts.append([])
        else:
            break
        index += 1
    if not conjuncts[-1]:
        return (), start
    return tuple(conjunct[-1] for conjunct in conjuncts), index


def _starts_name(words: list[str], index: int) -> bool:
    """Does a name start at ``index`` (perhaps after "the")?"""
    if index < len(words) and words[index].lower() == "the":
        index += 1
    return index < len(words) and _is_name(words[index])


def _name_run_backward(words: list[str], end: int) -> tuple[list[list[str]], int]:
    """The names of a subject ending at word ``end`` ("X and Y" before "did not").

    Returns them conjunct by conjunct in the order written, and the index where the
    subject begins.
    """
    if end < 0 or not _is_name(words[end]):
        return [], end + 1
    conjuncts: list[list[str]] = [[]]
    index = end
    while index >= 0:
        if _is_name(words[index]):
            conjuncts[0].insert(0, _name_form(words[index]))
            index -= 1
            continue
        joiner = _joiner_before(words, index)
        if joiner is None:
            if words[index].lower() == "the":
                index -= 1
            break
        if joiner[0] == "and":
            conjuncts.insert(0, [])
        index -= len(joiner)
    return conjuncts, index + 1


def _joiner_before(words: list[str], index: int) -> tuple[str, ...] | None:
    """The words ending at ``index`` that join two names of one subject, if they do.

    "of" and "of the" join the parts of one name ("the President of the Republic");
    "and" and "and the" join two conjuncts ("X and the Republic").
    """
    for joiner in (("of",), ("of", "the"), ("and",), ("and", "the")):
        begin = index - len(joiner) + 1
        if (
            begin > 0
            and tuple(word.lower() for word in words[begin : index + 1]) == joiner
            and _is_name(words[begin - 1])
        ):
            return joiner
    return None


def _skip_forward(words: list[str], index: int, skipped: frozenset[str]) -> int:
    while index < len(words) and (words[index].lower() in skipped or _is_adverb(words[index])):
        index += 1
    return index


def _skip_backward(words: list[str], index: int, skipped: frozenset[str]) -> int:
    while index >= 0 and (words[index].lower() in skipped or _is_adverb(words[index])):
        index -= 1
    return index


def _is_adverb(word: str) -> bool:
    """Words like "formally" or "entirely"; not "only", nor verbs and nouns ending in -ly."""
    lower = word.lower()
    return (
        len(lower) > 5
        and lower.endswith("ly")
        and not lower.endswith(_NOT_ADVERB_ENDINGS)
        and lower not in _NOT_ADVERBS
        and lower.islower()
    ) or lower in {"simply", "deeply"}


def _is_name(word: str) -> bool:
    return word[:1].isupper() and _is_plain_word(word) and word.lower() not in STOPWORDS


def _is_plain_word(word: str) -> bool:
    return word[:1].isalnum()


def _name_form(word: str) -> str:
    """A name as compared: lower-cased, without a possessive."""
    return _POSSESSIVE.sub("", word.lower())


def _verb_stem(word: str) -> str:
    lower = word.lower()
    base = _IRREGULAR.get(lower, lower)
    stems = tokenize(base)
    return stems[0] if len(stems) == 1 else ""


def _words(text: str) -> list[str]:
    return _TOKEN.findall(text)
