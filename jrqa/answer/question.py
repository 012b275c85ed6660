"""What a question asks for: the names and numbers it is about, and the kind of answer.

A passage can share most of a question's words and still not answer it: "When was the
Treaty of Portsmouth signed?" is close in meaning to any sentence about a treaty signing.
Two checks catch that without a language model:

- **anchors**: the names and numbers the question is about must be mentioned in the
  retrieved passages (or their articles' title, outlet or byline);
- **answer type**: a question asking "how many" needs a number that the question itself
  does not already contain; "when" needs a date; "who" needs a name.

These are the classic answer-type constraints of extractive question answering; they
look only at the question's grammar, never at particular questions.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from jrqa.answer.rank import asked_rank, ranks_named
from jrqa.text.terms import STEMMED_STOPWORDS, STOPWORDS, content_terms, tokenize

AnswerType = Literal["quantity", "date", "day", "person", "place", "named", "any"]
# What an amount is counted in, when the question says: a share, or money.
Unit = Literal["percent", "money"]

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
_PERCENTAGE = re.compile(
    r"\d[\d,.]*\s*(?:%|percent\b|per cent\b|percentage points?\b)|"
    r"\b(?:half|a third|two thirds|a quarter|three quarters)\b",
    re.I,
)
_MONEY = re.compile(
    r"[$¥€£]\s?\d[\d,.]*(?:\s*(?:million|billion|trillion))?|"
    r"\d[\d,.]*(?:\s*(?:million|billion|trillion))?\s*(?:dollars|yen|rubles|roubles|euros)\b",
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
# A place named after a locative preposition or a verb of going: "in Milan", "at the
# Kremlin", "in the volatile Horn of Africa", "to Sochi", "visit St. Petersburg".
_LOCATIVE = re.compile(
    r"\b(?:in|at|near|off|from|to|visit|visits|visited|visiting)\s+(?:the\s+)?(?:[a-z]+\s+)?"
    r"([A-Z][\w’'.-]*(?:\s+(?:of\s+)?[A-Z][\w’'.-]*)*)"
)
# Kinds of thing whose instances go by proper names: "Which banks …" is answered by the
# banks' names, not by a sentence about banks. The question proper may follow a phrase
# setting it apart ("Besides X, which …").
_NAMED_PEOPLE = "leaders?|ministers?|officials?|presidents?|politicians?|ambassadors?|commanders?"
_NAMED_KINDS = (
    "banks?|ships?|warships?|vessels?|fleets?|compan(?:y|ies)|firms?|airlines?|agenc(?:y|ies)|"
    "newspapers?|part(?:y|ies)|conferences?|summits?|islands?|cit(?:y|ies)|countr(?:y|ies)|"
    "nations?|regions?|bases?|organi[sz]ations?|"
    f"{_NAMED_PEOPLE}"
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
_CAPITALISED_NAME = re.compile(r"\b[A-Z][\w’'.-]*(?:\s+(?:of\s+|the\s+)?[A-Z][\w’'.-]*)*")
# Nationality adjectives name no instance: "Chinese ships" says which country's ships.
_DEMONYMS = frozenset(
    """japanese russian soviet american chinese korean ukrainian european western eastern
    asian british french german indian iranian norwegian""".split()
)
_NAMED_REACH = 6
_PLACE_KINDS = frozenset("country nation region city island".split())
_PERSON_KINDS = re.compile(_NAMED_PEOPLE)
# Offices a name is written with as its title ("Trade Minister X", "Mayor X").
_OFFICES = (
    "ministers?|presidents?|premiers?|ambassadors?|envoys?|chancellors?|governors?|mayors?|"
    "spokes(?:man|men|woman|women|person|people)"
)
_PERSON_ROLES = (
    f"{_OFFICES}|leaders?|officials?|diplomats?|correspondents?|journalists?|reporters?|"
    "authors?|writers?|analysts?|politicians?|emperors?"
)
# The office a person is asked for by: "Who was <X's> trade minister …". Group 1 is the
# words up to and including the office's noun.
_ASKED_ROLE = re.compile(
    rf"^\s*who\s+(?:is|was|are|were|has\s+been|had\s+been)\s+"
    rf"((?:[\w’'-]+\s+){{0,3}}?(?:{_PERSON_ROLES}))\b",
    re.I,
)
# "Which Japanese prime minister …": an office a person is asked for by, as a kind. A
# standing that is no office ("leader", "official") is seldom written as a name's title.
_WHICH_ROLE = re.compile(rf"{_WHICH}((?:[\w’'-]+\s+){{0,3}}?(?:{_OFFICES}))\b", re.I)
# How far (in words) from a name its title or apposition may stand: "Trade Minister
# Ivan Petrov", "Ivan Petrov, the country's trade minister".
_ROLE_REACH = 4

_WORD = re.compile(r"[\w’'-]+")
_NUMBER = re.compile(r"\d[\d,.]*\d|\d")
# "one" is left out: in news prose it is mostly a determiner or pronoun ("one area in
# which", "one of the"), not an amount; a count of one written as a digit still counts.
_NUMBER_WORDS = frozenset(
    "two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy "
    "eighty ninety hundred thousand million billion trillion dozen half twice".split()
)
_MONTHS = frozenset(
    "january february march april may june july august september october november december"
    .split()
)  # fmt: skip
_YEAR = re.compile(r"\b(1[6-9]\d\d|20\d\d)s?\b")
_SENTENCE_BREAK = re.compile(r"[.!?:;]\s+")
# Where one clause of a sentence ends: a dash, a comma, a semicolon or a coordinating word.
_CLAUSE_BREAK = re.compile(r"\s[–—-]\s|[,;]\s|\s(?:and|but|while|whereas)\s")
# Words capitalised in questions for emphasis or by convention, not because they name
# something the articles must mention.
_NOT_NAMES = frozenset("i ok please system user assistant answer question".split())
# Ordinals capitalised inside a name ("Second World War") are written other ways too
# ("World War II"); the rest of the name is enough to look for.
_ORDINALS = frozenset("first second third fourth fifth sixth seventh eighth ninth tenth".split())
# Capitals and seats of government, and the words for the countries they stand for.
_COUNTRY_OF_SEAT = {
    seat: frozenset(country.split())
    for seat, country in {
        "tokyo": "japan japanese",
        "moscow": "russia russian russians",
        "kremlin": "russia russian russians moscow",
        "washington": "america american americans united",
        "beijing": "china chinese",
        "seoul": "korea korean",
        "pyongyang": "korea korean",
        "kyiv": "ukraine ukrainian",
        "kiev": "ukraine ukrainian",
    }.items()
}

# Each state's seat, name and nationality words ("tokyo", "japan", "japanese").
_STATE_GROUPS = tuple(seats | {seat} for seat, seats in _COUNTRY_OF_SEAT.items())
# An office named with one of these before it was held at another time.
_PAST_HOLDER = frozenset("former ex late previous outgoing".split())

# The countries and their seats by name, as a setting rather than an instance of a kind.
_COUNTRY_WORDS = (
    frozenset(_COUNTRY_OF_SEAT)
    | frozenset(word for words in _COUNTRY_OF_SEAT.values() for word in words)
    | frozenset("us u.s. usa eu un uk".split())
)
# The countries themselves, not their seats: no answer to "which city".
_COUNTRIES = _COUNTRY_WORDS - frozenset(_COUNTRY_OF_SEAT)
_CITY_KINDS = frozenset({"city", "town"})
# The last word of a state's name ("the Soviet Union", "the Russian Federation").
_STATE_HEADS = frozenset("union federation republic kingdom states empire".split())
# "Which countries …" is not answered by "the West" or "Europe": regions, not states.
_STATE_KINDS = frozenset({"country", "nation"})
_WIDER_REGIONS = frozenset(
    """west east north south europe asia africa america americas oceania pacific atlantic
    arctic eurasia""".split()
)
# "Which city", "which Japanese city", "what town".
_OUTLET_ASKED = re.compile(
    r"\b(?:which|what)\s+(?:[\w-]+\s+){0,2}?(?:newspapers?|news\s+agenc(?:y|ies)|agenc(?:y|ies)|"
    r"publications?|outlets?|papers?)\b",
    re.I,
)
_CITY_ASKED = re.compile(r"\b(?:which|what)\s+(?:[\w-]+\s+)?(?:city|town|capital)\b", re.I)
# Any word naming a state or its people: in an office's title, it says whose office it is.
_STATE_WORDS = _COUNTRY_WORDS | _DEMONYMS


@dataclass(frozen=True)
class QuestionNeeds:
    """What any answer to the question has to contain."""

    anchors: tuple[str, ...]
    answer_type: AnswerType
    question_words: frozenset[str]
    compound: bool = False  # asks two things; no single sentence has to hold both
    # For a person asked for by office ("Who was the trade minister …"): the office's
    # words, stemmed; a name answers only when they stand next to it.
    role: tuple[str, ...] = ()
    unit: Unit | None = None  # an amount asked for as a share or as money
    # "What share of the exports were cars?": the stemmed words of the part (cars) whose
    # share is asked; a share in a clause about another part answers nothing.
    part: tuple[str, ...] = ()
    # "What share of Japan's gas …": the whole's head noun, stemmed; a share in a sentence
    # that never names it is a share of something else.
    whole: str | None = None
    # "How many troops …": the thing counted, its head noun stemmed; an amount counting
    # something else ("the two nations") answers nothing about it.
    counted: tuple[str, ...] = ()
    # "How much economic assistance …": the words of what the amount measures, stemmed; a
    # clause giving an amount answers only if it names one of them.
    measured: tuple[str, ...] = ()
    # "Russia's exports to Japan": who sends, the flow (stemmed) and who receives; a
    # clause about the flow the other way ("Japan's exports to Russia") is another flow.
    flow: tuple[str, str, str] | None = None
    # "What did <name> say …": the name of the one whose words are asked for.
    speaker: str | None = None
    # "What did Sergei Shoigu say about the Kurils?": the names besides the speaker's.
    topic: tuple[str, ...] = ()
    # Anchors that are part of a longer name ("Tokyo" of "the Tokyo Declaration").
    in_longer_names: frozenset[str] = frozenset()
    # For "Which banks …": the kind asked for, singular; its instances go by names.
    kind: str | None = None
    # For a date, amount or person: the names of the event that fixes when it is asked of
    # ("… when the Tokyo Declaration was signed", "… while Suga was prime minister").
    qualifiers: tuple[str, ...] = ()
    # For an office asked for ("Japan's foreign minister"): its state's seat, name and
    # nationality words; a title naming another state is another office.
    office_state: frozenset[str] = frozenset()
    # In a follow-up, the words of the names the earlier questions it leans on gave.
    referred: frozenset[str] = frozenset()
    # "The first meeting", "which lasted longest": each rank asked of, as the words saying it.
    rank: tuple[frozenset[str], ...] = ()
    # "How did Moscow respond …": the names of the one whose response is asked for.
    responder: frozenset[str] = frozenset()
    # "Which specific sanctions …": the things whose members are asked for, stemmed.
    members: str | None = None
    # "The Soviet-Japanese Neutrality Pact": documents and events the question names, each
    # as the words telling it from others of its kind, with its kind ("neutrality", "pact").
    documents: tuple[tuple[str, ...], ...] = ()
    # "Which city …": a country is no answer.
    asks_city: bool = False
    # "Which newspaper reported …": an outlet, which a news link's title names.
    asks_outlet: bool = False
    # "… in Beijing": the places the question sets what it asks for in.
    places: tuple[str, ...] = ()
    # "Who said …?": the one asked for is a speaker, who news names by surname alone.
    asks_speaker: bool = False
    # "Did they expel any diplomats?": the kind a yes-or-no question asks if there were any
    # of, stemmed.
    any_of: str | None = None
    # "How many of the 20 meetings …": the amounts (no years, no days of a month) it gives.
    amounts: tuple[str, ...] = ()
    # "Did Norway join …?": the one a yes-or-no question asks of, as the question names it.
    subject: str | None = None
    # "Besides A, which other …": the content words of the thing set aside (A), stemmed.
    set_aside: tuple[str, ...] = ()

    def also_given(self, names: Sequence[str]) -> QuestionNeeds:
        """These needs, with ``names`` (an earlier question's) given for what is asked.

        A follow-up's pronoun stands for a name an earlier question gave: that person is
        not the one it asks for ("Which minister did he meet?"); nor is a year it gave the
        date asked for.
        """
        if not names:
            return self
        referred = {word.lower() for name in names for word in split_words(name)}
        return dataclasses.replace(self, referred=self.referred | referred)

    def has_answer_type(self, sentence: str) -> bool:
        """Does the sentence hold something new of the kind the question asks for?"""
        return self.answer_type == "any" or bool(self.answer_values(sentence))

    def answer_values(self, sentence: str) -> list[str]:
        """The amounts, dates or names of the asked kind that the question does not give."""
        if self.answer_type == "quantity":
            if self.whole is not None and self.whole not in tokenize(sentence):
                return []
            return [
                token
                for clause in self._clauses_about_part(sentence)
                if not self.measured or set(self.measured).intersection(tokenize(clause))
                for token in quantities(" ".join(self._in_unit(self._counting_asked(clause))))
                if token not in self.question_words
            ]
        if self.answer_type == "day":
            # "What date" asks for a day of the month; "what day" is answered by either.
            weekdays = "date" not in self.question_words
            if not self.question_words & _SAYING:
                # "… Shoigu said Saturday": the day the words were said, not of the event.
                sentence = _DAY_SAID.sub(" ", sentence)
            return [
                day
                for day in days(sentence)
                if day not in self.question_words and (weekdays or day not in _WEEKDAYS)
            ]
        if self.answer_type == "date":
            return [
                token
                for clause in self._clauses_in_places_asked([sentence])
                for token in dates(clause)
                if token not in self.question_words and token not in self.referred
            ]
        if self.answer_type == "place":
            return [
                place
                for part in self._parts_naming_anchors(sentence)
                for place in self._other_places(part)
                if not (self.asks_city and place.lower() in _COUNTRIES)
            ]
        if self.answer_type == "named":
            return self._named_instances(sentence)
        if self.answer_type == "person":
            # "Russian" is given by a question about "Russia": one edit away counts as given.
            clauses = self._clauses_in_years_asked(sentence)
            people = [
                name
                for clause in clauses
                for name in person_names(clause)
                if not self._gives(name)
                and not self._referred_to(name)
                and self._holds_role(name, sentence)
                and self._of_office_state(name, *_around(name, sentence))
            ]
            if not people and self.asks_speaker and not self.role:
                people = [
                    name
                    for clause in clauses
                    for name in _speakers(clause)
                    if not self._gives(name) and not self._referred_to(name)
                ]
            return people or ([] if self.role else self._states_acting(clauses))
        return []

    def _states_acting(self, clauses: Sequence[str]) -> list[str]:
        """Countries or their capitals the question does not name, as the ones who act.

        News writes states as actors ("Beijing and Pyongyang are increasing their
        dialogue"): they answer "who" when no office is asked for.
        """
        # The question's words, and the countries its capitals stand for.
        given = set(self.question_words).union(
            *(_COUNTRY_OF_SEAT.get(word, ()) for word in self.question_words)
        )
        # A country inside a longer name ("the Sea of Japan") is no actor.
        return [
            word
            for clause in clauses
            for word in (match.group(0) for match in _CAPITALISED_NAME.finditer(clause))
            if word.lower() in _COUNTRY_WORDS
            and word.lower() not in _DEMONYMS
            and word.lower() not in given
            and not _COUNTRY_OF_SEAT.get(word.lower(), frozenset()) & given
        ]

    def _named_instances(self, sentence: str) -> list[str]:
        """Names the question does not give, next to the kind it asks for (or anywhere)."""
        if self.kind is not None and _PERSON_KINDS.fullmatch(self.kind):
            # A person the question names by surname ("besides Lavrov") is given.
            return [
                name
                for clause in self._clauses_in_years_asked(sentence)
                for name in person_names(clause)
                if not _mentioned(name.split()[-1].lower(), set(self.question_words))
                and not self._referred_to(name)
                and self._holds_role(name, sentence)
                and self._of_office_state(name, *_around(name, sentence))
            ]
        sentence = " … ".join(self._clauses_in_years_asked(sentence))
        words = split_words(sentence)
        at = [i for i, word in enumerate(words) if _singular(word.lower()) == self.kind]
        settings = {place.rstrip(".") for place in _LOCATIVE.findall(sentence)}
        found = []
        for name, start in _capitalised_names(sentence):
            parts = name.split()
            if len(parts) == 1 and name.lower() in _DEMONYMS:
                continue
            if self._gives(name) or (len(parts) > 1 and self._names_part_of(name)):
                continue
            if self.kind in _CITY_KINDS and (
                name.lower() in _COUNTRIES or parts[-1].lower() in _STATE_HEADS
            ):
                continue
            if self.kind in _STATE_KINDS and name.lower() in _WIDER_REGIONS:
                continue
            index = len(split_words(sentence[:start]))
            if at and not any(abs(index - i) <= _NAMED_REACH + len(parts) for i in at):
                continue
            # Without the kind's word, a country's name or a place gone to is the setting
            # ("Japan did sanction Russia", "plans to visit Sochi"), not one of the banks
            # or conferences asked for.
            if (
                not at
                and self.kind not in _PLACE_KINDS
                and (
                    name.lower() in _COUNTRY_WORDS
                    or name in settings
                    or (len(parts) == 1 and not _ABBREVIATION.fullmatch(name))
                )
            ):
                continue
            found.append(name)
        return found

    def _names_part_of(self, name: str) -> bool:
        """Does the question name a word of ``name`` ("Petrov" of "Minister Ivan Petrov")?

        Then the name is the one the question is about, not another of the kind asked for.
        A state's name is no part of another's name ("Russian Defense Minister X").
        """
        names = {anchor.lower() for anchor in self.anchors} - _STATE_WORDS
        return any(_mentioned(part.lower(), names) for part in split_words(name))

    def _referred_to(self, name: str) -> bool:
        """Is ``name`` (by its surname) one an earlier question of the conversation gave?"""
        return _mentioned(name.split()[-1].lower(), set(self.referred))

    def _gives(self, name: str) -> bool:
        """Does the question give every word of ``name`` (one edit away counts)?"""
        words = set(self.question_words)
        return all(_mentioned(part.lower(), words) for part in name.split())

    def _holds_role(self, name: str, sentence: str) -> bool:
        """Is ``name`` given the asked office ("Trade Minister X", "X, the trade minister")?

        A name with another office ("Finance Minister X" for a question about the trade
        minister) answers a different question.
        """
        if not self.role:
            return True
        at = sentence.find(name)
        before = split_words(sentence[:at])[-_ROLE_REACH:]
        after = split_words(sentence[at + len(name) :])[:_ROLE_REACH]
        near = set(tokenize(" ".join([*before, name, *after])))
        # One letter apart still counts: a "labour" minister is the "Labor Minister".
        return all(_mentioned(term, near) for term in self.role)

    def held_before(self, name: str, sentence: str) -> bool:
        """Does ``sentence`` mark ``name``'s office as held at another time ("former")?"""
        # "the former Foreign Minister of Japan, X": the office's words may stand between.
        earlier = split_words(sentence[: sentence.find(name)])[-(_ROLE_REACH + 2) :]
        return bool(_PAST_HOLDER & {word.lower() for word in earlier})

    def _of_office_state(self, name: str, before: Sequence[str], after: Sequence[str]) -> bool:
        """Is no other state than the asked office's named in ``name``'s title?

        The title is the words next to the name that are its state's or its office's:
        "Russia's foreign minister X", "X, the foreign minister of Japan". A state
        named further off ("… their Japanese counterparts, Defense Minister X") is not in it.
        """
        if not self.office_state:
            return True
        # A run of capitalised words may take the title in: "Russian Foreign Minister X".
        title = [word.lower() for word in split_words(name)]
        for word in reversed(before):
            if word not in _STATE_WORDS and not self._titles(word):
                break
            title.append(word)
        for index, word in enumerate(after):
            if word == "of" and index + 1 < len(after):
                title.append(after[index + 1])
                break
            if not self._titles(word):
                break
        return {word for word in title if word in _STATE_WORDS} <= self.office_state

    def _titles(self, word: str) -> bool:
        """Is ``word`` part of a title of the asked office ("the", "defense", "minister")?"""
        return word in _TITLE_FILLERS or any(term in self.role for term in tokenize(word))

    def _clauses_about_part(self, sentence: str) -> list[str]:
        """The clauses in the years asked, and of those about the part asked the share of.

        "Minerals were 60 percent of exports, and cars 80 percent": 60 is the minerals'
        share, so it answers nothing about cars, nor about machinery. A clause about the
        asked flow going the other way is left out too.
        """
        clauses = self._clauses_in_years_asked(sentence)
        if self.flow is not None:
            clauses = [
                part
                for clause in clauses
                for part in _CLAUSE_BREAK.split(clause)
                if not self._reversed(part)
            ]
        if not self.part:
            return clauses
        return [
            part
            for clause in clauses
            for part in _CLAUSE_BREAK.split(clause)
            if set(self.part) & set(tokenize(part))
        ]

    def _reversed(self, clause: str) -> bool:
        """Does ``clause`` speak of the asked flow going the other way, and not the asked way?"""
        if self.flow is None:
            return False
        flows = {
            (source.lower(), tokenize(noun)[0], target.lower())
            for source, noun, target in _flows(clause)
        }
        source, noun, target = self.flow
        return (target, noun, source) in flows and self.flow not in flows

    def _counting_asked(self, text: str) -> str:
        """``text`` without the amounts that count some other plural thing than the asked."""
        counted = self.counted
        if not counted:
            return text

        def other(match: re.Match[str]) -> str:
            noun = match.group(2).lower()
            stem = tokenize(noun)[0]
            same = stem in (*counted, *_ANY_COUNT) or noun.endswith(counted)
            return match.group(0) if same else " "

        return _COUNT_OF.sub(other, text)

    def _in_unit(self, text: str) -> list[str]:
        """The amounts in ``text`` counted in the asked unit (all of it when none is asked)."""
        if self.unit == "percent":
            return _PERCENTAGE.findall(text)
        if self.unit == "money":
            return _MONEY.findall(text)
        return [text]

    def _clauses_in_years_asked(self, sentence: str) -> list[str]:
        """The clauses of ``sentence`` whose values may belong to the years asked about.

        "The catch reached $3 billion in 2015, a rise on 2014, and was expected to grow in
        2016": the amount is 2015's, so it answers nothing about 2016. A clause naming a
        year the question does not ask about is left out, and so is a clause naming no
        year when every year the sentence names is another one. Without years asked, the
        whole sentence is one clause. Of those, the parts of the place asked are kept
        (``_clauses_in_places_asked``).
        """
        asked = {anchor for anchor in self.anchors if _YEAR.fullmatch(anchor)}
        if not asked or self.compound:
            return self._clauses_in_places_asked([sentence])
        clauses = [(clause, set(_YEAR.findall(clause))) for clause in _CLAUSE_BREAK.split(sentence)]
        named = set().union(*(years for _, years in clauses))
        return self._clauses_in_places_asked(
            [
                clause
                for clause, years in clauses
                if years & asked or (not years and (not named or named & asked))
            ]
        )

    def _clauses_in_places_asked(self, clauses: list[str]) -> list[str]:
        """Of ``clauses``, the parts whose values may belong to the place asked about.

        "They met for ten minutes in Milan and held talks in Beijing": the ten minutes are
        Milan's, so they answer nothing about Beijing. A part naming another place is left
        out when some part names the asked one; otherwise the clauses are kept whole.
        """
        if not self.places or self.compound:
            return clauses
        parts = [part for clause in clauses for part in _CLAUSE_BREAK.split(clause)]
        at_asked = [self._at_place_asked(part) for part in parts]
        if not any(at_asked):
            return clauses
        return [
            part
            for part, asked in zip(parts, at_asked, strict=True)
            if asked or not self._other_places(part)
        ]

    def _parts_naming_anchors(self, sentence: str) -> list[str]:
        """The parts of ``sentence`` naming one of the question's names, if any does.

        "At the G7 summit, Kishida spoke – a position at odds with wars in the Balkans":
        the Balkans are an aside's, not where the summit was held.
        """
        parts = _CLAUSE_BREAK.split(sentence)
        named = [
            part for part in parts if len(self._unmentioned(self.anchors, part)) < len(self.anchors)
        ]
        return named or [sentence]

    def _at_place_asked(self, text: str) -> bool:
        words = {word.lower() for word in split_words(text)}
        return any(_mentioned(place.lower(), words) for place in self.places)

    def _other_places(self, text: str) -> list[str]:
        """The places ``text`` names that the question does not."""
        return [place for place in _locatives(text) if not self._gives(place)]

    def speaker_speaks(self, context: str, authors: str = "") -> bool:
        """True unless the question asks what someone said and ``context`` never has them say it.

        "What did X say about Y?" is not answered by a sentence in which X only signs, meets
        or is mentioned: X must be the one saying ("X said", "said X", "according to X").
        The article's ``authors`` (its outlet, writers or poster) say all of its text.
        """
        if self.speaker is None or self.compound:
            return True
        if _mentioned(self.speaker.lower(), {word.lower() for word in split_words(authors)}):
            return True
        words = [word.lower() for word in split_words(context)]
        speaker = self.speaker.lower()
        named = [index for index, word in enumerate(words) if _mentioned(speaker, {word})]
        for index in named:
            before = words[max(0, index - 2) : index]
            # Far enough for an apposition: "X, the foreign minister of Japan, stated".
            after = words[index + 1 : index + 1 + _SPEAKER_REACH]
            if _REPORTED.intersection(after) or _REPORTED_BEFORE.intersection(before):
                return True
        return False

    def names_topic(self, window: str) -> bool:
        """True unless the question names something besides its speaker and ``window`` none of it.

        "What did X say about the Kuril Islands?" is not answered by X speaking of missile
        defence: some name of what X is asked about must come up where X speaks.
        """
        if self.speaker is None or self.compound or not self.topic:
            return True
        return len(self._unmentioned(self.topic, window)) < len(self.topic)

    def in_time_asked(self, window: str) -> bool:
        """True unless ``window`` never names the event that fixes the time asked of.

        "Who was the foreign minister when the treaty was signed?" is not answered by a
        sentence naming a foreign minister at some other event: the value holds only at
        the time of the named one.
        """
        if not self.qualifiers or self.compound:
            return True
        return not self._unmentioned(self.qualifiers, window)

    def in_years_asked(self, window: str) -> bool:
        """True unless the question names years and ``window`` mentions none of them.

        A question about a figure "in 1990" is not answered by a sentence giving that
        figure for another year; the year may sit in a neighbouring sentence ("the 1993 Tokyo
        Declaration ... This suggested ..."), so a window of sentences is checked.
        """
        if self.compound:
            return True
        years = [anchor for anchor in self.anchors if _YEAR.fullmatch(anchor)]
        return not years or any(year in dates(window) for year in years)

    def in_numbers_asked(self, window: str) -> bool:
        """True unless a question asking for an amount gives a number ``window`` lacks.

        "How many of the 20 meetings were held in Moscow?" asks of the 20: a count of
        meetings in another stretch of years, where the 20 never come up, is of others.
        """
        if self.answer_type != "quantity" or self.compound:
            return True
        if not self.amounts:
            return True
        found = quantities(window)
        return all(number in found for number in self.amounts)

    def from_responder(self, sentence: str) -> bool:
        """True unless the question asks how someone responded and ``sentence`` is not theirs.

        "How did Moscow respond to the protest?" is not answered by the protest itself,
        where neither Moscow nor Russia comes up, nor by "Tokyo responded …": the responder
        must be named (not only as an owner or inside the name of a thing), and be the one
        a verb of responding in the sentence has before it.
        """
        if not self.responder:
            return True
        words = split_words(sentence)
        if not self._responder_named(split_words(_POSSESSIVE.sub(r"\1 _s", sentence))):
            return False
        for index, word in enumerate(words):
            if word.lower() in _RESPONDING:
                before = {w.lower() for w in words[max(0, index - 3) : index] if w[:1].isupper()}
                if before and not before & self.responder:
                    return False
        return True

    def _responder_named(self, words: Sequence[str]) -> bool:
        """Is the responder named as one who could respond, not as an owner or in a name?

        ``words`` mark a possessive ending apart ("Kishida _s visit"): "Kishida's visit
        was postponed" tells of his visit, not of him responding, and "the Tokyo
        Declaration" or "Modern Tokyo Times" is a thing named after Tokyo.
        """
        lowered = [word.lower() for word in words]
        for index, word in enumerate(lowered):
            if word not in self.responder or lowered[index + 1 : index + 2] == ["_s"]:
                continue
            name = list(itertools.takewhile(lambda w: w[:1].isupper(), words[index + 1 :]))
            if not (name and name[-1].lower() in _NOT_PERSON_HEADS):
                return True
        return False

    def names_documents(self, window: str) -> bool:
        """True unless ``window`` never names a document or event the question names.

        "When was the Neutrality Pact signed?" is not answered by a date of signing the
        Tokyo Declaration, though the passage names the pact elsewhere.
        """
        if self.compound or not self.documents:
            return True
        words = {word.lower() for word in split_words(window)}
        return all(all(_mentioned(word, words) for word in document) for document in self.documents)

    def lists_members(self, sentence: str, window: str) -> bool:
        """True unless the question asks which specific things and ``sentence`` lists none.

        "Which specific sanctions …" is not answered by a sentence saying sanctions were
        imposed: it must list some right after naming them ("sanctions such as …",
        "sanctions on A, B and C", "… including …").
        """
        if self.members is None:
            return True
        if self.members not in tokenize(window):
            return False
        words = sentence.split()
        return any(
            _ENUMERATION.search(" ".join(words[index : index + _MEMBERS_REACH]))
            for index, word in enumerate(words)
            if tokenize(word)[:1] == [self.members]
        )

    def names_more_than_set_aside(self, sentence: str) -> bool:
        """True unless the question sets a thing aside and ``sentence`` gives it as the one example.

        "Besides A, which other projects …" asks for what is not A: "five projects,
        including A, …" names the set by A alone, and so answers nothing of it.
        """
        if not self.set_aside:
            return True
        for match in _EXAMPLE.finditer(sentence):
            example = match["example"]
            if not set(self.set_aside) <= set(tokenize(example)):
                continue
            if not _LISTED.search(example) and not _LIST_GOES_ON.match(
                sentence[match.end("example") :]
            ):
                return False
        return True

    def names_states_asked(self, setting: str) -> bool:
        """True unless a question asking for a value names a state ``setting`` never names.

        ``setting`` is a sentence's window with its article's title: a state the article is
        about may go unnamed in the sentence, another may not. "How many ships did Norway
        send?" is not answered by a count of another state's ships.
        """
        if self.answer_type == "any" or self.compound:
            return True
        named = [group for group in _STATE_GROUPS if group & self.question_words]
        if not named:  # most questions: no need to split every candidate's window
            return True
        words = {word.lower() for word in split_words(setting)}
        return all(group & words for group in named)

    def names_any_asked(self, window: str) -> bool:
        """True unless a yes-or-no question asks if there were any of a kind ``window`` lacks.

        "Did they expel any diplomats?" is not answered where no diplomat comes up.
        """
        return self.any_of is None or self.any_of in tokenize(window)

    def names_subject_asked(self, setting: str) -> bool:
        """True unless a yes-or-no question asks of someone ``setting`` never names.

        "Did Norway join the sanctions?" is not answered by a sentence on who did, where
        Norway does not come up. ``setting`` is a sentence's window with its article's title.
        """
        return self.subject is None or not self._unmentioned([self.subject], setting)

    def in_rank_asked(self, window: str) -> bool:
        """True unless the question asks of a rank ("the first", "longest") ``window`` never says.

        Of several meetings, the one a sentence names answers "where was the first?" only
        when the sentence or its neighbours say it was the first.
        """
        if self.compound or not self.rank:
            return True
        return ranks_named(self.rank, {word.lower() for word in split_words(window)})

    def missing_anchors(self, context: str) -> list[str]:
        """The question's names and numbers that ``context`` never mentions."""
        return self._unmentioned(self.anchors, context)

    def _unmentioned(self, names: Sequence[str], context: str) -> list[str]:
        """Those of ``names`` (the question's, in its order) that ``context`` never mentions.

        A state is mentioned by any of its words, as news writes it ("Moscow" by "Russia",
        "China" by "Beijing" or "Chinese"), but not inside a longer name: "Japan" does
        not mention "the Tokyo Declaration". An abbreviation mentions what it abbreviates.
        """
        words = {word.lower() for word in split_words(context)}
        missing = [
            name
            for name in names
            if not _mentioned(name.lower(), words)
            and (name in self.in_longer_names or not words & same_state(name))
        ]
        return _not_abbreviated(missing, names, context) if missing else []


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
        dict.fromkeys(name for name in names if not name.isdigit() and name.lower() not in _MONTHS)
    )


def _in_longer_names(question: str) -> frozenset[str]:
    """The words of the question's names of two or more capitalised words."""
    names = []
    for match in _CAPITALISED_RUN.finditer(question):
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
# Verbs that report what someone said or thought, or what a document lays down, as the
# articles write them.
_REPORTED = frozenset(
    """said says say stated states told tells noted notes argued argues claimed claims
    believes believed thinks thought wrote writes expressed expresses warned warns stressed
    stresses insisted insists added adds explained explains declared declares announced
    announces emphasized emphasised urged urges replied responded commented remarked
    acknowledged admitted mentioned referred refers described describes called calls
    suggested suggests proposed proposes predicted predicts asserted asserts maintained maintains
    echoed describing welcomed praised criticized criticised condemned reiterated confirmed
    denied pledged vowed promised recalled voiced clear favored favoured favors favours
    wants wanted considers considered regards regarded sees views
    determines determined stipulates stipulated provides provided specifies specified""".split()
)
# The few that come before the speaker: "…,” said X", "according to X".
_REPORTED_BEFORE = frozenset(
    "said says wrote writes added adds replied explained according".split()
)
# A day the words of a report were said on, as news writes it ("said Saturday", "told
# reporters on Monday").
_DAY_SAID = re.compile(
    r"\b(?:said|says|told\s+(?:\w+\s+)?|announced|stated|added|reported)\s+(?:on\s+)?"
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b",
    re.I,
)
_SAYING = frozenset(
    """say says said tell told announce announced state stated report reported speak spoke
    remark remarks comment comments""".split()
)
# How many words may stand between a name and the verb reporting its words.
_SPEAKER_REACH = 7
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
    return tuple(place for place in _locatives(question) if " " not in place)


def _locatives(text: str) -> list[str]:
    """The places ``text`` names after a locative word, months and weekdays aside."""
    return [
        place
        for place in (found.rstrip(".") for found in _LOCATIVE.findall(text))
        if place.lower() not in CALENDAR_WORDS
    ]


def _asks_speaker(question: str) -> bool:
    """Does the question ask who said something ("Who said …", "Who first warned …")?"""
    words = [word.lower() for word in split_words(question)[1:3]]
    return bool(words) and (
        words[0] in _REPORTED
        or (len(words) == 2 and words[0] in _ADVERBS and words[1] in _REPORTED)
    )


def _speakers(clause: str) -> list[str]:
    """Single capitalised words reporting speech: "Putin said", "…,” said Lavrov"."""
    words = split_words(clause)
    found = []
    for index, word in enumerate(words):
        lower = word.lower()
        if not word[:1].isupper() or lower in STOPWORDS or lower in CALENDAR_WORDS:
            continue
        if lower in _NOT_PERSON_HEADS:  # "the Russian Federation said": a body
            continue
        after = words[index + 1].lower() if index + 1 < len(words) else ""
        before = words[index - 1].lower() if index else ""
        if after in _REPORTED or before in _REPORTED_BEFORE:
            found.append(word)
    return found


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
_OFFICE = re.compile(rf"{_PERSON_ROLES}|secretary|king|general|counterparts?|head|chief", re.I)


# "Russia's exports to Japan", "trade from Japan to Russia": a flow, its source and target.
_FLOW = re.compile(
    r"\b(?P<owner>[A-Z][\w.]*)[’']s\s+(?P<noun>[a-z]+)\s+(?:to|into|with)\s+(?P<target>[A-Z][\w.]*)|"
    r"\b(?P<noun2>[a-z]+)\s+from\s+(?P<source>[A-Z][\w.]*)\s+(?:to|into)\s+(?P<target2>[A-Z][\w.]*)"
)
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
# A possessive ending, set apart from its word where the responder is looked for.
_POSSESSIVE = re.compile(r"\b(\w+)['’]s\b")
_RESPONDING = frozenset(
    "responded responds reacted reacts replied replies answered answers retorted".split()
)
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
# A sentence listing things: "such as …", "including …", "…: …", or "A, B and C".
# How far after the things' name their list may run: "sanctions on steel, timber and fish".
_MEMBERS_REACH = 12
_ENUMERATION = re.compile(
    r"\b(?:such as|including|includes|include|namely|like)\b|:\s|"
    r"\w[\w\s-]*,\s[\w\s-]+,?\s(?:and|or)\s",
    re.I,
)
# "Besides A, …", "apart from A": the thing a question asks for others than.
_SET_ASIDE = re.compile(
    r"\b(?:besides|apart from|aside from|other than|in addition to)\s+(?P<thing>[^,?;]+?)\s*"
    r"(?:[,?;]|$|\b(?:what|which|who|where|when|how)\b)",
    re.I,
)
# An example a sentence gives of a set, up to where its clause ends: "including A, …".
_EXAMPLE = re.compile(
    r"\b(?:including|such as|like|namely|for example|for instance)\s+(?P<example>[^,;:.()–—]+)",
    re.I,
)
# Examples joined in one phrase ("including A and B"), or the list going on past a comma
# ("including A, B …"); a comma opening a phrase of its own (", for …", ", which …") ends it.
_LISTED = re.compile(r"\b(?:and|or|as well as)\b", re.I)
_LIST_GOES_ON = re.compile(
    r",\s*(?!(?:for|in|on|at|to|with|by|of|from|which|who|that|while|but|as|so|when)\b)\w", re.I
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
# Counts of these may be written of anything ("met 27 times" counts meetings).
_ANY_COUNT = frozenset(tokenize("times people persons"))
# An amount and the plural noun it counts: "two nations", "3,500 troops".
_COUNT_OF = re.compile(
    rf"\b(\d[\d,.]*\d|\d|{'|'.join(sorted(_NUMBER_WORDS))})\s+([a-z][a-z-]*[^s\W]s)\b", re.I
)
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


def _flows(text: str) -> list[tuple[str, str, str]]:
    """The flows ``text`` names as "<A>'s <noun> to <B>" or "<noun> from <A> to <B>"."""
    return [
        (match["owner"], match["noun"], match["target"].rstrip("."))
        if match["owner"]
        else (match["source"], match["noun2"], match["target2"].rstrip("."))
        for match in _FLOW.finditer(text)
    ]


def _asked_flow(question: str) -> tuple[str, str, str] | None:
    flows = _flows(question)
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
            return () if stem in _ANY_COUNT else (stem,)
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
    for match in _CAPITALISED_RUN.finditer(question):
        words = [word.lower() for word in split_words(match.group())]
        if len(words) < 2 or words[-1] not in _DOCUMENT_KINDS:
            continue
        # A compound's parts follow it in ``split_words``; the parts are looked for.
        telling = [word for word in words[:-1] if "-" not in word and word not in _STATE_WORDS]
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
    words = [word for word in _WORD.findall(text) if word.lower() not in _MEMBER_MARKERS]
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
    return _singular(match.group("kind").lower()) if match else None


def _capitalised_names(sentence: str) -> Iterator[tuple[str, int]]:
    """The runs of capitalised words that are no month or weekday, with where they start."""
    for match in _CAPITALISED_NAME.finditer(sentence):
        name = match.group(0).rstrip(".")
        if match.start() == 0:
            # A sentence's first word is capitalised anyway: a name only with more of one,
            # and not when it is a word such as "The" or "In" before one.
            first, _, rest = name.partition(" ")
            if not rest or first.lower() in STOPWORDS:
                continue
        if name.lower() not in CALENDAR_WORDS:
            yield name, match.start()


def _singular(word: str) -> str:
    if word.endswith("ies"):
        return word[:-3] + "y"
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


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
        if not word[:1].isupper() and word.lower().partition("-")[0] not in _PAST_HOLDER
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
    groups = [group for group in _STATE_GROUPS if group & words]
    # Two seats of one state ("Moscow", "the Kremlin") share its name; two states do not.
    if any(not first & second for first in groups for second in groups):
        return frozenset()
    return frozenset().union(*groups)


def _around(name: str, sentence: str) -> tuple[list[str], list[str]]:
    """The words (lower-cased) within reach of ``name``'s title, before and after it."""
    at = sentence.find(name)
    before = [word.lower() for word in split_words(sentence[:at])[-_ROLE_REACH:]]
    # "X, the foreign minister of Japan": the state follows the office's words.
    after = split_words(sentence[at + len(name) :])[: _ROLE_REACH + 2]
    return before, [word.lower() for word in after]


# Words a title may hold besides its state and office: "the then deputy foreign minister".
_TITLE_FILLERS = frozenset("the then deputy vice acting first".split())


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
        for index, raw in enumerate(_WORD.findall(clause)):
            word = re.sub(r"['’]s$", "", raw).strip("'’-")
            if _NUMBER.fullmatch(word):
                yield word
                continue
            if index == 0 or not word[:1].isupper():
                continue
            for part in word.split("-"):  # "Russo-Japanese" names Russia and Japan
                if part[:1].isupper() and part.lower() not in STOPWORDS | _NOT_NAMES | _ORDINALS:
                    yield part


# A number that labels something ("Figure 1", "(2)" in a list, "G7") counts nothing.
_LABEL_NUMBER = re.compile(
    r"\b(?:figures?|fig|tables?|charts?|no|nos|points?|parts?|sections?|chapters?|articles?)"
    r"\.?\s+\d+\b|\(\d{1,2}\)|"
    # A number inside a name ("the G7", "G20 summit") names a group, not an amount of it.
    r"\b[A-Z]+\d+\b",
    re.I,
)


def quantities(text: str) -> list[str]:
    """Numbers and number words in ``text``, lower-cased; years and days are dates, not amounts."""
    text = _DAY_OF_MONTH.sub(" ", _LABEL_NUMBER.sub(" ", text))
    found = [number.rstrip(".,") for number in _NUMBER.findall(text)]
    found = [number for number in found if not _YEAR.fullmatch(number)]
    found.extend(word for word in split_words(text.lower()) if word in _NUMBER_WORDS)
    return found


_MONTH_NAMES = "|".join(_MONTHS)
_DAY_OF_MONTH = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTH_NAMES})\b|"
    rf"\b(?:{_MONTH_NAMES})\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?!\d)",
    re.I,
)
_WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
# Month and weekday names: capitalised, but naming nothing a conversation introduced.
CALENDAR_WORDS = _MONTHS | _WEEKDAYS


def days(text: str) -> list[str]:
    """Days of the month (their numbers) and days of the week in ``text``, lower-cased."""
    found = [match.group(1) or match.group(2) for match in _DAY_OF_MONTH.finditer(text)]
    found.extend(word for word in split_words(text.lower()) if word in _WEEKDAYS)
    return found


def years(text: str) -> list[str]:
    """The years named in ``text`` ("1956", "2010s" as "2010")."""
    return _YEAR.findall(text)


def dates(text: str) -> list[str]:
    """Years and month names in ``text``, lower-cased."""
    found = [match.group(1) for match in _YEAR.finditer(text)]
    found.extend(word for word in split_words(text.lower()) if word in _MONTHS)
    return found


_PERSON_NAME = re.compile(r"\b[A-Z][a-z’'-]+(?: [A-Z][a-z’'-]+)+")
# A run of capitalised words ending in one of these names a place, a body, a document or an
# event ("the Korean Peninsula", "the Russian Federation"), never a person.
_NOT_PERSON_HEADS = frozenset(
    """federation union states nations republic republics kingdom empire territories islands
    island peninsula sea ocean strait asia east west north south region prefecture city
    times news shimbun research review agency ministry government council party navy army
    fleet forces organization association alliance committee institute university bank
    declaration statement treaty pact agreement accord charter war crisis olympics summit
    meeting conference forum relations cooperation order""".split()
)


def person_names(text: str) -> list[str]:
    """Runs of two or more capitalised words ("Boris Yeltsin"), the shape of a person's name.

    Single capitalised words are mostly places and countries ("Japan and China"), which do
    not answer "who".
    """
    found = []
    for match in _PERSON_NAME.finditer(text):
        parts = match.group().split()
        # A sentence's capitalised first word is dropped below when it is a common word
        # ("The", "In"); otherwise it starts the name ("Fumio Kishida, the minister, …").
        parts = [part for part in parts if part.lower() not in STOPWORDS]
        head = re.sub(r"['’]s?$", "", parts[-1]).lower() if parts else ""
        if len(parts) >= 2 and head not in _NOT_PERSON_HEADS:
            found.append(" ".join(parts))
    return found


def same_state(word: str) -> frozenset[str]:
    """The words naming the state ``word`` names: its seat, its name, its people.

    "Tokyo", "Japan" and "Japanese" name one state; a word naming none gives nothing.
    """
    lower = word.lower()
    return frozenset().union(*(group for group in _STATE_GROUPS if lower in group))


_ROLE_WORD = re.compile(rf"(?:{_PERSON_ROLES})", re.I)


def is_person_role(word: str) -> bool:
    """Is ``word`` a person's standing ("minister", "vice-president", "spokesman")?"""
    return bool(_ROLE_WORD.fullmatch(word.split("-")[-1]))


def split_words(text: str) -> list[str]:
    """Words, with hyphenated compounds also split into their parts."""
    words = []
    for raw in _WORD.findall(text):
        word = re.sub(r"['’]s$", "", raw).strip("'’-")
        if word:
            words.append(word)
            if "-" in word:
                words.extend(part for part in word.split("-") if part)
    return words


# An abbreviation as news writes one: "WWII", "UN", "LDP".
_ABBREVIATION = re.compile(r"\b[A-Z][A-Z0-9]{1,5}\b")
_CAPITALISED_RUN = re.compile(r"\b[A-Z][\w’'-]*(?:\s+(?:of\s+)?[A-Z][\w’'-]*)+")


def _initials(words: Sequence[str]) -> str:
    """First letters, numerals kept whole, "of" left out: "World War II" gives "WWII"."""
    return "".join(
        word if word.isupper() or word.isdigit() else word[0]
        for word in words
        if word.lower() != "of"
    ).upper()


def _not_abbreviated(missing: list[str], anchors: Sequence[str], context: str) -> list[str]:
    """``missing`` without the names ``context`` gives as an abbreviation, or spells out.

    "World War II" in a question is mentioned by a text's "WWII", and a question's "UN"
    by "United Nations".
    """
    found: set[str] = set()
    abbreviations = set(_ABBREVIATION.findall(context.replace(".", "")))  # "U.S." is "US"
    for start in range(len(anchors)):
        for end in range(start + 2, len(anchors) + 1):
            if _initials(anchors[start:end]) in abbreviations:
                found.update(anchors[start:end])
    spelled = {
        _initials(words[start:end])  # any part of the run: "The United Nations" has "UN"
        for words in (run.split() for run in _CAPITALISED_RUN.findall(context))
        for start in range(len(words))
        for end in range(start + 2, len(words) + 1)
    }
    found.update(anchor for anchor in missing if anchor.isupper() and anchor in spelled)
    return [anchor for anchor in missing if anchor not in found]


def _mentioned(anchor: str, words: set[str]) -> bool:
    """Exact, or one edit away for longer words: "Irkutsk" matches a text's "Irkutsuk"."""
    if anchor in words:
        return True
    if len(anchor) < 5:
        return False
    return any(abs(len(word) - len(anchor)) <= 1 and _one_edit(anchor, word) for word in words)


def _one_edit(first: str, second: str) -> bool:
    """True when the strings differ by at most one insertion, deletion or substitution."""
    if len(first) > len(second):
        first, second = second, first
    index = 0
    while index < len(first) and first[index] == second[index]:
        index += 1
    if len(first) == len(second):
        return first[index + 1 :] == second[index + 1 :]
    return first[index:] == second[index + 1 :]
