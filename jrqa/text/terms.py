"""Words as every stage compares them: stemmed tokens, stopwords, IDF weights."""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

_TOKEN = re.compile(r"(?u)\b\w\w+\b")


def tokenize(text: str) -> list[str]:
    """Lower-cased, stemmed word tokens, as the relevance and support checks see them.

    British spellings are read as American ones first ("defence", "neighbours",
    "recognised"): a reader and an article spelling one word two ways share the term.
    """
    return [_term(token) for token in _TOKEN.findall(text.lower())]


@functools.lru_cache(maxsize=65536)
def _term(word: str) -> str:
    # Cached: every question re-reads the same passages' words.
    return str(_stemmer().stemWord(american(word)))


# Words spelt "-our", "-ence", "-re", "-ise" in British English and "-or", "-ense", "-er",
# "-ize" in American: only these (an "-our" or "-ise" rule would turn "four" into "for"
# and "promise" into "promize").
_BRITISH_OUR = re.compile(
    r"^(neighb|fav|hon|lab|col|behavi|rum|harb|endeav|vap|arm|flav|val|vig)our(\w*)$"
)
_BRITISH_ISE = re.compile(
    r"^(recogn|organ|real|critic|normal|stabil|militar|author|priorit|character|summar|"
    r"apolog|emphas|modern|mobil|legal|special|central|util|sympath|privat|capital|"
    r"neutral|minim|maxim|optim|categor|symbol|final|formal|public)is(e|es|ed|ing|ation|"
    r"ations)$"
)
_BRITISH_WORDS = {
    "defence": "defense",
    "defences": "defenses",
    "offence": "offense",
    "offences": "offenses",
    "centre": "center",
    "centres": "centers",
    "programme": "program",
    "programmes": "programs",
    "licence": "license",
    "analyse": "analyze",
    "analysed": "analyzed",
    "travelled": "traveled",
    "travelling": "traveling",
    "cancelled": "canceled",
    "signalled": "signaled",
}


def american(word: str) -> str:
    """A lower-case word in its American spelling (unchanged when it has no other)."""
    if word in _BRITISH_WORDS:
        return _BRITISH_WORDS[word]
    spelt = _BRITISH_OUR.sub(r"\1or\2", word)
    return _BRITISH_ISE.sub(r"\1iz\2", spelt)


_STEMMER = None


def _stemmer():  # type: ignore[no-untyped-def]
    global _STEMMER
    if _STEMMER is None:
        import Stemmer

        _STEMMER = Stemmer.Stemmer("english")
    return _STEMMER


@dataclass(frozen=True)
class TermStats:
    """Document frequencies of stemmed terms, for IDF weights of question terms."""

    document_count: int
    document_frequency: dict[str, int]

    def idf(self, term: str) -> float:
        """Smoothed IDF; a term the corpus never uses gets the highest weight."""
        frequency = self.document_frequency.get(term, 0)
        return math.log(1 + (self.document_count + 1) / (frequency + 0.5))

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> TermStats:
        """Count in how many texts each term occurs."""
        frequency: Counter[str] = Counter()
        count = 0
        for text in texts:
            count += 1
            frequency.update(set(tokenize(text)))
        return cls(count, dict(frequency))


# Function words and question words carry no evidence of support.
STOPWORDS = frozenset(
    """a an the and or but if of at by for with about against between into through during
    before after above below to from up down in out on off over under again further then
    once here there when where why how all any both each few more most other some such no
    nor not only own same so than too very can will just should now is are was were be been
    being have has had having do does did doing would could might must shall may i me my we
    our you your he him his she her it its they them their what which who whom this that
    these those am as until while also says said say tell told according many much one
    whose ever yet still""".split()
)
STEMMED_STOPWORDS = frozenset(tokenize(" ".join(STOPWORDS)))


def content_terms(text: str) -> list[str]:
    """Stemmed terms of ``text`` that carry meaning (no stopwords), in order."""
    return [term for term in tokenize(text) if term not in STEMMED_STOPWORDS]


def weighted_coverage(query_terms: Iterable[str], text_terms: set[str], stats: TermStats) -> float:
    """IDF-weighted share of the query's distinct terms that occur in the text."""
    distinct = set(query_terms)
    total = sum(stats.idf(term) for term in distinct)
    if total == 0:
        return 0.0
    return sum(stats.idf(term) for term in distinct if term in text_terms) / total
