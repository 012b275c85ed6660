"""Answers from one source on the seeds: the outlet filter and viewpoint questions.

Through every door: ``jrqa.ask(outlet=...)``, ``jrqa ask --outlet``, ``POST /v1/ask``'s
``outlet`` and the ``jrqa`` extra field of ``/v1/chat/completions``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from llama_index.core.schema import QueryBundle

from jrqa.api import ask, outlets
from jrqa.cli import main
from jrqa.errors import UnknownOutletError
from jrqa.models import Answer
from jrqa.retrieve.hybrid import build_retriever
from jrqa.serve.app import create_service_app
from tests.test_serve_client import _Recording, fake_server  # noqa: F401 (a fixture)

SEED_OUTLETS = ["Global Research", "ISN", "The Japan News", "Modern Tokyo Times"]
# Told by a Modern Tokyo Times report only; the other outlets never mention it.
SHOIGU = "What did Shoigu say about missile defense?"


def _outlets_of(answer: Answer) -> set[str | None]:
    return {citation.outlet for citation in answer.citations}


def test_the_outlets_are_read_from_the_index(seed_settings) -> None:  # type: ignore[no-untyped-def]
    assert sorted(outlets(seed_settings)) == sorted(SEED_OUTLETS)


@pytest.mark.parametrize("given", ["The Japan News", "japan news", "THE JAPAN NEWS"])
def test_the_outlet_filter_cites_only_that_outlet(seed_settings, given: str) -> None:  # type: ignore[no-untyped-def]
    answer = ask("What did Putin say about the islands?", settings=seed_settings, outlet=given)
    assert not answer.abstained
    assert _outlets_of(answer) == {"The Japan News"}
    assert {passage.outlet for passage in answer.passages} == {"The Japan News"}
    assert answer.restricted_to == "The Japan News"


def test_the_forum_outlet_filter_keeps_the_opening_post_and_leaves_out_replies(
    seed_settings,
) -> None:  # type: ignore[no-untyped-def]
    answer = ask("What did Putin say about the islands?", settings=seed_settings, outlet="ISN")
    assert answer.passages
    assert all(passage.outlet == "ISN" for passage in answer.passages)
    assert all(passage.post != "reply" for passage in answer.passages)


def test_an_outlet_that_does_not_cover_the_question_refuses_by_name(seed_settings) -> None:  # type: ignore[no-untyped-def]
    assert _outlets_of(ask(SHOIGU, settings=seed_settings)) == {"Modern Tokyo Times"}
    answer = ask(SHOIGU, settings=seed_settings, outlet="Global Research")
    assert answer.abstained and answer.citations == []
    assert answer.text.startswith("The articles don't cover this")
    assert "Global Research" in answer.text


def test_an_unknown_outlet_is_an_error_listing_the_known_ones(seed_settings) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UnknownOutletError) as raised:
        ask(SHOIGU, settings=seed_settings, outlet="Pravda")
    for outlet in SEED_OUTLETS:
        assert outlet in str(raised.value)


def test_a_viewpoint_question_is_answered_from_the_named_outlet(seed_settings) -> None:  # type: ignore[no-untyped-def]
    question = "What does Global Research argue about Japan's foreign policy?"
    answer = ask(question, settings=seed_settings)
    assert not answer.abstained
    assert _outlets_of(answer) == {"Global Research"}
    assert answer.restricted_to == "Global Research"
    assert answer.question == question and answer.searched_query == question


def test_a_viewpoint_question_is_answered_from_the_named_author(seed_settings) -> None:  # type: ignore[no-untyped-def]
    answer = ask("What does Uriel Araujo argue about Kishida?", settings=seed_settings)
    assert not answer.abstained
    assert all("Uriel Araujo" in citation.authors for citation in answer.citations)
    assert all("Uriel Araujo" in passage.authors for passage in answer.passages)


def test_a_viewpoint_question_the_source_does_not_address_is_refused(seed_settings) -> None:  # type: ignore[no-untyped-def]
    question = "According to The Japan News, what did Shoigu say about missile defense?"
    answer = ask(question, settings=seed_settings)
    assert answer.abstained and answer.citations == []
    assert "The Japan News" in answer.text
    assert {passage.outlet for passage in answer.passages} <= {"The Japan News"}


def test_who_wrote_a_named_outlets_report_is_its_byline(seed_settings) -> None:  # type: ignore[no-untyped-def]
    # Naming the outlet restricts the search to it; the question still asks for a byline.
    answer = ask("Who wrote the Japan News report on Putin's Japan plans?", settings=seed_settings)
    assert not answer.abstained
    assert answer.restricted_to == "The Japan News"
    assert "Yoshio Hanada" in answer.text


def test_an_outlet_named_as_a_topic_restricts_nothing(seed_settings) -> None:  # type: ignore[no-untyped-def]
    answer = ask("Which articles come from Global Research?", settings=seed_settings)
    assert answer.restricted_to is None


def test_both_sides_of_the_hybrid_retriever_are_restricted(answerer) -> None:  # type: ignore[no-untyped-def]
    restriction = answerer.engine.keyword_index().sources.outlet("Global Research")
    retriever = build_retriever(answerer.engine, top_k=50, restriction=restriction)
    query = answerer.embed_query(QueryBundle(SHOIGU))
    vector_side, keyword_side = retriever._retrievers
    for side in (vector_side, keyword_side):
        hits = side.retrieve(query)
        assert hits and all(hit.node.metadata["outlet"] == "Global Research" for hit in hits)
    everywhere = build_retriever(answerer.engine, top_k=50).retrieve(query)
    assert {hit.node.metadata["outlet"] for hit in everywhere} > {"Global Research"}


def test_asking_with_an_outlet_stays_fast(answerer) -> None:  # type: ignore[no-untyped-def]
    import time

    answerer.ask(SHOIGU, outlet="Modern Tokyo Times")  # builds the restricted retriever once
    started = time.perf_counter()
    for _ in range(5):
        answerer.ask(SHOIGU, outlet="Modern Tokyo Times")
    assert (time.perf_counter() - started) / 5 < 0.5  # tens of ms here; generous for CI


# --- the CLI ---------------------------------------------------------------------------------


def test_the_cli_outlet_flag_restricts_the_answer(seed_index_dir, capsys) -> None:  # type: ignore[no-untyped-def]
    arguments = ["ask", "--no-server", "--json", "--index-dir", str(seed_index_dir)]
    code = main([*arguments, "--outlet", "japan news", "What did Putin say about the islands?"])
    answer = Answer.model_validate_json(capsys.readouterr().out)
    assert code == 0
    assert _outlets_of(answer) == {"The Japan News"}


def test_the_cli_names_the_known_outlets_for_an_unknown_one(seed_index_dir, capsys) -> None:  # type: ignore[no-untyped-def]
    arguments = ["ask", "--no-server", "--index-dir", str(seed_index_dir), "--outlet", "Pravda"]
    code = main([*arguments, SHOIGU])
    assert code == 2
    error = capsys.readouterr().err
    assert "Pravda" in error and all(outlet in error for outlet in SEED_OUTLETS)


def test_the_cli_sends_the_outlet_to_a_server(
    fake_server: str,  # noqa: F811 (the fixture imported above)
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("JRQA_SERVER_URL", fake_server)
    assert main(["ask", "--json", "--outlet", "ISN", SHOIGU]) == 0
    ((path, _, body),) = _Recording.requests
    assert path == "/v1/ask" and body["outlet"] == "ISN"
    assert "[1]" in Answer.model_validate_json(capsys.readouterr().out).text


# --- the HTTP API ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def client(answerer) -> Iterator[TestClient]:  # type: ignore[no-untyped-def]
    with TestClient(create_service_app(answerer), raise_server_exceptions=False) as test_client:
        yield test_client


def test_the_ask_endpoint_takes_an_outlet(client: TestClient, answerer) -> None:  # type: ignore[no-untyped-def]
    question = "What did Putin say about the islands?"
    reply = client.post("/v1/ask", json={"question": question, "outlet": "the japan news"})
    assert reply.status_code == 200
    answer = Answer.model_validate(reply.json())
    assert answer == answerer.ask(question, outlet="The Japan News")
    assert _outlets_of(answer) == {"The Japan News"}


@pytest.mark.parametrize("stream", [False, True])
def test_the_ask_endpoint_refuses_an_unknown_outlet(client: TestClient, stream: bool) -> None:
    body = {"question": SHOIGU, "outlet": "Pravda", "stream": stream}
    reply = client.post("/v1/ask", json=body)
    assert reply.status_code == 400
    error = reply.json()["error"]
    assert error["code"] == "unknown_outlet"
    assert all(outlet in error["message"] for outlet in SEED_OUTLETS)


def _completion(outlet: str, stream: bool = False) -> dict[str, Any]:
    return {
        "model": "jrqa-extractive",
        "messages": [{"role": "user", "content": "What did Putin say about the islands?"}],
        "stream": stream,
        "jrqa": {"outlet": outlet},
    }


def test_chat_completions_take_the_outlet_in_the_jrqa_field(client: TestClient) -> None:
    reply = client.post("/v1/chat/completions", json=_completion("ISN"))
    assert reply.status_code == 200
    extra = reply.json()["jrqa"]
    assert extra["restricted_to"] == "ISN"
    assert extra["citations"] and {c["outlet"] for c in extra["citations"]} == {"ISN"}


def test_a_streamed_completion_with_an_unknown_outlet_is_refused_before_it_starts(
    client: TestClient,
) -> None:
    reply = client.post("/v1/chat/completions", json=_completion("Pravda", stream=True))
    assert reply.status_code == 400
    assert json.loads(reply.text)["error"]["code"] == "unknown_outlet"
