"""The ``jrqa`` command: ingest, ask, chat, serve, eval, bench."""

from __future__ import annotations

import argparse
import importlib
import json
import re
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TextIO

from pydantic import ValidationError

from jrqa.errors import JrqaError, redact
from jrqa.models import Answer, attribution
from jrqa.settings import Settings, load_settings

if TYPE_CHECKING:
    from jrqa.answer.answerer import Answerer

# C0 controls except tab and newline, DEL and C1 controls, and the invisible bidi marks.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")

# Subcommands that live outside the core package, imported only when used:
# name -> (module, help). Each module has add_arguments(parser) and run(args, settings) -> int.
_PLUGGED_COMMANDS = {
    "chat": ("ui.cli", "open the chat page (builds the index first if needed)"),
    "serve": ("jrqa.serve.cli", "serve the HTTP API (OpenAI-compatible too) and the chat page"),
    "eval": ("evals.runner", "run the question set and check the quality gate"),
    "bench": ("evals.bench", "measure ingest and answer speed against the stock pipeline"),
}


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The argument parser, with settings flags shared by every subcommand.

    With ``command``, only that subcommand's module is imported to declare its flags:
    the others (the eval's and the bench's) import llama-index, which a `jrqa ask`
    answered by a running server must not wait for.
    """
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--index-dir", help="folder of the persisted index (JRQA_INDEX_DIR)")
    common.add_argument("--chroma-url", help="Chroma server URL instead of the embedded store")
    common.add_argument("--top-k", type=int, help="passages retrieved per question")
    common.add_argument(
        "--mode", choices=["extractive", "local", "openai"], help="how answers are composed"
    )
    common.add_argument("--chunk-tokens", type=int, help="chunk size in word pieces")
    common.add_argument("--model-path", dest="local_model_path", help="GGUF file for local mode")
    common.add_argument("--openai-base-url", help="OpenAI-compatible endpoint URL")
    common.add_argument("--openai-model", help="model name at that endpoint")

    parser = argparse.ArgumentParser(
        prog="jrqa", description="Grounded, cited answers about Japan–Russia relations."
    )
    commands = parser.add_subparsers(dest="command", required=True)

    ingest = commands.add_parser("ingest", parents=[common], help="add articles to the index")
    ingest.add_argument("paths", nargs="*", help="files or folders (default: seeds/)")
    ingest.add_argument("--json", action="store_true", help="print the report as JSON")

    ask = commands.add_parser("ask", parents=[common], help="answer one question")
    ask.add_argument("question", help="the question, in quotes")
    ask.add_argument("--json", action="store_true", help="print the Answer as JSON")
    ask.add_argument(
        "--outlet",
        metavar="NAME",
        help="answer from this outlet's articles only (case and a leading 'the' don't matter)",
    )
    ask.add_argument(
        "--server-url",
        help="a running `jrqa serve` to ask (JRQA_SERVER_URL; default: "
        "http://127.0.0.1:<port> if one answers there)",
    )
    ask.add_argument(
        "--no-server", action="store_true", help="answer in this process, not through a server"
    )

    for name, (module, help_text) in _PLUGGED_COMMANDS.items():
        sub = commands.add_parser(name, parents=[common], help=help_text)
        sub.set_defaults(plugged_module=module)
        if command in (None, name):
            _plugged_arguments(module, sub)
    return parser


def _plugged_arguments(module: str, parser: argparse.ArgumentParser) -> None:
    """Let the command's module declare its flags; skip if its extra is not installed."""
    try:
        add_arguments: Callable[[argparse.ArgumentParser], None] = importlib.import_module(
            module
        ).add_arguments
    except ImportError:
        return
    add_arguments(parser)


def settings_from_args(args: argparse.Namespace) -> Settings:
    """Environment settings, overridden by the flags given."""
    fields = Settings.model_fields
    overrides = {key: value for key, value in vars(args).items() if key in fields}
    return load_settings(**overrides)


def settings_problems(error: ValidationError) -> str:
    """Which settings are out of bounds (without their values, which may be secrets)."""
    problems = []
    for item in error.errors():
        name = str(item["loc"][0]) if item["loc"] else "settings"
        problems.append(f"{name} (JRQA_{name.upper()}): {item['msg']}")
    return "invalid setting: " + "; ".join(problems)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code (0 ok, 1 failed check, 2 usage or input error)."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(next((a for a in arguments if not a.startswith("-")), None))
    args = parser.parse_args(arguments)
    settings: Settings | None = None
    try:
        settings = settings_from_args(args)
        if args.command == "ingest":
            return _ingest(args, settings)
        if args.command == "ask":
            return _ask(args, settings)
        module = importlib.import_module(args.plugged_module)
        return int(module.run(args, settings))
    except ValidationError as error:
        print(f"jrqa: {settings_problems(error)}", file=sys.stderr)
        return 2
    except JrqaError as error:
        print(f"jrqa: {terminal_safe(redact(str(error), settings))}", file=sys.stderr)
        return 2
    except ImportError as error:
        print(
            f"jrqa: {args.command} needs an optional dependency that is missing ({error.name}). "
            "Install it with: pip install 'jrqa[ui,serve,local,openai,bench]'",
            file=sys.stderr,
        )
        return 2
    except KeyboardInterrupt:
        print("jrqa: interrupted", file=sys.stderr)
        return 130


def _ingest(args: argparse.Namespace, settings: Settings) -> int:
    from jrqa.api import ingest

    report = ingest(args.paths or None, settings=settings)
    if args.json:
        print(report.model_dump_json(indent=2))
    else:
        print(report.summary())
        for problem in report.failed:
            print(terminal_safe(f"  skipped {problem.path}: {problem.message}"), file=sys.stderr)
        for problem in report.warnings:
            print(terminal_safe(f"  warning: {problem.path}: {problem.message}"), file=sys.stderr)
    return 0


def _ask(args: argparse.Namespace, settings: Settings) -> int:
    answer = None if args.no_server else _ask_server(args, settings)
    if answer is None:
        answer = _ask_here(args, settings)
    if args.json:
        print(answer.model_dump_json(indent=2))
    else:
        print_answer(answer, sys.stdout)
    return 0


def _ask_server(args: argparse.Namespace, settings: Settings) -> Answer | None:
    """The answer of a running `jrqa serve`, or None to answer here.

    Imports only the standard-library client: the point is not to load llama-index.
    """
    from jrqa.serve.client import answer_from_server

    def warn(message: str) -> None:
        print(f"jrqa: {terminal_safe(message)}", file=sys.stderr)

    draft = None if args.json else DraftEcho(sys.stderr)
    on_draft = draft.show if draft is not None else None
    answer = answer_from_server(args.question, settings, warn, on_draft, outlet=args.outlet)
    if answer is not None and draft is not None:
        draft.finish()
    return answer


def _ask_here(args: argparse.Namespace, settings: Settings) -> Answer:
    """The answer computed in this process (the index is built first if empty)."""
    from jrqa.answer.answerer import validate_question
    from jrqa.api import get_answerer, open_index

    question = validate_question(args.question)  # before any slow loading
    answerer = get_answerer(settings)
    for line in open_index(answerer):
        print(line, file=sys.stderr)
    if args.json:
        return answerer.ask(question, outlet=args.outlet)
    return stream_answer(answerer, question, sys.stderr, outlet=args.outlet)


class DraftEcho:
    """Shows a language model's draft on ``out`` as it is written.

    The draft goes to its own stream (stderr from the CLI) because it is not the
    answer: only what verification keeps is printed as the answer.
    """

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.shown = ""

    def show(self, draft: str) -> None:
        """The draft so far (usually the last one plus a few words)."""
        if not self.shown:
            self.out.write("Draft (verifying): ")
        new = draft[len(self.shown) :] if draft.startswith(self.shown) else " " + draft
        self.out.write(terminal_safe(new))
        self.out.flush()
        self.shown = draft

    def finish(self) -> None:
        """End the draft's line, if one was shown."""
        if self.shown:
            self.out.write("\n")


def stream_answer(
    answerer: Answerer, question: str, draft_out: TextIO, outlet: str | None = None
) -> Answer:
    """Ask, showing a language model's draft on ``draft_out`` as it is written."""
    draft = DraftEcho(draft_out)
    for item in answerer.stream(question, outlet=outlet):
        if isinstance(item, Answer):
            draft.finish()
            return item
        draft.show(item)
    raise JrqaError("The answer stream ended without an answer; please ask again.")


def terminal_safe(text: str) -> str:
    """Text with control and bidi characters shown as escapes.

    Article text, titles and file names are data: an escape sequence in one must not
    clear, recolour or retitle the user's terminal when jrqa prints it.
    """
    return _UNPRINTABLE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def print_answer(answer: Answer, out: TextIO) -> None:
    """The answer, then a numbered source list with the quoted spans."""
    out.write(terminal_safe(answer.text) + "\n")
    if answer.note:
        out.write(f"({terminal_safe(answer.note)})\n")
    if answer.abstained:
        return
    out.write("\nSources:\n")
    for citation in answer.citations:
        # Who said it: an outlet and kind of text, or a forum post and its poster.
        said_by = attribution(citation)
        if citation.post == "reply":  # a reply is not the thread's (reposted) title
            line = f"[{citation.n}] {said_by} ({citation.source})"
        else:
            byline = f" — {said_by}" if said_by else ""
            line = f"[{citation.n}] {citation.title}{byline} ({citation.source})"
        out.write(terminal_safe(line) + "\n")
        out.write(f"    “{terminal_safe(citation.quote)}”\n")
    if answer.fell_back:
        out.write("(the model's draft could not be verified, so this answer quotes the articles)\n")
    for removed in answer.removed:
        sentence = json.dumps(removed.sentence, ensure_ascii=False)
        out.write(terminal_safe(f"(dropped unverified sentence: {sentence}: {removed.reason})"))
        out.write("\n")


if __name__ == "__main__":
    raise SystemExit(main())
