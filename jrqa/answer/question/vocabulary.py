"""Word lists and patterns shared by the reading of questions and of sentences.

States and their seats, offices and roles, calendar words, the shape of a name.
"""

from __future__ import annotations

import re
from typing import Literal

from jrqa.text.terms import tokenize

AnswerType = Literal["quantity", "date", "day", "person", "place", "named", "any"]
# What an amount is counted in, when the question says: a share, or money.
Unit = Literal["percent", "money"]
# A place named after a locative preposition or a verb of going: "in Milan", "at the
# Kremlin", "in the volatile Horn of Africa", "to Sochi", "visit St. Petersburg".
LOCATIVE = re.compile(
    r"\b(?:in|at|near|off|from|to|visit|visits|visited|visiting)\s+(?:the\s+)?(?:[a-z]+\s+)?"
    r"([A-Z][\w’'.-]*(?:\s+(?:of\s+)?[A-Z][\w’'.-]*)*)"
)
# Kinds of people asked for by "which": their instances go by names ("Which leaders …").
NAMED_PEOPLE = "leaders?|ministers?|officials?|presidents?|politicians?|ambassadors?|commanders?"
CAPITALISED_NAME = re.compile(r"\b[A-Z][\w’'.-]*(?:\s+(?:of\s+|the\s+)?[A-Z][\w’'.-]*)*")
# Nationality adjectives name no instance: "Chinese ships" says which country's ships.
DEMONYMS = frozenset(
    """japanese russian soviet american chinese korean ukrainian european western eastern
    asian british french german indian iranian norwegian""".split()
)
# Offices a name is written with as its title ("Trade Minister X", "Mayor X").
OFFICES = (
    "ministers?|presidents?|premiers?|ambassadors?|envoys?|chancellors?|governors?|mayors?|"
    "spokes(?:man|men|woman|women|person|people)"
)
PERSON_ROLES = (
    f"{OFFICES}|leaders?|officials?|diplomats?|correspondents?|journalists?|reporters?|"
    "authors?|writers?|analysts?|politicians?|emperors?"
)
# How far (in words) from a name its title or apposition may stand: "Trade Minister
# Ivan Petrov", "Ivan Petrov, the country's trade minister".
ROLE_REACH = 4

WORD = re.compile(r"[\w’'-]+")
NUMBER = re.compile(r"\d[\d,.]*\d|\d")
# "one" is left out: in news prose it is mostly a determiner or pronoun ("one area in
# which", "one of the"), not an amount; a count of one written as a digit still counts.
NUMBER_WORDS = frozenset(
    "two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy "
    "eighty ninety hundred thousand million billion trillion dozen half twice".split()
)
MONTHS = frozenset(
    "january february march april may june july august september october november december"
    .split()
)  # fmt: skip
YEAR = re.compile(r"\b(1[6-9]\d\d|20\d\d)s?\b")
# Capitals and seats of government, and the words for the countries they stand for.
COUNTRY_OF_SEAT = {
    seat: frozenset(country.split())
    for seat, country in {
        "tokyo": "japan japanese",
        "moscow": "russia russian russians",
        "kremlin": "russia russian russians moscow",
        "washington": "america american americans united us u.s. usa",
        "beijing": "china chinese",
        "seoul": "korea korean",
        "pyongyang": "korea korean",
        "kyiv": "ukraine ukrainian",
        "kiev": "ukraine ukrainian",
    }.items()
}

# Each state's seat, name and nationality words ("tokyo", "japan", "japanese").
STATE_GROUPS = tuple(seats | {seat} for seat, seats in COUNTRY_OF_SEAT.items())
# An office named with one of these before it was held at another time.
PAST_HOLDER = frozenset("former ex late previous outgoing".split())

# The countries and their seats by name, as a setting rather than an instance of a kind.
COUNTRY_WORDS = (
    frozenset(COUNTRY_OF_SEAT)
    | frozenset(word for words in COUNTRY_OF_SEAT.values() for word in words)
    | frozenset("us u.s. usa eu un uk".split())
)
# Any word naming a state or its people: in an office's title, it says whose office it is.
STATE_WORDS = COUNTRY_WORDS | DEMONYMS
# Verbs that report what someone said or thought, or what a document lays down, as the
# articles write them.
REPORTED = frozenset(
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
REPORTED_BEFORE = frozenset("said says wrote writes added adds replied explained according".split())
# Counts of these may be written of anything ("met 27 times" counts meetings).
ANY_COUNT = frozenset(tokenize("times people persons"))
WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
# A run of capitalised words ending in one of these names a place, a body, a document or an
# event ("the Korean Peninsula", "the Russian Federation"), never a person.
NOT_PERSON_HEADS = frozenset(
    """federation union states nations republic republics kingdom empire territories islands
    island peninsula sea ocean strait asia east west north south region prefecture city
    times news shimbun research review agency ministry government council party navy army
    fleet forces organization association alliance committee institute university bank
    declaration statement treaty pact agreement accord charter war crisis olympics summit
    meeting conference forum relations cooperation order""".split()
)


# An abbreviation as news writes one: "WWII", "UN", "LDP".
ABBREVIATION = re.compile(r"\b[A-Z][A-Z0-9]{1,5}\b")
CAPITALISED_RUN = re.compile(r"\b[A-Z][\w’'-]*(?:\s+(?:of\s+)?[A-Z][\w’'-]*)+")
