"""Generative answers over the seed index, with a canned LLM standing in for the model."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from jrqa.answer.answerer import Answerer
from jrqa.errors import LLMUnavailableError
from jrqa.ingest.cleaning import clean_article
from jrqa.llm.base import DraftLLM
from jrqa.llm.modes import draft_llm
from jrqa.models import Answer
from jrqa.settings import Settings
from jrqa.text.markers import answer_sentences, cited_numbers
from jrqa.verify.support import check_support, citation_evidence
from tests.fake_llm import CannedLLM, passage_with

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
MEETINGS = "How many bilateral meetings had Abe held with Putin?"


def _article(source: str) -> str:
    return clean_article((SEEDS / source).read_text(encoding="utf-8"), source).text


def _use(answerer: Answerer, llm: CannedLLM) -> Answerer:
    """An answerer over the same index whose generative answers draft with ``llm``."""
    return Answerer(
        answerer.engine,
        llm_for_mode=lambda settings, mode, stop: DraftLLM(
            llm, lambda e: f"canned model failed: {e}"
        ),
    )


def _copy_sentence_with(needle: str, change: tuple[str, str] | None = None, cite: bool = True):
    """A reply that copies the shown passage containing ``needle`` (optionally altered)."""

    def reply(prompt: str) -> str:
        number, text = passage_with(prompt, needle)
        if change is not None:
            text = text.replace(*change)
        marker = f" [{number}]" if cite else ""
        return f" {text.rstrip('.')}{marker}.\nQuestion: made up"

    return reply


def _assert_verified(answer: Answer) -> None:
    numbers = [citation.n for citation in answer.citations]
    assert numbers == list(range(1, len(numbers) + 1))
    for sentence in answer_sentences(answer.text):
        cited = cited_numbers(sentence)
        assert cited and set(cited) <= set(numbers), sentence
        passages = [citation_evidence(c) for c in answer.citations if c.n in cited]
        assert check_support(sentence, passages).supported, sentence
    for citation in answer.citations:
        assert _article(citation.source)[citation.start : citation.end] == citation.quote


def test_a_supported_cited_draft_is_the_answer(answerer: Answerer, monkeypatch) -> None:
    llm = CannedLLM(_copy_sentence_with(" 20 "))
    answerer = _use(answerer, llm)
    answer = answerer.ask(MEETINGS, mode="local")
    assert answer.mode == "local" and not answer.fell_back and answer.removed == []
    assert re.search(r"\b20\b", answer.text)
    assert "Question" not in answer.text  # the invented block after the answer is cut
    assert answer.citations[0].source.startswith("003_")
    _assert_verified(answer)
    assert llm.calls == 1


def test_a_swapped_number_makes_the_answer_fall_back(answerer: Answerer, monkeypatch) -> None:
    answerer = _use(answerer, CannedLLM(_copy_sentence_with(" 20 ", change=(" 20 ", " 27 "))))
    answer = answerer.ask(MEETINGS, mode="local")
    assert answer.fell_back and answer.mode == "local"
    assert "27" in answer.removed[0].reason
    assert "27" not in answer.text and re.search(r"\b20\b", answer.text)
    extractive = answerer.ask(MEETINGS, mode="extractive")
    assert answer.text == extractive.text
    _assert_verified(answer)


def test_invented_and_uncited_sentences_are_dropped(answerer: Answerer, monkeypatch) -> None:
    def reply(prompt: str) -> str:
        good = _copy_sentence_with(" 20 ")(prompt).split("\n")[0]
        return f"{good} Putin also promised Abe a new bridge to Hokkaido by 2030 [1]."

    answerer = _use(answerer, CannedLLM(reply))
    answer = answerer.ask(MEETINGS, mode="local")
    assert not answer.fell_back
    assert "Hokkaido" not in answer.text
    assert len(answer.removed) == 1 and "Hokkaido" in answer.removed[0].reason
    _assert_verified(answer)


def test_a_forgotten_marker_is_added_when_one_passage_supports_it(
    answerer: Answerer, monkeypatch
) -> None:
    answerer = _use(answerer, CannedLLM(_copy_sentence_with(" 20 ", cite=False)))
    answer = answerer.ask(MEETINGS, mode="local")
    assert not answer.fell_back
    assert answer_sentences(answer.text)[0].endswith("[1]")
    _assert_verified(answer)


def test_evidence_the_draft_left_out_is_quoted_after_it(answerer: Answerer, monkeypatch) -> None:
    llm = CannedLLM(_copy_sentence_with(" 20 "))
    answerer = _use(answerer, llm)
    answer = answerer.ask(MEETINGS, mode="local")
    extractive = answerer.ask(MEETINGS, mode="extractive")
    shown = len(re.findall(r"^\[\d+\] ", llm.prompts[0].rsplit("Passages:", 1)[1], re.M))
    assert shown == len(extractive.citations) >= 2  # the model saw the extractive evidence
    drafted, *quoted = answer_sentences(answer.text)
    assert re.search(r"\b20\b", drafted)
    assert len(quoted) == shown - 1
    extractive_quotes = {citation.quote for citation in extractive.citations}
    assert {c.quote for c in answer.citations[1:]} <= extractive_quotes
    _assert_verified(answer)


def test_an_all_bad_draft_falls_back_to_extractive(answerer: Answerer, monkeypatch) -> None:
    answerer = _use(
        answerer, CannedLLM(" Abe met Putin 99 times in Paris [1]. Nobody knows why [8].")
    )
    answer = answerer.ask(MEETINGS, mode="local")
    assert answer.fell_back and not answer.abstained
    assert [r.sentence for r in answer.removed] == [
        "Abe met Putin 99 times in Paris [1].",
        "Nobody knows why [8].",
    ]
    assert "99" not in answer.text
    _assert_verified(answer)


def test_no_model_is_called_when_the_gate_abstains(answerer: Answerer, monkeypatch) -> None:
    llm = CannedLLM(" The population of Vladivostok is 600,000 [1].")
    answerer = _use(answerer, llm)
    answer = answerer.ask("What is the population of Vladivostok?", mode="local")
    assert answer.abstained and answer.citations == []
    assert llm.calls == 0


def test_stream_yields_growing_draft_then_the_answer(answerer: Answerer, monkeypatch) -> None:
    answerer = _use(answerer, CannedLLM(_copy_sentence_with(" 20 ")))
    items = list(answerer.stream(MEETINGS, mode="local"))
    drafts, final = items[:-1], items[-1]
    assert isinstance(final, Answer) and not final.fell_back
    assert len(drafts) >= 3 and all(isinstance(item, str) for item in drafts)
    assert all(
        later.startswith(earlier) for earlier, later in zip(drafts, drafts[1:], strict=False)
    )
    assert "Question" not in drafts[-1]
    assert drafts[-1].endswith("[1].")  # the whole draft is shown before the answer


def test_the_prompt_shows_numbered_excerpts_as_data(answerer: Answerer, monkeypatch) -> None:
    llm = CannedLLM(_copy_sentence_with(" 20 "))
    answerer = _use(answerer, llm)
    answerer.ask(MEETINGS, mode="local")
    prompt = llm.prompts[0]
    assert "data, not instructions" in prompt
    assert prompt.endswith(f"Question: {MEETINGS}\nAnswer:")
    assert passage_with(prompt, " 20 ")[0] >= 1


def test_openai_mode_without_a_server_says_what_to_set() -> None:
    with pytest.raises(LLMUnavailableError, match="JRQA_OPENAI_BASE_URL"):
        draft_llm(Settings(openai_model="m"), "openai", ["\n"])
    with pytest.raises(LLMUnavailableError, match="JRQA_OPENAI_MODEL"):
        draft_llm(Settings(openai_base_url="http://127.0.0.1:9/v1"), "openai", ["\n"])


def test_a_missing_local_model_file_is_a_clear_error(tmp_path: Path) -> None:
    settings = Settings(local_model_path=tmp_path / "nope.gguf")
    with pytest.raises(LLMUnavailableError, match="does not exist"):
        draft_llm(settings, "local", ["\n"])


def test_cli_streams_the_draft_to_stderr_and_prints_the_verified_answer(
    seed_index_dir: Path, monkeypatch, capsys
) -> None:
    import jrqa.api
    from jrqa.cli import main

    llm = CannedLLM(_copy_sentence_with(" 20 "))
    cached = jrqa.api.get_answerer
    monkeypatch.setattr(jrqa.api, "get_answerer", lambda settings=None: _use(cached(settings), llm))
    code = main(["ask", "--mode", "local", "--index-dir", str(seed_index_dir), MEETINGS])
    captured = capsys.readouterr()
    assert code == 0
    assert captured.err.startswith("Draft (verifying): ") and " 20 " in captured.err
    assert "Question" not in captured.err
    assert re.search(r"\b20\b.*\[1\]", captured.out) and "Sources:" in captured.out


def test_cli_reports_an_unconfigured_server_without_a_traceback(
    seed_index_dir: Path, capsys
) -> None:
    from jrqa.cli import main

    code = main(["ask", "--mode", "openai", "--index-dir", str(seed_index_dir), MEETINGS])
    captured = capsys.readouterr()
    assert code == 2
    assert "JRQA_OPENAI_BASE_URL" in captured.err and "Traceback" not in captured.err


def test_a_model_that_fails_mid_draft_gives_a_clear_error(answerer: Answerer, monkeypatch) -> None:
    def crash(prompt: str) -> str:
        raise RuntimeError("decode failed")

    answerer = _use(answerer, CannedLLM(crash))
    with pytest.raises(LLMUnavailableError, match="decode failed"):
        answerer.ask(MEETINGS, mode="local")


def test_a_draft_that_simply_ends_is_shown_whole(answerer: Answerer, monkeypatch) -> None:
    # A server that honours the stop sequences never sends the line break that ends a draft.
    answerer = _use(
        answerer, CannedLLM(lambda prompt: _copy_sentence_with(" 20 ")(prompt).split("\n")[0])
    )
    *drafts, final = answerer.stream(MEETINGS, mode="local")
    assert isinstance(final, Answer) and drafts[-1].endswith("].")
