"""jrqa's query engine used the way a llama-index application uses any query engine."""

from __future__ import annotations

import asyncio
import re
from concurrent.futures import ThreadPoolExecutor

import pytest
from llama_index.core.base.base_query_engine import BaseQueryEngine
from llama_index.core.base.response.schema import Response
from llama_index.core.schema import NodeWithScore
from llama_index.core.tools import QueryEngineTool

import jrqa
from jrqa.models import Answer

MEETINGS = "How many bilateral meetings had Abe held with Putin?"
OFF_TOPIC = "What is the population of Vladivostok?"


@pytest.fixture(scope="module")
def engine(seed_settings) -> BaseQueryEngine:  # type: ignore[no-untyped-def]
    return jrqa.query_engine(seed_settings)


def test_query_returns_a_cited_response_with_its_sources(engine: BaseQueryEngine) -> None:
    response = engine.query(MEETINGS)
    assert isinstance(engine, BaseQueryEngine) and isinstance(response, Response)
    assert re.search(r"\b20\b.*\[1\]", str(response))
    citations = response.metadata["citations"]
    assert citations[0]["source"].startswith("003_") and citations[0]["n"] == 1
    assert response.metadata["abstained"] is False
    assert response.source_nodes and isinstance(response.source_nodes[0], NodeWithScore)
    assert response.source_nodes[0].node.metadata["source"].startswith("003_")
    assert isinstance(response.metadata["answer"], Answer)


def test_a_question_the_articles_do_not_answer_is_refused(engine: BaseQueryEngine) -> None:
    response = engine.query(OFF_TOPIC)
    assert response.metadata["abstained"] is True
    assert response.metadata["citations"] == []
    assert "don't cover" in str(response)


def test_aquery_gives_the_same_answer(engine: BaseQueryEngine) -> None:
    sync = engine.query(MEETINGS)
    # A loop of its own in a thread of its own, as an async application would run it,
    # whatever loop an earlier test left in this thread.
    with ThreadPoolExecutor(max_workers=1) as pool:
        asynchronous = pool.submit(asyncio.run, engine.aquery(MEETINGS)).result()
    assert isinstance(asynchronous, Response)
    assert str(asynchronous) == str(sync)
    assert asynchronous.metadata["citations"] == sync.metadata["citations"]


def test_the_engine_works_as_a_query_engine_tool(engine: BaseQueryEngine) -> None:
    tool = QueryEngineTool.from_defaults(
        query_engine=engine,
        name="japan_russia_news",
        description="Answers questions about Japan-Russia relations from news articles.",
    )
    output = tool.call(input=MEETINGS)
    assert re.search(r"\b20\b", output.content)
    assert isinstance(output.raw_output, Response)
    assert output.raw_output.metadata["citations"][0]["source"].startswith("003_")
    assert tool.metadata.name == "japan_russia_news"


def test_ask_is_built_on_the_same_engine(seed_settings) -> None:  # type: ignore[no-untyped-def]
    answer = jrqa.ask(MEETINGS, settings=seed_settings)
    response = jrqa.query_engine(seed_settings).query(MEETINGS)
    assert answer.text == str(response)
    assert [c.model_dump() for c in answer.citations] == response.metadata["citations"]
