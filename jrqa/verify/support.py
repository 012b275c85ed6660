"""Lexical support measures shared by the abstention gate, the verifier and the eval.

Everything here is deterministic: a sentence is supported by a passage when the
passage contains (nearly) all of the sentence's content terms and every number,
date and capitalised name in it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from jrqa.index.chunk_metadata import ChunkProvenance
from jrqa.models import Citation, attribution
from jrqa.text.markers import strip_markers, without_lead
from jrqa.text.terms import STOPWORDS, content_terms, tokenize

# A number with what is fused to it ("70th", "G7", "2,000"): matched as a whole token so
# that "70" is not taken out of "70th" and then missed in a passage that says "70th".
_NUMBER = re.compile(r"(?<!\w)\w*\d(?:[\w,.]*\w)?")
_NUMBER_WORDS = frozenset(
    "one two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty "
    "hundred thousand million billion first second third fourth fifth".split()
)
_CAPITALISED = re.compile(r"\b[A-Z][a-zA-Z’'-]+\b")


def key_tokens(sentence: str) -> list[str]:
    """Numbers, dates and capitalised names: the tokens a wrong answer usually gets wrong."""
    plain = strip_markers(sentence)
    tokens = [number.rstrip(".,") for number in _NUMBER.findall(plain)]
    words = plain.split()
    for index, match in enumerate(_CAPITALISED.finditer(plain)):
        word = match.group()
        # The first word of a sentence is capitalised anyway; only count it if it is
        # not an ordinary word.
        if index == 0 and words and words[0].startswith(word) and word.lower() in STOPWORDS:
            continue
        tokens.append(re.sub(r"['’]s$", "", word).strip("’'"))
    tokens.extend(word for word in re.findall(r"[a-z]+", plain.lower()) if word in _NUMBER_WORDS)
    return tokens


@dataclass(frozen=True)
class SupportVerdict:
    """Whether a sentence is backed by the passages it cites, and if not, why."""

    supported: bool
    containment: float
    missing_terms: list[str] = field(default_factory=list)
    missing_key_tokens: list[str] = field(default_factory=list)

    @property
    def reason(self) -> str:
        """A short human-readable reason for a refusal."""
        if self.supported:
            return "supported"
        parts = []
        if self.missing_key_tokens:
            parts.append("not in the cited passage: " + ", ".join(self.missing_key_tokens))
        if self.missing_terms:
            parts.append(f"only {self.containment:.0%} of its words are in the cited passage")
        return "; ".join(parts) or "no cited passage"


def citation_evidence(citation: Citation) -> str:
    """What a citation backs: its passage's text, and who wrote it, where and when.

    An answer may say whose words it quotes ("A reader's reply in the forum thread
    says: ..."); the passage's provenance is the evidence for that part.
    """
    provenance = ChunkProvenance.of(citation)
    who = f"{citation.title}\n{provenance.described_as()}\n{attribution(citation)}"
    return f"{citation.text}\n{who}"


def check_support(
    sentence: str, cited_passages: Sequence[str], min_containment: float = 0.8
) -> SupportVerdict:
    """Check one answer sentence against the text of the passages it cites."""
    if not cited_passages:
        return SupportVerdict(False, 0.0)
    sentence = without_lead(sentence)  # the answerer's own opening words need no backing
    evidence = " ".join(cited_passages)
    evidence_terms = set(tokenize(evidence))
    terms = content_terms(strip_markers(sentence))
    missing = [term for term in terms if term not in evidence_terms]
    containment = 1.0 if not terms else 1 - len(missing) / len(terms)
    evidence_lower = _fold(evidence)
    missing_keys = [
        token for token in key_tokens(sentence) if not _occurs(_fold(token), evidence_lower)
    ]
    supported = containment >= min_containment and not missing_keys
    return SupportVerdict(
        supported,
        containment,
        missing if containment < min_containment else [],
        missing_keys,
    )


def _fold(text: str) -> str:
    return text.lower().replace("’", "'").replace("‘", "'")


def _occurs(token: str, text: str) -> bool:
    """Whole-token occurrence, so "20" is not found inside "2016"."""
    return re.search(rf"(?<![\w]){re.escape(token)}(?![\w])", text) is not None
