"""Turn a follow-up question into one that can be searched on its own, without an LLM."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from jrqa.answer.question import (
    CALENDAR_WORDS,
    analyse_question,
    is_person_role,
    same_state,
    split_words,
    years,
)
from jrqa.text.markers import strip_markers
from jrqa.text.terms import STOPWORDS

History = Sequence[Mapping[str, str]]

_WORD = re.compile(r"[\w’'-]+")
# Words that stand for someone named earlier, or in the question itself.
_PERSONAL = frozenset("he she him his her hers they them their theirs its".split())
# "this weekend", "this year": the present, not something said earlier.
_TIMES = frozenset(
    "week weekend month year morning afternoon evening night season summer winter spring "
    "autumn decade century time".split()
)
_DEMONSTRATIVE = frozenset("this these those".split())
# Possessives that agree with one name the question gives ("Japan … its", "Abe … his").
_SINGULAR_POSSESSIVES = frozenset("its his her".split())
# A comma or semicolon and a conjunction: the question goes on with a clause of its own.
_SECOND_CLAUSE = re.compile(r"[,;]\s*(?:and|but|so)\b", re.I)
# Words that refer back only when they end the question ("Who said that?"); elsewhere
# they mostly join clauses or name a time or place of their own.
_REFERRING_AT_END = frozenset("that there then".split())
# "What about Japan?", "And in 2014?": too little of its own to be searched alone.
_ELLIPSIS = re.compile(r"^\s*(?:and\s+)?(?:what|how)\s+about\b|^\s*and\s+(?:in|on|for|by)\b", re.I)
_MAX_ELLIPSIS_WORDS = 3
# "What does Russia want instead?", "Did China sign too?": compared with something the
# question does not give, unless a clause of its own gives it ("After X, what … instead?").
_COMPARED_AT_END = re.compile(r"\b(?:instead|too|either|as well)\W*$", re.I)
_CONTINUING = re.compile(r"^\s*(?:and|but|so|or)\b", re.I)
# Words after "the same …" that say what it is the same as: "a year earlier".
_EARLIER = frozenset("earlier before previous prior".split())
# Words before "one" that make it stand for a thing named earlier ("that one", "the
# other one"), and words after it that say which one it is ("the other one of them").
_POINTING_AT_ONE = frozenset("that this other same latter former".split())
_SAYING_WHICH = frozenset("of with in from about that which who whose for on at by".split())
_MORE = frozenset("else other others another more besides further additional".split())
_BE = frozenset("is are was were be been being".split())
_SINCE = frozenset("since until till by before after".split())
# Function words after which "that" opens a clause ("said that", "so that") rather than
# pointing at something ("did that poster").
_CLAUSE_OPENERS = frozenset("say says said so such".split())
# Words that open a sentence by linking it to the last ("Likewise, the …"): capitalised
# there, but no name of anything a pronoun could stand for.
_CONNECTIVES = frozenset(
    "likewise however moreover meanwhile furthermore nevertheless nonetheless therefore "
    "thus hence indeed instead similarly consequently additionally accordingly besides "
    "otherwise finally".split()
)
_WH_CONTRACTION = re.compile(r"^(what|who|where|when|how|why)['’]s$")
# "…, according to it?": the source is the one named earlier, whatever the question names.
_SOURCE_PRONOUN = re.compile(r"\baccording to (?:it|them|him|her|this|that)\b", re.I)
# "Who led Japan at the time?", "… back then?": the time of what was asked before. "At the
# time of X" names its own time.
_TIME_REFERRED = re.compile(
    r"\b(?:at|by|around|from) (?:the|that) (?:time|point|moment)(?=\s*(?:[?!.,;]|$))|"
    r"\bback then\b|\bthat year\b|\b(?:by|since|until|till) then\b|"
    # An event of the earlier turn pointed at: "on that trip", "during the same visit".
    r"\b(?:on|during|at|in|after|before) (?:that|this|the same) (?:trip|visit|meeting|summit|"
    r"talks|call|conference|election|campaign|war|stage|period|occasion)\b",
    re.I,
)
# "… in response?", "… anyway?", "And the other way round?": said against something the
# question does not give ("in response to the sanctions" gives it), so it lies earlier.
_SET_AGAINST_EARLIER = re.compile(
    r"\bin (?:response|return|reply|retaliation|exchange)\b(?!\s+(?:to|for|from)\b)|"
    r"\b(?:anyway|regardless|nonetheless|nevertheless)\W*$|"
    r"\bthe other way (?:round|around)\b|\bvice versa\b",
    re.I,
)
# Subordinators opening a clause whose subject pronoun may stand for a noun phrase of the
# main clause ("… the island row so it stops …", "… the ministry said when they …").
_SUBORDINATORS = frozenset(
    "so because when whether if after before until unless once while since as that".split()
)
_CLAUSE_SUBJECTS = frozenset("it they".split())
_PLURAL_PRONOUNS = frozenset("they them their theirs".split())
_POSSESSIVE_END = re.compile(r"['’]s$")
_DETERMINERS = frozenset("the a an".split())
_MAX_CARRIED_CHARS = 300
# A follow-up leans on at most the two questions before it: the topics of turns further
# back pull its search towards what was asked then, and its answer with them (on the dev
# chats, fewer false answers at the same share answered right).
_MAX_LEANED_ON = 2
_MAX_CARRIED_NAMES = 8
# An abstention or error carries no topic worth searching for.
_NO_ANSWER_PREFIXES = ("The articles don't", "Sorry", "Error")


# "Unrelated: which …?", "Back to Yeltsin: when …?": a short label before the question
# proper says how it relates to the conversation; it is not part of what is asked.
_LABEL = re.compile(r"^\s*((?:[\w’'-]+\s+){0,3}[\w’'-]+)\s*:\s*(?=\S)")
# A label asks nothing itself: "What did he say: yes or no?" is one question.
_ASKING = re.compile(
    r"\b(?:what|which|who|whom|whose|how|when|where|why|is|are|was|were|do|does|did|has|"
    r"have|had|can|could|will|would|should)\b",
    re.I,
)


def without_label(question: str) -> str:
    """The question proper, without a leading label such as "Unrelated:"."""
    match = _LABEL.match(question)
    if match is None or _ASKING.search(match.group(1)):
        return question
    proper = question[match.end() :]
    # "Kishida: what did he say?", "Back to the treaty: when was it signed?": the label
    # names what a pronoun stands for.
    return question if _has_pronoun(proper) else proper


def _has_pronoun(text: str) -> bool:
    return any(word.lower() in _PERSONAL | {"it"} for word in _WORD.findall(text))


def last_user_question(history: History | None) -> str | None:
    """The most recent question the user asked before this one."""
    for turn in reversed(list(history or [])):
        if turn.get("role") == "user" and turn.get("content", "").strip():
            return turn["content"].strip()
    return None


def last_answer(history: History | None) -> str | None:
    """The most recent answer, without its [n] markers."""
    for turn in reversed(list(history or [])):
        if turn.get("role") == "assistant" and turn.get("content", "").strip():
            return strip_markers(turn["content"])
    return None


def last_quoted(history: History | None) -> str:
    """The most recent answer that quoted the articles ("" if none did)."""
    for turn in reversed(list(history or [])):
        if turn.get("role") == "assistant":
            answer = strip_markers(turn.get("content", ""))
            if answer.strip() and not answer.startswith(_NO_ANSWER_PREFIXES):
                return answer
    return ""


def said_before(history: History | None) -> frozenset[str]:
    """Every earlier answer's text, for not quoting the same sentence twice in a row."""
    return frozenset(
        strip_markers(turn.get("content", ""))
        for turn in history or []
        if turn.get("role") == "assistant"
    )


def needs_context(question: str, earlier: str = "") -> bool:
    """True for a question that lacks what it refers to ("What did he say about it?").

    A question depends on the conversation only through a word standing for something
    it does not name itself, or an ellipsis too short to stand alone ("And in 2014?").
    A pronoun may point at a name of the question's own ("Did Lavrov say he would
    come?", "Has the ministry said when it will …"): a question naming something the previous
    turn (``earlier``) did not mention stands alone, and "his own" or "their own" points
    at the question's own subject. A place, time or thing pointed at ("there", "since
    then", "did that poster", "the same article") is never named by the question itself.
    Conjunctions and relative pronouns ("and", "said that Japan …", "a deal that
    gives …"), existential "there", and "this" before a time ("this weekend") are not
    references.
    """
    tokens = _WORD.findall(question)
    # "What's that poster …" is "what is that poster …": the question word decides.
    words = [_WH_CONTRACTION.sub(r"\1", token.lower()) for token in tokens]
    if not words:
        return False
    if len(words) <= _MAX_ELLIPSIS_WORDS or _ELLIPSIS.search(question):
        return True
    if _COMPARED_AT_END.search(question) and "," not in question:
        # "… too?" compares with the conversation when it goes on from the last turn (it
        # opens with a conjunction) or names nothing that turn did not; a question naming
        # its own subjects is searched as typed, as it would be alone.
        return bool(_CONTINUING.match(question)) or _names_only_known(question, earlier)
    if _points_back(words, tokens, _after_own_clause(question)):
        return True
    if any(
        pattern.search(question)
        for pattern in (_SOURCE_PRONOUN, _TIME_REFERRED, _SET_AGAINST_EARLIER)
    ):
        return True
    pronouns = [
        index
        for index, word in enumerate(words)
        if (word in _PERSONAL or (word == "it" and not _expletive(words, index)))
        and not _reflexive(words, index)
        and not _owned_by_a_name_before(tokens, index)
        and not _bound_by_main_clause(words, index)
        and not _parties_before(tokens, index)
    ]
    if not pronouns:
        return False
    return _names_only_known(question, earlier)


def _names_only_known(question: str, earlier: str) -> bool:
    """Does every name of the question (months and weekdays aside) come up in ``earlier``?

    A state is known by any of its words: "Tokyo" after a turn about Japan names no one new.
    """
    names = [
        name for name in analyse_question(question).anchors if name.lower() not in CALENDAR_WORDS
    ]
    # Split as names are: "Japan’s security" and "the Russo-Japanese War" mention Japan.
    known = {word.lower() for word in split_words(earlier)}
    return all(name.lower() in known or same_state(name) & known for name in names)


def _expletive(words: list[str], index: int) -> bool:
    """An "it" that stands for nothing: "Is it true …", "it was …".

    Before a participle it is the subject of a passive ("When was it signed?"), and
    stands for something.
    """
    before = words[index - 1] if index else ""
    after = words[index + 1] if index + 1 < len(words) else ""
    if before in _BE and after.endswith(("ed", "en")):
        return False
    return before in _BE or after in _BE


def _owned_by_a_name_before(tokens: list[str], index: int) -> bool:
    """A singular possessive after a name of the question's own ("Tokyo … its budget").

    "his" or "her" needs a person before it: a name that is not a state's, or a person's
    standing ("the minister … his"); "What did Tokyo say about his visit?" points back.
    """
    word = tokens[index].lower()
    if word not in _SINGULAR_POSSESSIVES:
        return False
    before = tokens[1:index]
    if word == "its":
        return any(token[:1].isupper() for token in before)
    return any(
        (token[:1].isupper() and not same_state(token)) or is_person_role(token.lower())
        for token in before
    )


def _parties_before(tokens: list[str], index: int) -> bool:
    """Is a plural pronoun after two parties of the question's own, standing for them?

    In "… the tsar's empire … Japan's safety … their war" it points at nothing said
    earlier. A party is a name (capitalised past the first word) or an owner ("the tsar's").
    """
    if tokens[index].lower() not in _PLURAL_PRONOUNS:
        return False
    parties = {
        _POSSESSIVE_END.sub("", token).lower()
        for position, token in enumerate(tokens[:index])
        if (position and token[:1].isupper()) or _POSSESSIVE_END.search(token)
    }
    return len(parties) >= 2


def _bound_by_main_clause(words: list[str], index: int) -> bool:
    """An "it" or "they" opening a subordinate clause after a noun phrase of the question.

    In "What was done with the dispute so it stops …" the pronoun stands for the main
    clause's "the dispute", not for anything said earlier; at the end or after a
    preposition ("What did the minister say about it?") it points back.
    """
    if words[index] not in _CLAUSE_SUBJECTS or index < 1:
        return False
    if words[index - 1] not in _SUBORDINATORS or index + 1 >= len(words):
        return False
    # A determiner and a content word before the subordinator: "the island row so it".
    return any(
        words[at] in _DETERMINERS and words[at + 1] not in STOPWORDS for at in range(index - 2)
    )


def _after_own_clause(question: str) -> int:
    """Where the question's second clause starts ("…, and what did that create?"), or -1.

    A "that" there points at the first clause, not at the conversation.
    """
    match = _SECOND_CLAUSE.search(question)
    return len(_WORD.findall(question[: match.start()])) if match else -1


def _reflexive(words: list[str], index: int) -> bool:
    """A possessive before "own" ("their own background") points at the question's subject."""
    return index + 1 < len(words) and words[index + 1] == "own"


def _points_back(words: list[str], tokens: list[str], own_clause_ends: int = -1) -> bool:
    """Does a word point at a place, time or thing named earlier in the conversation?

    ``own_clause_ends`` is where a second clause of the question starts: a "that" after it
    points at the first.
    """
    if words[-1] in _REFERRING_AT_END or "else" in words or _same_as_before(words):
        return True
    for index, word in enumerate(words):
        after = words[index + 1] if index + 1 < len(words) else ""
        before = words[index - 1] if index else ""
        if word in _DEMONSTRATIVE and after not in _TIMES:
            return True
        # "that one", "the other one": a thing of a kind named earlier, unless the
        # question says which ("the one with Japan").
        if word in ("one", "ones") and before in _POINTING_AT_ONE and after not in _SAYING_WHICH:
            return True
        # "did that poster", "in that year", "that October" point back; after a noun
        # ("a deal that gives"), a verb of saying or before a name ("said that Japan"),
        # "that" opens a clause of its own.
        after_is_name = index + 1 < len(tokens) and tokens[index + 1][:1].isupper()
        if (
            word == "that"
            and not 0 <= own_clause_ends <= index
            and (
                after in CALENDAR_WORDS
                or (
                    before in STOPWORDS
                    and before not in _CLAUSE_OPENERS
                    and after not in STOPWORDS
                    and not after_is_name
                )
            )
        ):
            return True
        # "What happened there?" points back; "Is there a treaty?" does not.
        if word == "there" and before not in _BE and after not in _BE:
            return True
        if word == "then" and before in _SINCE:
            return True
    return False


def _same_as_before(words: list[str]) -> bool:
    """Does "the same …" point at something earlier, not at what the question gives?

    "the same stretch a year earlier", "the same as in 2013" say what it is the same as.
    """
    for index, word in enumerate(words):
        said_as = words[index + 1 : index + 2] == ["as"]
        if (
            word == "same"
            and not said_as
            and not _EARLIER.intersection(words[index + 1 : index + 5])
        ):
            return True
    return False


def asks_for_more(question: str) -> bool:
    """Does the question ask for something besides what was already said ("What else ...")?

    Otherwise an earlier answer's sentence may be the answer again ("When was that?").
    """
    return any(word.lower() in _MORE for word in _WORD.findall(question))


def _before_last_question(history: History | None) -> list[Mapping[str, str]]:
    """The turns before the most recent user question."""
    turns = list(history or [])
    for index in range(len(turns) - 1, -1, -1):
        if turns[index].get("role") == "user" and turns[index].get("content", "").strip():
            return turns[:index]
    return []


def _answered(history: History | None) -> str:
    """The last answer, or "" when it was an abstention or an error (no topic to carry)."""
    answer = last_answer(history) or ""
    return "" if answer.startswith(_NO_ANSWER_PREFIXES) else answer


def _refused(history: History | None) -> bool:
    """Was the last answer an abstention (not an answer, nor a turn without one)?"""
    answer = last_answer(history)
    return answer is not None and answer.startswith(_NO_ANSWER_PREFIXES)


def referred_turn(question: str, history: History | None) -> tuple[str, History] | None:
    """The previous question and the turns before it, when ``question`` refers back to it."""
    previous = last_user_question(history)
    if not previous or not needs_context(question, f"{previous} {_answered(history)}"):
        return None
    return previous, _before_last_question(history)


def in_time_referred(question: str, history: History | None) -> str:
    """The question, with the years of the turns it refers to when it asks about their time.

    "Who was prime minister at the time?" after a question about 2005 asks about 2005:
    the years join the question's own, so that the answer must be of them.
    """
    if not _TIME_REFERRED.search(question) or years(question):
        return question
    referred = [
        year for earlier in _context(question, history) for year in years(earlier.split(" — ")[0])
    ]
    if not referred:
        return question
    return f"{question} (in {' and '.join(dict.fromkeys(referred))})"


def referred_names(question: str, history: History | None) -> tuple[str, ...]:
    """The names and years of the earlier questions a follow-up leans on (not months).

    "Which minister did he meet?" after a question about Lavrov asks for someone other
    than Lavrov, as it would if it named him instead of saying "he"; "When was it moved
    to?" after a question about a 2014 visit asks for another time than 2014; "Who else
    was there?" asks for someone the earlier answers did not name either.
    """
    # "Who else …", "which other …" asks past what was answered too: the names the
    # earlier answers added are given as well.
    more = asks_for_more(question)
    names = (
        name
        for earlier in _context(question, history)
        for name in analyse_question(earlier if more else earlier.split(" — ")[0]).anchors
        if name.lower() not in CALENDAR_WORDS
        and (years(name) == [name] or not any(char.isdigit() for char in name))
    )
    return tuple(dict.fromkeys(names))


def rewrite_question(question: str, history: History | None) -> str:
    """The question to search: a follow-up with what it refers to, else the question.

    The previous question brings back the topic; the names its answer added bring back
    who or what the pronouns stand for ("he" after an answer naming a minister).
    Retrieval and the support gate then see them.
    """
    context = _context(question, history)
    if not context:
        return question
    return f"{question} ({'; '.join(context)})"[: len(question) + _MAX_CARRIED_CHARS]


def _context(question: str, history: History | None) -> list[str]:
    """What a follow-up refers to, most recent first: each earlier question it leans on.

    A follow-up to a follow-up leans on that one's context too, so the chain is kept as
    one flat list, each question with the names its answer added, at most
    ``_MAX_LEANED_ON`` long.
    """
    referred = referred_turn(question, history)
    if referred is None:
        return []
    previous, before = referred
    earlier = _context(previous, before)
    if earlier and _refused(history):
        # A follow-up the articles could not answer ("Who else was there?") found nothing
        # to point at: this question refers to what that one referred to, and its words
        # would pull the search towards what the articles do not hold.
        return earlier
    answer = _answered(history)
    added = _answer_names(answer, " ".join([previous, *earlier])) if answer else []
    carried = previous + (" — " + " ".join(added) if added else "")
    return [carried, *earlier][:_MAX_LEANED_ON]


def _answer_names(answer: str, asked: str) -> list[str]:
    """The names the previous answer gave that its question did not have.

    A pronoun stands for a name ("he" for the minister an answer named); the answer's
    other words, numbers and dates would pull the follow-up towards the old answer.
    """
    given = {word.lower() for word in _WORD.findall(asked)}
    names = [
        name
        # Anchors skip a clause's first word (capitalised anyway); a filler word takes its
        # place so that an answer opening with a name keeps it.
        for name in analyse_question("So " + answer).anchors
        if name.lower() not in given
        and name.lower() not in CALENDAR_WORDS | _CONNECTIVES
        and not any(char.isdigit() for char in name)
    ]
    return list(dict.fromkeys(names))[:_MAX_CARRIED_NAMES]
