"""The eval's grounding checker must flag wrong answers and pass right ones.

A checker that cannot fail is worthless, so each way an answer can go wrong is fed to it:
a swapped number, a swapped name, an invented sentence, a missing or dangling marker, a
quote that is not the passage's text.
"""

from __future__ import annotations

import pytest

from evals.metrics import check_citations, fact_present, missing_facts, retrieval_scores
from jrqa.models import Answer, Citation, Passage

PASSAGE_TEXT = (
    "Prime Minister Abe intends to find a solution to the northern territories issue, based "
    "on trust with Putin, with whom Abe has held a total of 20 bilateral meetings. Abe plans "
    "to visit St. Petersburg in May."
)
QUOTE = (
    "Prime Minister Abe intends to find a solution to the northern territories issue, based "
    "on trust with Putin, with whom Abe has held a total of 20 bilateral meetings."
)
SOURCE = "003_74a3a5299abf2617.txt"
PASSAGE_START = 1000


def _answer(text: str, quote: str = QUOTE, quote_offset: int = 0) -> Answer:
    passage = Passage(
        source=SOURCE,
        title="Russia looking for stronger economic relations with Japan",
        text=PASSAGE_TEXT,
        start=PASSAGE_START,
        end=PASSAGE_START + len(PASSAGE_TEXT),
        score=0.9,
        chunk_id="c1",
    )
    citation = Citation(
        n=1,
        source=SOURCE,
        title=passage.title,
        text=PASSAGE_TEXT,
        quote=quote,
        start=PASSAGE_START + quote_offset,
        end=PASSAGE_START + quote_offset + len(quote),
        score=0.9,
    )
    return Answer(question="q", text=text, citations=[citation], passages=[passage])


def _only_sentence(answer: Answer):  # type: ignore[no-untyped-def]
    report = check_citations(answer)
    assert len(report.sentences) == 1
    return report.sentences[0]


def test_a_verbatim_cited_answer_passes() -> None:
    check = _only_sentence(_answer(QUOTE + " [1]"))
    assert check.cited and check.markers_valid and check.supported, check.reason


def test_a_faithful_paraphrase_with_the_same_facts_passes() -> None:
    check = _only_sentence(_answer("Abe has held a total of 20 bilateral meetings with Putin. [1]"))
    assert check.supported, check.reason


@pytest.mark.parametrize(
    ("text", "expected_reason"),
    [
        ("Abe has held a total of 10 bilateral meetings with Putin. [1]", "10"),
        ("Abe has held a total of twenty bilateral meetings with Medvedev. [1]", "Medvedev"),
        ("Abe has held a total of 20 bilateral meetings with Putin since 2003. [1]", "2003"),
    ],
)
def test_a_swapped_number_name_or_date_is_flagged(text: str, expected_reason: str) -> None:
    check = _only_sentence(_answer(text))
    assert check.cited
    assert not check.supported
    assert expected_reason in check.reason


def test_an_invented_sentence_is_flagged() -> None:
    check = _only_sentence(_answer("The islands have a population of 1.5 million people. [1]"))
    assert not check.supported


def test_a_sentence_without_a_marker_is_flagged_as_uncited() -> None:
    report = check_citations(_answer(QUOTE + " [1] Abe plans to visit St. Petersburg in May."))
    assert [check.cited for check in report.sentences] == [True, False]
    assert report.uncited == 1
    assert not report.sentences[1].supported


def test_a_marker_naming_no_citation_is_invalid() -> None:
    report = check_citations(_answer(QUOTE + " [2]"))
    assert report.markers == 1 and report.valid_markers == 0
    assert "names no citation" in report.sentences[0].reason


def test_a_quote_that_is_not_the_passage_text_at_its_offsets_is_invalid() -> None:
    report = check_citations(_answer(QUOTE + " [1]", quote=QUOTE, quote_offset=5))
    assert report.valid_markers == 0
    assert "quote differs" in report.sentences[0].reason


def test_key_facts_match_whole_words_and_accept_variants() -> None:
    assert fact_present(["20", "twenty"], "Abe held twenty meetings.")
    assert not fact_present(["20"], "Abe returned to office in 2016.")
    assert missing_facts([["Yeltsin"], ["Hosokawa"]], "Signed by Yeltsin.") == ["Hosokawa"]


def test_retrieval_scores_rank_articles() -> None:
    scores = retrieval_scores(["b.txt"], ["a.txt", "b.txt", "c.txt"])
    assert (scores.hit_at_1, scores.hit_at_3, scores.mrr_at_5) == (0.0, 1.0, 0.5)
