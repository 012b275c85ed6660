"""Twenty people chatting at once with a real `jrqa chat` process.

Each simulated user has its own Gradio session and asks ten questions, follow-ups among
them, through the page's own API (the endpoint the Ask box uses). Every reply must be the
one the same conversation gets when it is the only one (computed in-process beforehand),
standalone questions must get their known facts and sources, and every session must hold
only its own conversation. Throughput and latency are printed; nothing asserts on timing.
"""

from __future__ import annotations

import html
import random
import re
import statistics
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.robustness.conftest import ChatServer, copy_index, running_chat, subprocess_env

pytestmark = [pytest.mark.server, pytest.mark.slow]

USERS = 20
ANSWER_TIMEOUT_S = 120
LOAD_TIMEOUT_S = 420
SECRET = "sk-SENTINEL-never-printed-7f3a"


@dataclass(frozen=True)
class Ask:
    question: str
    source: str | None = None  # the article a standalone answer must cite
    fact: str | None = None  # ... and a fact it must contain
    abstain: bool = False


TOKYO = "001_68ffb54545db6918.txt"
SHOIGU = "002_ec14b058b1acca21.txt"
ABE = "003_74a3a5299abf2617.txt"
KISHIDA = "000_c2c94d742fc28ab2.txt"

# Six standalone questions and two question + follow-up pairs: ten questions per user.
# Follow-ups are checked for being read against this user's own previous question and for
# matching the single-user reply; their wording quality is the eval suite's business.
FLOWS: list[tuple[Ask, ...]] = [
    (Ask("Who signed the Tokyo Declaration?", TOKYO, "Yeltsin"),),
    (Ask("How many bilateral meetings had Abe held with Putin?", ABE, "20 bilateral"),),
    (
        Ask(
            "Which Russian warships left Vladivostok for the air defense exercise "
            "in the Sea of Japan?",
            KISHIDA,
            "Varyag",
        ),
    ),
    (Ask("What is the population of Vladivostok?", abstain=True),),
    (
        Ask(
            "What did Putin send Kishida after Kishida became Japan's new leader?",
            KISHIDA,
            "telegram",
        ),
    ),
    (
        Ask(
            "Which Russian minister talked about the US missile defense network "
            "during the Tokyo talks?",
            SHOIGU,
            "Shoigu",
        ),
    ),
    (
        Ask("Where does Abe plan to visit in May?", ABE, "St. Petersburg"),
        Ask("And where is he going in September?"),
    ),
    (
        Ask("What kind of territorial resolution did Putin favor?", TOKYO, "territorial"),
        Ask("Which sport did he compare it to?"),
    ),
]
FOLLOW_UPS = {flow[1].question: flow[0].question for flow in FLOWS if len(flow) == 2}


def conversation(user: int) -> list[Ask]:
    """This user's ten questions: the flows in an order of its own."""
    flows = list(FLOWS)
    random.Random(user).shuffle(flows)
    return [ask for flow in flows for ask in flow]


@dataclass
class UserRun:
    user: int
    latencies: list[float] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _plain(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", markup))


def _content(message: dict[str, Any]) -> str:
    content = message["content"]
    if isinstance(content, list):  # Gradio 6 hands messages back as typed parts
        return "".join(part.get("text", "") for part in content if isinstance(part, dict))
    return str(content)


def _turn_questions(sources_html: str) -> list[str]:
    """The questions the sources panel holds answers for, newest first."""
    found = re.findall(r'<div class="jrqa-turn-q">(.*?)</div>', sources_html)
    return [html.unescape(question) for question in found]


def _check(
    ask: Ask,
    asked: list[str],
    messages: list[dict[str, Any]],
    sources_html: str,
    alone: tuple[str, str],
) -> list[str]:
    """What is wrong with one reply, given this user's questions so far and the reply
    the same conversation gets when nobody else is using the page."""
    problems = []
    users_turns = [_plain(_content(m)).strip() for m in messages if m["role"] == "user"]
    if users_turns != asked:
        problems.append(f"chat history is not this user's: {users_turns}")
    if _turn_questions(sources_html) != asked[::-1]:
        problems.append(f"sources panel is not this user's: {_turn_questions(sources_html)}")
    reply = _content(messages[-1])
    body = _plain(reply.split('<div class="jrqa-searched">')[0])
    newest = sources_html.split("<section", 2)[1] if "<section" in sources_html else ""
    if "jrqa-error" in reply:
        problems.append(f"error: {body}")
    if (reply, sources_html) != alone:
        problems.append(f"differs from the single-user reply: {body[:160]}")
    if ask.abstain and "jrqa-abstained" not in reply:
        problems.append(f"should abstain: {body[:120]}")
    if ask.fact and ("jrqa-abstained" in reply or ask.fact.lower() not in body.lower()):
        problems.append(f"missing {ask.fact!r}: {body[:160]}")
    if ask.source and ask.source not in _plain(newest):
        problems.append(f"does not cite {ask.source}")
    searched = _plain(reply.split('<div class="jrqa-searched">')[-1]) if "searched" in reply else ""
    if ask.question in FOLLOW_UPS and FOLLOW_UPS[ask.question] not in searched:
        problems.append(f"follow-up not read against this user's question: {searched}")
    return problems


def _replies_alone(settings, user: int) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """(answer bubble, sources panel) after each question, for one conversation alone."""
    from jrqa.api import get_answerer
    from ui.chat import ChatController
    from ui.conversation import Conversation
    from ui.feedback import FeedbackLog

    feedback = FeedbackLog(Path("unused"))
    controller = ChatController(get_answerer(settings), feedback, settings, ["extractive"])
    chat, replies = Conversation(), []
    for ask in conversation(user):
        *_, last = controller.respond(chat, ask.question, "extractive")
        replies.append((last.chat.messages[-1]["content"], last.sources_html))
    return replies


def _simulate_user(url: str, user: int, alone: list[tuple[str, str]]) -> UserRun:
    from gradio_client import Client

    run = UserRun(user)
    client = Client(url, verbose=False, download_files=False, analytics_enabled=False)
    asked: list[str] = []
    for ask, expected in zip(conversation(user), alone, strict=True):
        started = time.perf_counter()
        job = client.submit(ask.question, "extractive", api_name="/ask")
        chat, sources_html, _status, _box = job.result(timeout=ANSWER_TIMEOUT_S)
        messages = chat["value"] if isinstance(chat, dict) else chat  # an update with votes
        run.latencies.append(time.perf_counter() - started)
        asked.append(ask.question)
        for problem in _check(ask, asked, messages, sources_html, expected):
            run.problems.append(f"user {user}, {ask.question!r}: {problem}")
    client.close()
    return run


@pytest.fixture(scope="module")
def chat_server(
    seed_index_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ChatServer]:
    folder = tmp_path_factory.mktemp("chat-load")
    index_dir = copy_index(seed_index_dir, folder / "index")
    env = subprocess_env(
        JRQA_OPENAI_API_KEY=SECRET, JRQA_FEEDBACK_PATH=str(folder / "feedback.jsonl")
    )
    with running_chat(index_dir, folder / "chat.log", env) as server:
        yield server


def test_twenty_concurrent_users_get_their_own_right_answers(
    chat_server: ChatServer, seed_settings, capsys: pytest.CaptureFixture[str]
) -> None:
    alone = {user: _replies_alone(seed_settings, user) for user in range(USERS)}
    started = time.perf_counter()
    pool = ThreadPoolExecutor(max_workers=USERS)
    try:
        futures = [
            pool.submit(_simulate_user, chat_server.url, user, alone[user]) for user in range(USERS)
        ]
        _, pending = wait(futures, timeout=LOAD_TIMEOUT_S)
    finally:
        pool.shutdown(wait=False, cancel_futures=True)  # a stuck user must not hang the run
    assert not pending, f"{len(pending)} users did not finish in {LOAD_TIMEOUT_S}s"
    elapsed = time.perf_counter() - started
    runs = [future.result() for future in futures]  # re-raises a user's exception

    problems = [problem for run in runs for problem in run.problems]
    latencies = sorted(latency for run in runs for latency in run.latencies)
    assert len(latencies) == USERS * sum(len(flow) for flow in FLOWS)
    assert not problems, "\n".join(problems[:20])
    p95 = latencies[int(0.95 * (len(latencies) - 1))]
    with capsys.disabled():  # the figures are for the record, so they always show
        print(
            f"\nchat load: {USERS} users x {len(latencies) // USERS} questions, "
            f"{len(latencies) / elapsed:.1f} answers/s, latency median "
            f"{statistics.median(latencies) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
            f"max {latencies[-1] * 1000:.0f} ms, wall {elapsed:.1f} s"
        )
    assert chat_server.process.poll() is None, "the server died under load"
    assert "Traceback" not in chat_server.output()
    assert SECRET not in chat_server.output()
