"""Viewpoint questions: "What does <outlet or author> say about …?" asks that source only.

A question is restricted to a source when it names one of the corpus's outlets, authors
or forum posters (read from the stored metadata) *as the one who says something*: the
subject of a verb of saying or thinking ("What does X argue …", "Did an X article
report …"), an attribution ("According to X, …", "In X's view, …", "… as reported by
X") or a view it holds ("X's position on …"). A name used as a topic ("Which articles
come from X?") restricts nothing. Only grammar is written here, never a name.

A role in a forum thread framed the same way is a source too, when the corpus has such
posts: "one commenter", "a reply" (readers' replies), "the opening post", "the thread
starter". Unlike a name, a role that is only a topic ("what did one reply say about the
opening post?") does not count as a second source.

The source's name and the framing around it are then taken out of the question that is
searched and scored, since no sentence of the source repeats them; what remains is
what the source is asked about.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jrqa.answer.composing import ABSTAIN_TEXT
from jrqa.answer.question import is_compound
from jrqa.index.sources import SourceCatalogue, SourceRestriction, SourceRole, name_key
from jrqa.models import Answer, PostRole
from jrqa.text.terms import STOPWORDS

_SAYING = (
    "say argue think write claim report believe suggest contend assert state view see "
    "consider describe characterize characterise portray present predict expect warn note "
    "comment conclude explain stress emphasize emphasise criticize criticise praise call "
    "frame mean feel complain tell insist maintain propose recommend blame attribute regard "
    "doubt reveal assess analyse analyze observe recount mention highlight allege accuse "
    "urge fear hope support oppose favour favor advocate reckon cover discuss depict "
    "interpret question dismiss welcome answer respond object summarize summarise sum"
).split()
_IRREGULAR = "said thought wrote written saw seen told felt meant made make put summed".split()
_VIEW_NOUNS = (
    "view views opinion opinions position positions stance take argument arguments "
    "assessment perspective analysis claim claims account reporting coverage verdict thesis "
    "criticism conclusion conclusions standpoint interpretation reading judgement judgment "
    "understanding explanation prediction predictions outlook attitude eyes words estimation"
).split()
_DOCUMENT_NOUNS = (
    "article piece report story op-ed column editorial commentary analysis essay post "
    "thread reporting coverage author writer reporter columnist journalist contributor "
    "editor opinion"
).split()


def _inflections(verb: str) -> set[str]:
    forms = {verb, verb + "s", verb + "es", verb + "ed", verb + "d", verb + "ing"}
    if verb.endswith("e") and not verb.endswith("ee"):
        forms.add(verb[:-1] + "ing")
    if verb.endswith("y"):
        forms.update({verb[:-1] + "ies", verb[:-1] + "ied"})
    return forms


def _alternatives(words: set[str] | list[str]) -> str:
    return "|".join(sorted((re.escape(word) for word in words), key=len, reverse=True))


_VERB = _alternatives({form for verb in _SAYING for form in _inflections(verb)} | set(_IRREGULAR))
_VIEW = _alternatives(_VIEW_NOUNS)
_DOC = _alternatives({noun for word in _DOCUMENT_NOUNS for noun in (word, word + "s")})
_SRC = "\x00"  # stands for the source's mention while the framing is matched

_I = re.IGNORECASE
# Attributions: removed from the question that is searched.
_ATTRIBUTIONS = [
    re.compile(rf",?\s*\baccording to {_SRC}(?:'s)?(?: (?:{_DOC}))?,?", _I),
    re.compile(rf",?\s*\b(?:in|from) {_SRC}'s (?:{_VIEW})(?: of (?:things|it|this))?,?", _I),
    re.compile(rf",?\s*\b(?:in|from) the (?:{_VIEW}) of {_SRC},?", _I),
    re.compile(
        rf",?\s*\bin (?:an? |the |one |this |that )?(?:\w+ )?{_SRC}(?:'s)? (?:{_DOC}),?", _I
    ),
    re.compile(rf",?\s*\bas {_SRC} (?:puts|put|sees|saw|says|said) it,?", _I),
]
# "… reported by X …": the source goes, the verb stays.
_PASSIVE = re.compile(rf"\b((?:{_VERB}) )(?:by|in) {_SRC}(?:'s)?(?: (?:{_DOC}))? ?", _I)
# "What is written about … in X?": a saying verb, and the source closing the question.
_SAID_IN = re.compile(rf"\b(?:{_VERB})\b.*?(\s+(?:by|in) {_SRC}(?:'s)?(?: (?:{_DOC}))?)\W*$", _I)
# X as the one who says: "What does X argue", "Did an earlier X article report".
_SUBJECT = re.compile(
    rf"{_SRC}(?:'s)?(?P<doc> (?:{_DOC}))?(?: (?:\w+ly|not|really|also|now))? (?:{_VERB})\b", _I
)
# The words before "X article" that belong to it: "an earlier X article".
_DETERMINED = re.compile(r"\b(?:an?|the|this|that|one|its|their)\s+(?:\w+\s+)?$", _I)
# Stands in for the source as the subject: a function word, so that it adds nothing to
# what is searched and refers to nothing earlier in a conversation ("it" would).
_SUBJECT_WORD = "one"
# A view X holds: "X's position on …", "the stance of X on …".
_HELD_VIEW = re.compile(rf"{_SRC}'s (?=(?:{_VIEW})\b)|\b(?:{_VIEW}) of {_SRC}\b", _I)


@dataclass(frozen=True)
class _ForumRole:
    """People or posts of a forum thread, named by what they are rather than by a name.

    ``name`` is what the answer says it was restricted to, ``searched`` completes a
    refusal ("… don't cover this in <searched>"), ``phrase`` finds the role in a question.
    """

    name: str
    posts: tuple[PostRole, ...]
    searched: str
    phrase: re.Pattern[str]


_THREAD = r"(?:in|on|from)\s+(?:the|this|that)\s+(?:forum\s+thread|forum|thread|discussion)"
_IN_THREAD = rf"(?:\s+{_THREAD})"
_MANY = r"(?:one|some|several|many|most|two|three)"
_SOME = rf"(?:an?|another|{_MANY}|{_MANY} of the)"
_ANY = rf"(?:{_SOME}|the|that|this|these|those)"
_ORDINAL = r"(?:(?:later|earlier|other|first|second|third|last|final|anonymous|single)\s+)?"
# Nouns that mean a reader's post or its writer wherever they stand, and nouns that do
# only with "a", "one", "some" or "in the thread" ("a poster"; "the poster" may be anyone).
_REPLY_NOUN = (
    r"(?:(?:forum|thread|reader'?s'?)\s+)?(?:repl(?:y|ies)|commenters?)"
    r"|forum\s+(?:posters?|users?|members?|participants?|readers?|comments?|posts?)"
)
_READER_NOUN = r"(?:posters?|readers?|comments?|posts?)"


def _role_phrase(pattern: str) -> re.Pattern[str]:
    """A role's words as a whole phrase, possibly possessive ("one reader's view")."""
    return re.compile(rf"(?<![\w'-])(?:{pattern})(?:'s)?(?!['\w-])", _I)


_FORUM_ROLES = (
    # A thread's starter often replies later too, and a reply whose page gives no poster
    # cannot be told from other readers': the starter is asked of the whole thread.
    _ForumRole(
        "the forum thread",
        ("opening post", "reply"),
        "what was posted in the forum thread",
        _role_phrase(
            r"(?:the\s+)?(?:(?:forum\s+)?(?:thread|topic|discussion)(?:'s)?\s+"
            r"(?:starter|creator|opener|author|originator)|(?:original|opening|first)\s+poster"
            r"|(?:person|member|user|poster)\s+who\s+(?:started|opened|began)\s+the\s+"
            r"(?:forum\s+)?thread|(?-i:OP))",
        ),
    ),
    _ForumRole(
        "the forum thread's opening post",
        ("opening post",),
        "the forum thread's opening post",
        _role_phrase(
            r"(?:the|its|that|this)\s+(?:(?:forum\s+)?(?:thread|forum)(?:'s)?\s+)?"
            r"(?:opening|original|first|initial|starting|lead)\s+(?:post|posting|message)"
            rf"{_IN_THREAD}?",
        ),
    ),
    _ForumRole(
        "readers' replies in the forum thread",
        ("reply",),
        "what readers replied in the forum thread",
        _role_phrase(
            rf"(?:(?:{_ANY})\s+{_ORDINAL}(?:{_REPLY_NOUN}){_IN_THREAD}?"
            rf"|(?:{_SOME})\s+{_ORDINAL}{_READER_NOUN}{_IN_THREAD}?"
            rf"|(?:{_ANY}\s+)?{_ORDINAL}{_READER_NOUN}{_IN_THREAD}"
            r"|(?:replies|commenters|readers))",
        ),
    ),
)
# With a forum role named, a phrase setting the question in the thread ("In the thread, …")
# adds nothing: the role says the thread already.
_THREAD_SETTING = re.compile(rf"(?:^|,?\s)\s*{_THREAD}\b,?", _I)


@dataclass(frozen=True)
class Viewpoint:
    """A question asked of one source, and what it asks that source about."""

    restriction: SourceRestriction
    asked: str


@dataclass(frozen=True)
class _Mention:
    restriction: SourceRestriction
    start: int
    end: int


def find_viewpoint(question: str, catalogue: SourceCatalogue) -> Viewpoint | None:
    """The source a question asks for the view of, or None.

    The question must name exactly one source and frame it as the one who says or
    thinks something. A question that names two sources, names one beside something
    else ("the X article and the Y analysis"), or asks two things at once may want more
    than that source's passages, so it is asked of all of them. A forum role counts
    as a source only where it is framed so.
    """
    text = question.replace("’", "'")
    if is_compound(text):
        return None
    named = _mentions(text, catalogue)
    roles = _role_mentions(text, catalogue, named)
    framed = [
        (mention, asked)
        for mention in named + roles
        if not _coordinated(text, mention)
        and (asked := _without_framing(text, mention)) is not None
    ]
    sources = {mention.restriction for mention in named}
    sources |= {mention.restriction for mention, _ in framed}
    if len(sources) != 1 or not framed:
        return None
    mention, asked = framed[0]
    if mention.restriction.role == "post":
        asked = _tidy(_THREAD_SETTING.sub(" ", asked))
    return Viewpoint(mention.restriction, asked)


# Between two sources a question asks of alike: "X and Y", "X's analysis or the Y article".
_JOINED = re.compile(
    rf"^(?:'s)?(?:\s+[\w-]+){{0,2}}?(?:\s+(?:{_DOC}))?\s*(?:,\s*)?"
    r"(?:and|or|vs\.?|versus|&|,)\s+(?:the\s+|an?\s+)?$",
    _I,
)


def viewpoints_of_each(question: str, catalogue: SourceCatalogue) -> list[Viewpoint]:
    """One viewpoint per source for "What do X and Y say about …?", else none.

    The question must name two or more sources of the corpus side by side, joined by
    "and", "or" or "vs", and frame them as the ones saying: asked of each alone, it is
    then a viewpoint question of that source.
    """
    text = question.replace("’", "'")
    if is_compound(text):
        return []
    named = sorted(_mentions(text, catalogue), key=lambda mention: mention.start)
    if len({mention.restriction for mention in named}) < 2:
        return []
    if not all(
        _JOINED.match(text[first.end : second.start])
        for first, second in zip(named, named[1:], strict=False)
    ):
        return []
    before, after = text[: named[0].start], text[named[-1].end :]
    viewpoints = []
    for mention in named:
        alone = before + text[mention.start : mention.end] + after
        viewpoint = find_viewpoint(
            re.sub(r"\b(what|how|why) do\b", r"\1 does", alone, count=1, flags=_I), catalogue
        )
        if viewpoint is None or viewpoint.restriction != mention.restriction:
            return []
        viewpoints.append(viewpoint)
    return viewpoints


def names_a_source(question: str, catalogue: SourceCatalogue) -> bool:
    """Does the question name a source of the corpus or a forum role, framed or not?"""
    text = question.replace("’", "'")
    named = _mentions(text, catalogue)
    return bool(named or _role_mentions(text, catalogue, named))


def _coordinated(text: str, mention: _Mention) -> bool:
    """The source is one of two or more joined by "and", "or" or "vs"."""
    before = text[: mention.start].rstrip().lower()
    after = text[mention.end :].lstrip().lower()
    joiners = ("and", "or", "vs", "vs.", "versus", "&")
    # "the X article and …": what follows the source's own noun counts too.
    after = re.sub(rf"^(?:{_DOC})\b\s*", "", after, flags=_I)
    return before.endswith(tuple(f" {word}" for word in joiners)) or after.startswith(
        tuple(f"{word} " for word in joiners)
    )


def _mentions(text: str, catalogue: SourceCatalogue) -> list[_Mention]:
    """Where the question names a source (longest names first, never overlapping)."""
    taken: list[tuple[int, int]] = []
    found = []
    for alias, restriction in _aliases(catalogue):
        pattern = rf"(?<![\w'-])(?:the\s+)?{alias}(?:'s)?(?!['\w-])"
        for match in re.finditer(pattern, text, _I):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            taken.append((match.start(), match.end()))
            found.append(_Mention(restriction, match.start(), match.end()))
    return found


def _role_mentions(text: str, catalogue: SourceCatalogue, named: list[_Mention]) -> list[_Mention]:
    """Where the question names a forum role the corpus has posts for (outside any name)."""
    taken = [(mention.start, mention.end) for mention in named]
    found = []
    for role in _FORUM_ROLES:
        restriction = catalogue.forum_posts(role.name, role.posts)
        if restriction is None:
            continue
        for match in role.phrase.finditer(text):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            taken.append((match.start(), match.end()))
            found.append(_Mention(restriction, match.start(), match.end()))
    return sorted(found, key=lambda mention: mention.start)


def _aliases(catalogue: SourceCatalogue) -> list[tuple[str, SourceRestriction]]:
    """Each source's name as compared, and a person's surname when no one else has it."""
    aliases = []
    surnames: dict[str, list[SourceRestriction]] = {}
    for restriction in catalogue.restrictions():
        key = name_key(restriction.name)
        aliases.append((r"\s+".join(re.escape(word) for word in key.split()), restriction))
        words = key.split()
        if restriction.role != "outlet" and len(words) > 1 and len(words[-1]) >= 4:
            surnames.setdefault(words[-1], []).append(restriction)
    for surname, owners in surnames.items():
        if len({owner.name for owner in owners}) == 1 and surname not in STOPWORDS:
            aliases.append((re.escape(surname), owners[0]))
    return sorted(aliases, key=lambda item: len(item[0]), reverse=True)


def _without_framing(text: str, mention: _Mention) -> str | None:
    """The question with the source's framing taken out, or None if it is not framed so."""
    possessive = text[mention.end - 2 : mention.end].lower() == "'s"
    marked = text[: mention.start] + _SRC + ("'s" if possessive else "") + text[mention.end :]
    for attribution in _ATTRIBUTIONS:
        match = attribution.search(marked)
        if match:
            return _tidy(marked[: match.start()] + " " + marked[match.end() :])
    match = _PASSIVE.search(marked)
    if match:
        return _tidy(marked[: match.start()] + match.group(1) + marked[match.end() :])
    match = _SAID_IN.search(marked)
    if match:
        return _tidy(marked[: match.start(1)] + marked[match.end(1) :])
    match = _SUBJECT.search(marked)
    if match:
        before, after = marked[: match.start()], marked[match.start() + 1 :]
        if match.group("doc"):  # "did an earlier X article argue": the whole subject goes
            before = _DETERMINED.sub("", before)
            after = after.removeprefix("'s")[len(match.group("doc")) :]
        return _tidy(before + _SUBJECT_WORD + after)
    match = _HELD_VIEW.search(marked)
    if match:
        return _tidy(marked.replace(_SRC, _SUBJECT_WORD))
    return None


def _tidy(text: str) -> str:
    """Spaces and punctuation set right after a phrase was cut out; capitalised."""
    text = re.sub(r"\s+", " ", text).strip(" ,")
    text = re.sub(r"\s+([?.!,])", r"\1", text)
    text = re.sub(r"\b(the|an?) (the|an?)\b", r"\2", text, flags=re.I)
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class SourceScope:
    """Which passages a question is answered from, and the question as searched there.

    ``restriction`` None means the whole corpus; ``asked`` is the question without the
    words that name the source (or a leading label such as "Unrelated:").
    """

    asked: str
    restriction: SourceRestriction | None = None

    def finish(self, answer: Answer) -> Answer:
        """The answer marked with its source; a refusal names that source.

        The words naming the source, or a label, were left out of the search only because
        no passage repeats them: the question the user typed is reported as searched.
        """
        update: dict[str, object] = {}
        if answer.searched_query == self.asked != answer.question:
            update["searched_query"] = answer.question
        if self.restriction is not None:
            update["restricted_to"] = self.restriction.name
            if answer.abstained and ABSTAIN_TEXT in answer.text:
                refusal = source_refusal(self.restriction)
                update["text"] = answer.text.replace(ABSTAIN_TEXT, refusal, 1)
        return answer.model_copy(update=update) if update else answer


_DID: dict[SourceRole, str] = {"outlet": "published", "author": "wrote", "poster": "posted"}
_ROLE_SEARCHED = {role.name: role.searched for role in _FORUM_ROLES}


def searched_in(restriction: SourceRestriction) -> str:
    """What a restricted search reads: "what X published", "the forum thread's opening post"."""
    if restriction.role == "post":
        return _ROLE_SEARCHED.get(restriction.name, restriction.name)
    return f"what {restriction.name} {_DID[restriction.role]}"


def source_refusal(restriction: SourceRestriction) -> str:
    """The abstention, said of one source: "… don't cover this in what X published, …".

    It starts as every abstention does, so a follow-up knows it carries no topic.
    """
    searched = searched_in(restriction)
    refusal = ABSTAIN_TEXT.replace("cover this", f"cover this in {searched}", 1)
    if refusal == ABSTAIN_TEXT:  # worded otherwise: say which source was searched
        refusal += f" Only {searched} was searched."
    return refusal


def source_scope(
    question: str,
    catalogue: SourceCatalogue,
    outlet: str | None,
    earlier: SourceRestriction | None = None,
) -> SourceScope:
    """The scope of a question: the outlet asked for, the source it asks about, or all.

    ``earlier`` is the source of the question a follow-up refers back to ("What else
    did that poster say?"): kept unless the follow-up names a source of its own.

    Raises:
        UnknownOutletError: ``outlet`` names no outlet of the indexed articles.
    """
    viewpoint = find_viewpoint(question, catalogue)
    if outlet is not None and outlet.strip():
        restriction = catalogue.outlet(outlet)
        if viewpoint is not None and viewpoint.restriction == restriction:
            return SourceScope(viewpoint.asked, restriction)
        return SourceScope(question, restriction)
    if viewpoint is not None:
        return SourceScope(viewpoint.asked, viewpoint.restriction)
    if earlier is not None and not names_a_source(question, catalogue):
        return SourceScope(question, earlier)
    return SourceScope(question)
