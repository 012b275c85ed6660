"""Reading a question once into the ``QuestionNeeds`` any answer must meet.

The kind of answer it asks for, the names and numbers it is about, and the qualifiers
its answer is bound to (an office, a year, a place, a part of a whole, a responder).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence

from jrqa.answer.question.needs import QuestionNeeds
from jrqa.answer.question.values import (
    flows_named,
    locatives,
    quantities,
    same_state,
    singular_of,
    split_words,
)
from jrqa.answer.question.vocabulary import (
    ANY_COUNT,
    CAPITALISED_RUN,
    MONTHS,
    NAMED_PEOPLE,
    NUMBER,
    OFFICES,
    PAST_HOLDER,
    PERSON_ROLES,
    REPORTED,
    STATE_GROUPS,
    STATE_WORDS,
    WORD,
    AnswerType,
    Unit,
)
from jrqa.answer.rank import asked_rank
from jrqa.text.terms import STEMMED_STOPWORDS, STOPWORDS, content_terms, tokenize

_MEASURE_NOUNS = (
    "number|population|rate|range|area|size|budget|cost|price|amount|percentage|share|"
    "distance|length|height|value|total|gdp|volume|speed|count|turnout|toll|revenue|income|"
    "output|capacity|age|salary|wage|deficit|surplus|debt|profit|turnover|tonnage|ratio|"
    "weight|depth|width|duration|temperature|rating"
)
_QUANTITY = re.compile(
    r"\bhow (many|much|large|big|long|far|high|tall|wide|heavy|deep)\b|"
    rf"\bwhat (is|was|are|were) (the|its|his|her|their|[\w-]+[’']s) ([\w’'-]+ ){{0,3}}?"
    rf"({_MEASURE_NOUNS})\b|"
    r"\bwhat (percentage|proportion|fraction|share|number)\b|\bnumber\b|"
    r"^\s*what (is|was|are|were)\b.*\bworth\b",
    re.I,
)
_DATE = re.compile(
    r"^\s*when\b|\b(in|on|by) what (year|date|month|day)s?\b|\bwhat (year|date|month|day)s?\b|"
    r"\bwhich (year|month|day)s?\b",
    re.I,
)
# "On what date …", "Which day …": a day of the month or of the week, finer than a month.
_DAY = re.compile(r"\b(?:what|which) (?:date|day)s?\b", re.I)
_PERCENT_ASKED = re.compile(
    r"\b(?:what|which) (?:percentage|proportion|fraction|share|percent)\b|"
    r"\bwhat (?:is|was|are|were) the (?:\w+ )?(?:percentage|proportion|share)\b",
    re.I,
)
_MONEY_ASKED = re.compile(
    r"\b(?:dollar|yen|ruble|rouble|euro) (?:value|amount|figure)\b|\bworth\b|"
    r"\bhow much money\b|\bcost\b|\bprice\b",
    re.I,
)
_PERSON = re.compile(r"^\s*who\b", re.I)
# Where an event happened ("Where was the treaty signed?", "Which city hosted …?"); not
# "Where does Japan stand", which asks for a position.
_PLACE = re.compile(
    r"^\s*where\b.*\b(?:hold|held|sign|signed|host|hosted|stage|staged|convene|convened|"
    r"take\s+place|took\s+place)\b|"
    # Where someone was when something happened: a place, not a stance.
    r"^\s*where\s+(?:was|were)\b[^,]*\bwhen\b|"
    # Where an event was ("Where was the G20 summit?").
    r"^\s*where\s+(?:is|was|are|were|will)\s+(?:the\s+)?(?:[\w’'-]+\s+){0,3}?"
    r"(?:summit|meeting|conference|talks|forum|ceremony|games|olympics|exercises?|drills?)\b|"
    r"^\s*(?:(?:in|at)\s+)?(?:which|what)\s+(?:city|town|venue|capital)\b|"
    # Where words were said: the place they were said in ("Where did he say that?", "…
    # make the remarks?"), not where a text says something is ("… say Japan stands?").
    r"^\s*where\s+(?:did|does|do|has|have|had|was|were)\s+[^,]+?\s+"
    r"(?:say|said|state|stated|announce|announced|declare|declared|make|made|deliver|"
    r"delivered|give|given)\s*(?:(?:that|it|this|so|them|these|those)|"
    r"(?:the|his|her|their|those|these)\s+(?:remarks?|speech|statement|words|comments?|"
    r"address))?\W*$",
    re.I,
)
# Kinds of thing whose instances go by proper names: "Which banks …" is answered by the
# banks' names, not by a sentence about banks. The question proper may follow a phrase
# setting it apart ("Besides X, which …").
_NAMED_KINDS = (
    "banks?|ships?|warships?|vessels?|fleets?|compan(?:y|ies)|firms?|airlines?|agenc(?:y|ies)|"
    "newspapers?|part(?:y|ies)|conferences?|summits?|islands?|cit(?:y|ies)|countr(?:y|ies)|"
    "nations?|regions?|bases?|organi[sz]ations?|"
    f"{NAMED_PEOPLE}"
)
# "Which …", "In what …": a question asking for one of a kind, at its start or after a
# phrase setting it apart.
_WHICH = r"(?:^|[,:;]\s*)\s*(?:(?:in|at|on|from|to|with|by|of)\s+)?(?:which|what)\s+"
_NAMED = re.compile(
    rf"{_WHICH}"
    r"(?:(?!(?:is|are|was|were|do|does|did|has|have|had|will|would|can|could)\b)[\w’'-]+\s+){0,3}?"
    rf"(?P<kind>{_NAMED_KINDS})\b",
    re.I,
)
# The office a person is asked for by: "Who was <X's> trade minister …". Group 1 is the
# words up to and including the office's noun.
_ASKED_ROLE = re.compile(
    rf"^\s*who\s+(?:is|was|are|were|has\s+been|had\s+been)\s+"
    rf"((?:[\w’'-]+\s+){{0,3}}?(?:{PERSON_ROLES}))\b",
    re.I,
)
# "Which Japanese prime minister …": an office a person is asked for by, as a kind. A
# standing that is no office ("leader", "official") is seldom written as a name's title.
_WHICH_ROLE = re.compile(rf"{_WHICH}((?:[\w’'-]+\s+){{0,3}}?(?:{OFFICES}))\b", re.I)
_SENTENCE_BREAK = re.compile(r"[.!?:;]\s+")
# Words capitalised in questions for emphasis or by convention, not because they name
# something the articles must mention.
_NOT_NAMES = frozenset("i ok please system user assistant answer question".split())
# Ordinals capitalised inside a name ("Second World War") are written other ways too
# ("World War II"); the rest of the name is enough to look for.
_ORDINALS = frozenset("first second third fourth fifth sixth seventh eighth ninth tenth".split())
# "Which city", "which Japanese city", "what town".
_OUTLET_ASKED = re.compile(
    r"\b(?:which|what)\s+(?:[\w-]+\s+){0,2}?(?:newspapers?|news\s+agenc(?:y|ies)|agenc(?:y|ies)|"
    r"publications?|outlets?|papers?)\b",
    re.I,
)
_CITY_ASKED = re.compile(r"\b(?:which|what)\s+(?:[\w-]+\s+)?(?:city|town|capital)\b", re.I)


@functools.lru_cache(maxsize=256)
def analyse_question(question: str) -> QuestionNeeds:
    """The anchors and expected answer type of a question.

    Cached: the gate, the scorer, follow-up detection and the sources check each ask for
    the same question's analysis, which is immutable.
    """
    words = split_words(question)
    anchors = tuple(dict.fromkeys(_anchors(question)))
    # "And when was …?", "So what did …?": a conversation's opening word joins the question
    # to the last one; what is asked starts after it.
    question = _OPENING_CONJUNCTION.sub("", question, count=1)
    compound = is_compound(question)
    answer_type: AnswerType = "any" if compound else _answer_type(question)
    return QuestionNeeds(
        anchors=anchors,
        answer_type=answer_type,
        question_words=frozenset(word.lower() for word in words),
        compound=compound,
        role=_asked_role(question) if answer_type in ("person", "named") else (),
        office_state=(
            _asked_office_state(question) if answer_type in ("person", "named") else frozenset()
        ),
        unit=_asked_unit(question) if answer_type == "quantity" else None,
        part=_asked_part(question) if answer_type == "quantity" else (),
        whole=_asked_whole(question) if answer_type == "quantity" else None,
        counted=_asked_counted(question) if answer_type == "quantity" else (),
        measured=_asked_measured(question) if answer_type == "quantity" else (),
        flow=_asked_flow(question) if answer_type == "quantity" else None,
        speaker=_asked_speaker(question),
        topic=_asked_topic(question, anchors),
        qualifiers=_time_qualifiers(question) if answer_type != "any" else (),
        in_longer_names=_in_longer_names(question),
        kind=_asked_kind(question) if answer_type == "named" else None,
        rank=asked_rank(question, ordinals=answer_type != "any"),
        asks_speaker=answer_type == "person" and _asks_speaker(question),
        asks_city=answer_type == "place" and bool(_CITY_ASKED.search(question)),
        asks_outlet=bool(_OUTLET_ASKED.search(question)),
        responder=_asked_responder(question, anchors),
        members=_asked_members(question),
        set_aside=_set_aside(question),
        subject=_yes_no_subject(question, anchors) if answer_type == "any" else None,
        any_of=_asked_any_of(question) if answer_type == "any" else None,
        amounts=tuple(number for number in quantities(question) if number[:1].isdigit())
        if answer_type == "quantity"
        else (),
        documents=_named_documents(question) if answer_type != "any" else (),
        places=_asked_places(question) if answer_type in ("quantity", "date", "person") else (),
    )


_OPENING_CONJUNCTION = re.compile(r"^\s*(?:and|but|so|then|also|okay|ok|well)\b[\s,]*", re.I)


# "… when the declaration was signed", "… while Suga was prime minister": a clause after
# the question proper naming the event whose time the answer must be of.
_TIME_CLAUSE = re.compile(
    r"(?<=\w)\W+(?:when|while|during|at the time of|once|by the time)\b(.*)", re.I
)


def _time_qualifiers(question: str) -> tuple[str, ...]:
    """The names (not years or months: ``in_years_asked`` has those) of the time clause."""
    match = _TIME_CLAUSE.search(question)
    if match is None:
        return ()
    names = _anchors("So " + match.group(1))  # anchors skip a clause's first word
    return tuple(
        dict.fromkeys(name for name in names if not name.isdigit() and name.lower() not in MONTHS)
    )


def _in_longer_names(question: str) -> frozenset[str]:
    """The words of the question's names of two or more capitalised words."""
    names = []
    for match in CAPITALISED_RUN.finditer(question):
        words = match.group().split()
        if not question[: match.start()].strip():  # "Did Moscow …": the first word asks
            words = words[1:]
        if len(words) >= 2:
            names.extend(words)
    return frozenset(name for word in names for name in split_words(word))


# "What did <subject> say …", "What does <subject> think …".
_ASKS_WORDS = re.compile(
    r"^\s*what\s+(?:did|does|do|has|have|had)\s+(.+?)\s+"
    r"(?:say|said|tell|think|believe|argue|claim|state|write|mean|feel|suggest|predict|"
    r"make\s+of)\b",
    re.I,
)
# Words after a name that do not end it ("Putin himself", "Kono actually").
_REFLEXIVES = frozenset("himself herself themselves itself actually really".split())


def _asked_responder(question: str, anchors: Sequence[str]) -> frozenset[str]:
    """Who is asked to have responded, lower-cased ("How did Japan's premier react …").

    A state comes with its seats and people: japan, japanese, tokyo.
    """
    match = _RESPONSE_ASKED.search(question)
    if match is None:
        return frozenset()
    who = match["subject"] or match["replier"] or match["receiver"]
    subject = {word.lower() for word in split_words(who)}
    names = {anchor.lower() for anchor in anchors if anchor.lower() in subject}
    return frozenset(names.union(*(same_state(name) for name in names)))


def _yes_no_subject(question: str, anchors: Sequence[str]) -> str | None:
    """The name a yes-or-no question opens with as its subject ("Did Norway …"), or None."""
    match = _YES_NO_SUBJECT.match(question)
    return match["name"] if match and match["name"] in anchors else None


def _asked_any_of(question: str) -> str | None:
    """The kind a yes-or-no question asks if there were any of ("… any diplomats?"), stemmed."""
    if not _YES_NO_OPENING.match(question):
        return None
    match = _ANY_OF.search(question)
    head = _plural_head(question[match.end() :]) if match else None
    return tokenize(head)[0] if head else None


def _asked_places(question: str) -> tuple[str, ...]:
    """The single-word places the question names after "in", "at" … ("in Beijing")."""
    return tuple(place for place in locatives(question) if " " not in place)


def _asks_speaker(question: str) -> bool:
    """Does the question ask who said something ("Who said …", "Who first warned …")?"""
    words = [word.lower() for word in split_words(question)[1:3]]
    return bool(words) and (
        words[0] in REPORTED or (len(words) == 2 and words[0] in _ADVERBS and words[1] in REPORTED)
    )


# Words that may stand between "who" and the verb of saying: "Who first warned …".
_ADVERBS = frozenset("first also publicly later once openly".split())


def _asked_topic(question: str, anchors: Sequence[str]) -> tuple[str, ...]:
    """The anchors of what the speaker is asked about: those outside the subject."""
    match = _ASKS_WORDS.search(question)
    if match is None:
        return ()
    subject = {word.lower() for word in split_words(match.group(1))}
    topic = tuple(anchor for anchor in anchors if anchor.lower() not in subject)
    # "… about the Kuril Islands at the NATO summit": the setting is not what was said.
    about = _ABOUT.search(question)
    if about is not None:
        told = {word.lower() for word in split_words(about["told"])}
        named = tuple(anchor for anchor in topic if anchor.lower() in told)
        return named or topic
    return topic


# What words were said about: up to a phrase setting where or when they were said.
_ABOUT = re.compile(
    r"\babout\s+(?P<told>.+?)(?=\s+(?:at|in|during|on|when|while|after|before|since)\b|[,?;]|$)",
    re.I,
)


def _asked_speaker(question: str) -> str | None:
    """The last word of the subject whose words are asked for ("Putin", "ministry").

    A subject ending in a common noun ("the Chinese government") must speak as much as a
    named one does, under that noun; the articles themselves and their readers say all of
    their own text, so they are not looked for.
    """
    match = _ASKS_WORDS.search(question)
    if match is None:
        return None
    # "the poster who calls himself …", "the head of …", "the reader writing as …": the
    # subject's head comes before what qualifies it.
    subject = _QUALIFIER.split(match.group(1), maxsplit=1)[0]
    words = [
        word
        for word in split_words(subject)
        if word.lower() not in _REFLEXIVES and not word.endswith("ly")  # "Russia angrily"
    ]
    if not words:
        return None
    head = words[-1]
    # An office ("the Japanese prime minister") is held by someone the articles name
    # instead: its words are checked as a role (``_holds_role``), not looked for.
    if not head[:1].isupper() and (head.lower() in _WRITERS or _OFFICE.fullmatch(head)):
        return None
    return re.sub(r"['’]s$", "", head)


_QUALIFIER = re.compile(
    r"\b(?:who|whom|whose|which|that|of|in|at|on|from|for|with|as|about)\b|\b[a-z]+ing\b"
)
# Who wrote a passage, as a question calls them: the text is all theirs.
_WRITERS = frozenset(
    """article articles piece pieces report reports analysis author authors writer writers
    outlet newspaper paper editorial column columnist site thread forum post posts poster
    posters reply replies commenter commenters comment comments reader readers op one someone
    it they he she you i we""".split()
)
# The offices and trades a person is asked for by, and a few that only head a subject.
_OFFICE = re.compile(rf"{PERSON_ROLES}|secretary|king|general|counterparts?|head|chief", re.I)
_RESPONSE_ASKED = re.compile(
    r"^\s*how\s+(?:did|does|do|has|have|had|will|would)\s+(?P<subject>.+?)\s+"
    r"(?:respond|react|answer|retort)(?:s|ed|ing)?\b|"
    r"^\s*how\s+(?:did|does|do|has|have|had|will|would)\s+(?P<replier>.+?)\s+"
    r"repl(?:y|ies|ied|ying)\b|"
    # "How was it received in Tokyo?": the one receiving it is asked to have responded.
    r"^\s*how\s+(?:was|were|is|are|has|have|had)\s+.+?\s+(?:been\s+)?"
    r"(?:received|taken|seen|viewed)\s+(?:in|by)\s+(?P<receiver>.+?)\W*$",
    re.I,
)
# "Did …", "And has …": how a yes-or-no question opens.
_YES_NO = (
    r"^\s*(?i:(?:and|but|so)\s+)?"
    r"(?i:did|does|do|has|have|had|is|was|were|are|will|would|can|could)"
)
_YES_NO_OPENING = re.compile(rf"{_YES_NO}\b")
_ANY_OF = re.compile(r"\bany\s+", re.I)
# "Did Norway …", "And has Tokyo …": a yes-or-no question and the name it asks of.
_YES_NO_SUBJECT = re.compile(rf"{_YES_NO}\s+(?P<name>[A-Z][\w.-]*)(?=\s+[a-z])")
# The kinds of documents and events a name may end in: "the Irkutsk Statement".
_DOCUMENT_KINDS = frozenset(
    """declaration statement treaty pact agreement accord charter protocol communique
    war summit olympics games conference""".split()
)
# "Which specific sanctions", "what particular steps": the members of a kind, by name.
_MEMBERS_ASKED = re.compile(
    r"\b(?:which|what)\s+(?:specific|particular|exact|individual|concrete)\s+", re.I
)
# "Which minerals …", "what other ports …": before "exactly", the things asked for by name.
_WHICH_THINGS = re.compile(r"\b(?:which|what)\s+(?:other\s+)?", re.I)
# "Which minerals exactly?": the members, as "specific" asks for them.
_EXACTLY = re.compile(r"\b(?:exactly|precisely|specifically)\b", re.I)
_PLURAL = re.compile(r"[a-z][a-z-]+[^s']s")
_MEMBER_MARKERS = frozenset("specific particular exact individual concrete".split())
# A noun phrase's modifiers before its noun ("specific Russian human rights issues").
_MAX_MODIFIERS = 3
# Words after which a noun phrase has ended: the question's verb or a preposition.
_ENDS_NOUN_PHRASE = frozenset(
    """did do does is are was were has have had will would can could should may might
    in on of at to for from with by about exactly precisely specifically that which who""".split()
)
# "Besides A, …", "apart from A": the thing a question asks for others than.
_SET_ASIDE = re.compile(
    r"\b(?:besides|apart from|aside from|other than|in addition to)\s+(?P<thing>[^,?;]+?)\s*"
    r"(?:[,?;]|$|\b(?:what|which|who|where|when|how)\b)",
    re.I,
)
_HOW_MANY = re.compile(r"\bhow many\b", re.I)
# "How much did Japanese firms invest …": an amount of what a verb of money does. ("How
# much did trade grow" measures the trade named before its verb.)
_HOW_MUCH_DONE = re.compile(
    r"\bhow much\s+(?:did|does|do|has|have|had|will|would)\s+(?:[\w’'-]+\s+){1,4}?"
    r"(?P<verb>invest|lend|loan|donate|export|import|sell|buy|borrow|contribute|"
    r"spend|pay|earn|owe)\b",
    re.I,
)
# "How much (in|of) …": what follows is what the amount measures.
_HOW_MUCH = re.compile(r"\bhow much\s+(?:in\s+|of\s+)?", re.I)
# "What share of <whole> is/was (made up of) <part>?"
_SHARE_OF_PART = re.compile(
    r"\bwhat (?:share|percentage|proportion|fraction|percent) of .+? "
    r"(?:is|was|are|were)\s+(?:made up of\s+|accounted for by\s+)?(.+?)\W*$",
    re.I,
)


# "What share of <whole> …": the whole, up to the verb; its head noun is the first
# phrase's last word ("exports" of "Russia's exports to Japan").
_SHARE_OF_WHOLE = re.compile(
    r"\bwhat (?:share|percentage|proportion|fraction|percent) of (?:the |its |their )?"
    r"(?:[\w-]+[’']s )?(.+?)\s+(?:is|was|are|were|comes?|came|goes|went|do|does|did|has|had)\b",
    re.I,
)
_PREPOSITION = re.compile(r"\s(?:to|of|from|in|for|by|with|on|at)\s", re.I)


def _asked_whole(question: str) -> str | None:
    """The head of the whole a share is asked of ("gas" of "Japan's natural gas"), stemmed."""
    match = _SHARE_OF_WHOLE.search(question)
    if match is None:
        return None
    phrase = _PREPOSITION.split(f" {match.group(1)} ", maxsplit=1)[0]
    # "… of what Russia sells": a clause, with no noun naming the whole.
    if phrase.lower().split()[:1] == ["what"]:
        return None
    terms = [term for term in tokenize(phrase) if term not in STEMMED_STOPWORDS]
    return terms[-1] if terms else None


def _asked_flow(question: str) -> tuple[str, str, str] | None:
    flows = flows_named(question)
    if len(flows) != 1:
        return None
    source, noun, target = flows[0]
    return source.lower(), tokenize(noun)[0], target.lower()


def _asked_counted(question: str) -> tuple[str, ...]:
    """The stemmed plural noun after "how many", unless it counts anything ("times")."""
    match = _HOW_MANY.search(question)
    if match is None:
        return ()
    for word in split_words(question[match.end() :]):
        if word.lower() in STOPWORDS:
            break
        if word[:1].islower() and word.endswith("s") and not word.endswith("ss"):
            stem = tokenize(word)[0]
            return () if stem in ANY_COUNT else (stem,)
    return ()


def _asked_measured(question: str) -> tuple[str, ...]:
    """The stemmed words "how much" asks the amount of, up to the verb or a function word.

    "How much economic assistance has …" asks of economic assistance, "how much cargo went
    through …" of cargo (the verb may come with it: any of the words is looked for); "how
    much did trade grow" names nothing there, and money is a unit, not a thing measured
    (``Unit``).
    """
    match = _HOW_MUCH.search(question)
    if match is None:
        return ()
    acted = _HOW_MUCH_DONE.search(question)
    if acted is not None:
        # "How much did the firms invest …": the amount is of what the verb does (an
        # investment, a loan), which the answer's clause names.
        return (tokenize(acted["verb"].lower())[0],)
    words = []
    for word in split_words(question[match.end() :]):
        if word.lower() in STOPWORDS:
            break
        words.append(word)
    things = [word for word in words if word[:1].islower()]  # "Russian assets": assets
    if not things or "money" in things:
        return ()
    return tuple(tokenize(word)[0] for word in things)


def _named_documents(question: str) -> tuple[tuple[str, ...], ...]:
    """The names of documents and events in ``question``, as their telling words and kind.

    States, their seats and people are left out: "Soviet-Japanese" says whose pact, not
    which.
    """
    documents = []
    for match in CAPITALISED_RUN.finditer(question):
        words = [word.lower() for word in split_words(match.group())]
        if len(words) < 2 or words[-1] not in _DOCUMENT_KINDS:
            continue
        # A compound's parts follow it in ``split_words``; the parts are looked for.
        telling = [word for word in words[:-1] if "-" not in word and word not in STATE_WORDS]
        if telling:
            documents.append((*telling, words[-1]))
    return tuple(documents)


def _set_aside(question: str) -> tuple[str, ...]:
    match = _SET_ASIDE.search(question)
    if match is None:
        return ()
    return tuple(content_terms(match["thing"]))


def _asked_members(question: str) -> str | None:
    """The things whose members are asked for by name ("which specific …"), stemmed."""
    match = _MEMBERS_ASKED.search(question)
    if match is None:
        match = _WHICH_THINGS.search(question)
        if match is None or not _EXACTLY.search(question[match.end() :]):
            return None
    head = _plural_head(question[match.end() :])
    return tokenize(head)[0] if head else None


def _plural_head(text: str) -> str | None:
    """The plural noun heading the noun phrase ``text`` opens ("Russian military bases …").

    The first plural word followed by the question's verb or a preposition ("human rights
    issues led", "news agencies in"); "news agency" goes on past "news". A phrase of more
    than a few words, or one whose end is not plain, has none: nothing is checked then.
    """
    words = [word for word in WORD.findall(text) if word.lower() not in _MEMBER_MARKERS]
    for index, word in enumerate(words[: _MAX_MODIFIERS + 1]):
        if word.lower() in _ENDS_NOUN_PHRASE:
            return None
        following = words[index + 1].lower() if index + 1 < len(words) else ""
        ends_here = not following or following in _ENDS_NOUN_PHRASE or following.endswith("ed")
        if _PLURAL.fullmatch(word) and ends_here and tokenize(word):
            return word
    return None


def _asked_part(question: str) -> tuple[str, ...]:
    """The content words of the part whose share of a whole is asked, stemmed."""
    match = _SHARE_OF_PART.search(question)
    if match is None:
        return ()
    return tuple(term for term in tokenize(match.group(1)) if term not in STEMMED_STOPWORDS)


def _asked_kind(question: str) -> str | None:
    match = _NAMED.search(_LEADING_CLAUSE.sub("", question, count=1))
    return singular_of(match.group("kind").lower()) if match else None


def _asked_unit(question: str) -> Unit | None:
    if _PERCENT_ASKED.search(question):
        return "percent"
    if _MONEY_ASKED.search(question):
        return "money"
    return None


def _asked_role(question: str) -> tuple[str, ...]:
    """The stemmed lower-case words of the office a person is asked for by, if any.

    Capitalised words ("Russia's", "Japanese") are the question's anchors, checked apart.
    """
    match = _ASKED_ROLE.search(question) or _WHICH_ROLE.search(question)
    if match is None:
        return ()
    # "Former" says when the office was held, not which office it is.
    words = [
        word
        for word in split_words(match.group(1))
        if not word[:1].isupper() and word.lower().partition("-")[0] not in PAST_HOLDER
    ]
    terms = [term for term in tokenize(" ".join(words)) if term not in STEMMED_STOPWORDS]
    return tuple(dict.fromkeys(terms))


def _asked_office_state(question: str) -> frozenset[str]:
    """The words of the state whose office is asked for ("Japan's", "of Russia"), if one."""
    match = _ASKED_ROLE.search(question) or _WHICH_ROLE.search(question)
    if match is None:
        return frozenset()
    following = split_words(question[match.end() :])[:2]
    words = {word.lower() for word in split_words(match.group(1))}
    if following and following[0].lower() == "of":
        words |= {word.lower() for word in following}
    groups = [group for group in STATE_GROUPS if group & words]
    # Two seats of one state ("Moscow", "the Kremlin") share its name; two states do not.
    if any(not first & second for first in groups for second in groups):
        return frozenset()
    return frozenset().union(*groups)


_TWO_QUESTIONS = re.compile(
    r"\b(and|also) (when|where|who|what|which|how|why)\b|,\s*and\b|\bfrom\b.+\bto\b", re.I
)


def is_compound(question: str) -> bool:
    """Questions asking two things at once ("When was X, and who said Y?")."""
    return bool(_TWO_QUESTIONS.search(question))


# "When the war ended, what did …?": a clause setting the scene before the question proper.
_LEADING_CLAUSE = re.compile(
    r"^\s*(?:when|after|before|since|while|once|if|as|by the time)\b[^,?]*,\s*"
    r"(?=(?:what|which|who|whom|whose|how|when|where|why)\b)",
    re.I,
)


def _answer_type(question: str) -> AnswerType:
    """The kind of answer the question proper asks for (after any scene-setting clause)."""
    question = _LEADING_CLAUSE.sub("", question, count=1)
    if _QUANTITY.search(question):
        return "quantity"
    if _DAY.search(question):
        return "day"
    if _DATE.search(question):
        return "date"
    if _PERSON.search(question):
        return "person"
    if _PLACE.search(question):
        return "place"
    if _NAMED.search(question):
        return "named"
    return "any"


def _anchors(question: str) -> Iterable[str]:
    """Numbers, and capitalised words that do not start a sentence."""
    for clause in _SENTENCE_BREAK.split(question):
        for index, raw in enumerate(WORD.findall(clause)):
            word = re.sub(r"['’]s$", "", raw).strip("'’-")
            if NUMBER.fullmatch(word):
                yield word
                continue
            if index == 0 or not word[:1].isupper():
                continue
            for part in word.split("-"):  # "Russo-Japanese" names Russia and Japan
                if part[:1].isupper() and part.lower() not in STOPWORDS | _NOT_NAMES | _ORDINALS:
                    yield part
