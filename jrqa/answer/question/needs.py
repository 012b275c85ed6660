"""What any answer to a question has to contain, and the checks a sentence is held to.

The kind of answer asked for must stand near the question's names, in its years and
places, bound to its qualifiers (an office, a part of a whole, a responder, a speaker).
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from jrqa.answer.question.values import (
    around,
    capitalised_names,
    dates,
    days,
    flows_named,
    is_mentioned,
    locatives,
    not_abbreviated,
    person_names,
    quantities,
    same_state,
    singular_of,
    speakers,
    split_words,
)
from jrqa.answer.question.vocabulary import (
    ABBREVIATION,
    ANY_COUNT,
    CAPITALISED_NAME,
    COUNTRY_OF_SEAT,
    COUNTRY_WORDS,
    DEMONYMS,
    LOCATIVE,
    NAMED_PEOPLE,
    NOT_PERSON_HEADS,
    NUMBER_WORDS,
    PAST_HOLDER,
    REPORTED,
    REPORTED_BEFORE,
    ROLE_REACH,
    STATE_GROUPS,
    STATE_WORDS,
    WEEKDAYS,
    YEAR,
    AnswerType,
    Unit,
)
from jrqa.answer.rank import ranks_named
from jrqa.text.terms import tokenize

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
_NAMED_REACH = 6
_PLACE_KINDS = frozenset("country nation region city island".split())
_PERSON_KINDS = re.compile(NAMED_PEOPLE)
# Where one clause of a sentence ends: a dash, a comma, a semicolon or a coordinating word.
_CLAUSE_BREAK = re.compile(r"\s[–—-]\s|[,;]\s|\s(?:and|but|while|whereas)\s")
# The countries themselves, not their seats: no answer to "which city".
_COUNTRIES = COUNTRY_WORDS - frozenset(COUNTRY_OF_SEAT)
_CITY_KINDS = frozenset({"city", "town"})
# The last word of a state's name ("the Soviet Union", "the Russian Federation").
_STATE_HEADS = frozenset("union federation republic kingdom states empire".split())
# "Which countries …" is not answered by "the West" or "Europe": regions, not states.
_STATE_KINDS = frozenset({"country", "nation"})
_WIDER_REGIONS = frozenset(
    """west east north south europe asia africa america americas oceania pacific atlantic
    arctic eurasia""".split()
)


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
                if day not in self.question_words and (weekdays or day not in WEEKDAYS)
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
                and self._of_office_state(name, *around(name, sentence))
            ]
            if not people and self.asks_speaker and not self.role:
                people = [
                    name
                    for clause in clauses
                    for name in speakers(clause)
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
            *(COUNTRY_OF_SEAT.get(word, ()) for word in self.question_words)
        )
        # A country inside a longer name ("the Sea of Japan") is no actor.
        return [
            word
            for clause in clauses
            for word in (match.group(0) for match in CAPITALISED_NAME.finditer(clause))
            if word.lower() in COUNTRY_WORDS
            and word.lower() not in DEMONYMS
            and word.lower() not in given
            and not COUNTRY_OF_SEAT.get(word.lower(), frozenset()) & given
        ]

    def _named_instances(self, sentence: str) -> list[str]:
        """Names the question does not give, next to the kind it asks for (or anywhere)."""
        if self.kind is not None and _PERSON_KINDS.fullmatch(self.kind):
            # A person the question names by surname ("besides Lavrov") is given.
            return [
                name
                for clause in self._clauses_in_years_asked(sentence)
                for name in person_names(clause)
                if not is_mentioned(name.split()[-1].lower(), set(self.question_words))
                and not self._referred_to(name)
                and self._holds_role(name, sentence)
                and self._of_office_state(name, *around(name, sentence))
            ]
        sentence = " … ".join(self._clauses_in_years_asked(sentence))
        words = split_words(sentence)
        at = [i for i, word in enumerate(words) if singular_of(word.lower()) == self.kind]
        settings = {place.rstrip(".") for place in LOCATIVE.findall(sentence)}
        found = []
        for name, start in capitalised_names(sentence):
            parts = name.split()
            if len(parts) == 1 and name.lower() in DEMONYMS:
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
                    name.lower() in COUNTRY_WORDS
                    or name in settings
                    or (len(parts) == 1 and not ABBREVIATION.fullmatch(name))
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
        names = {anchor.lower() for anchor in self.anchors} - STATE_WORDS
        return any(is_mentioned(part.lower(), names) for part in split_words(name))

    def _referred_to(self, name: str) -> bool:
        """Is ``name`` (by its surname) one an earlier question of the conversation gave?"""
        return is_mentioned(name.split()[-1].lower(), set(self.referred))

    def _gives(self, name: str) -> bool:
        """Does the question give every word of ``name`` (one edit away counts)?"""
        words = set(self.question_words)
        return all(is_mentioned(part.lower(), words) for part in name.split())

    def _holds_role(self, name: str, sentence: str) -> bool:
        """Is ``name`` given the asked office ("Trade Minister X", "X, the trade minister")?

        A name with another office ("Finance Minister X" for a question about the trade
        minister) answers a different question.
        """
        if not self.role:
            return True
        at = sentence.find(name)
        before = split_words(sentence[:at])[-ROLE_REACH:]
        after = split_words(sentence[at + len(name) :])[:ROLE_REACH]
        near = set(tokenize(" ".join([*before, name, *after])))
        # One letter apart still counts: a "labour" minister is the "Labor Minister".
        return all(is_mentioned(term, near) for term in self.role)

    def held_before(self, name: str, sentence: str) -> bool:
        """Does ``sentence`` mark ``name``'s office as held at another time ("former")?"""
        # "the former Foreign Minister of Japan, X": the office's words may stand between.
        earlier = split_words(sentence[: sentence.find(name)])[-(ROLE_REACH + 2) :]
        return bool(PAST_HOLDER & {word.lower() for word in earlier})

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
            if word not in STATE_WORDS and not self._titles(word):
                break
            title.append(word)
        for index, word in enumerate(after):
            if word == "of" and index + 1 < len(after):
                title.append(after[index + 1])
                break
            if not self._titles(word):
                break
        return {word for word in title if word in STATE_WORDS} <= self.office_state

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
            for source, noun, target in flows_named(clause)
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
            same = stem in (*counted, *ANY_COUNT) or noun.endswith(counted)
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
        asked = {anchor for anchor in self.anchors if YEAR.fullmatch(anchor)}
        if not asked or self.compound:
            return self._clauses_in_places_asked([sentence])
        clauses = [(clause, set(YEAR.findall(clause))) for clause in _CLAUSE_BREAK.split(sentence)]
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
        return any(is_mentioned(place.lower(), words) for place in self.places)

    def _other_places(self, text: str) -> list[str]:
        """The places ``text`` names that the question does not."""
        return [place for place in locatives(text) if not self._gives(place)]

    def speaker_speaks(self, context: str, authors: str = "") -> bool:
        """True unless the question asks what someone said and ``context`` never has them say it.

        "What did X say about Y?" is not answered by a sentence in which X only signs, meets
        or is mentioned: X must be the one saying ("X said", "said X", "according to X").
        The article's ``authors`` (its outlet, writers or poster) say all of its text.
        """
        if self.speaker is None or self.compound:
            return True
        if is_mentioned(self.speaker.lower(), {word.lower() for word in split_words(authors)}):
            return True
        words = [word.lower() for word in split_words(context)]
        speaker = self.speaker.lower()
        named = [index for index, word in enumerate(words) if is_mentioned(speaker, {word})]
        for index in named:
            before = words[max(0, index - 2) : index]
            # Far enough for an apposition: "X, the foreign minister of Japan, stated".
            after = words[index + 1 : index + 1 + _SPEAKER_REACH]
            if REPORTED.intersection(after) or REPORTED_BEFORE.intersection(before):
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
        years = [anchor for anchor in self.anchors if YEAR.fullmatch(anchor)]
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
            if not (name and name[-1].lower() in NOT_PERSON_HEADS):
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
        return all(
            all(is_mentioned(word, words) for word in document) for document in self.documents
        )

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
        named = [group for group in STATE_GROUPS if group & self.question_words]
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
            if not is_mentioned(name.lower(), words)
            and (name in self.in_longer_names or not words & same_state(name))
        ]
        return not_abbreviated(missing, names, context) if missing else []


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
# A possessive ending, set apart from its word where the responder is looked for.
_POSSESSIVE = re.compile(r"\b(\w+)['’]s\b")
_RESPONDING = frozenset(
    "responded responds reacted reacts replied replies answered answers retorted".split()
)
# A sentence listing things: "such as …", "including …", "…: …", or "A, B and C".
# How far after the things' name their list may run: "sanctions on steel, timber and fish".
_MEMBERS_REACH = 12
_ENUMERATION = re.compile(
    r"\b(?:such as|including|includes|include|namely|like)\b|:\s|"
    r"\w[\w\s-]*,\s[\w\s-]+,?\s(?:and|or)\s",
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
# An amount and the plural noun it counts: "two nations", "3,500 troops".
_COUNT_OF = re.compile(
    rf"\b(\d[\d,.]*\d|\d|{'|'.join(sorted(NUMBER_WORDS))})\s+([a-z][a-z-]*[^s\W]s)\b", re.I
)


# Words a title may hold besides its state and office: "the then deputy foreign minister".
_TITLE_FILLERS = frozenset("the then deputy vice acting first".split())
