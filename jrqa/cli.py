"""The ``jrqa`` command: ingest, ask, chat, eval, bench."""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from collections.abc import Callable, Sequence
from typing import TextIO

from jrqa.errors import JrqaError
from jrqa.models import Answer
from jrqa.settings import Settings, load_settings

# Subcommands that live outside the core package, imported only when used:
# name -> (module, help). Each module has add_arguments(parser) and run(args, settings) -> int.
_PLUGGED_COMMANDS = {
    "chat": ("ui.cli", "open the chat page (builds the index first if needed)"),
    "eval": ("evals.runner", "run the question set and check the quality gate"),
    "bench": ("evals.bench", "measure ingest and answer speed against the stock pipeline"),
}


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with settings flags shared by every subcommand."""
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

    for name, (module, help_text) in _PLUGGED_COMMANDS.items():
        sub = commands.add_parser(name, parents=[common], help=help_text)
        sub.set_defaults(plugged_module=module)
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


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code (0 ok, 1 failed check, 2 usage or input error)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = settings_from_args(args)
        if args.command == "ingest":
            return _ingest(args, settings)
        if args.command == "ask":
            return _ask(args, settings)
        module = importlib.import_module(args.plugged_module)
        return int(module.run(args, settings))
    except JrqaError as error:
        print(f"jrqa: {error}", file=sys.stderr)
        return 2
    except ImportError as error:
        print(
            f"jrqa: {args.command} needs an optional dependency that is missing ({error.name}). "
            "Install it with: pip install 'jrqa[ui,local,openai,bench]'",
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
            print(f"  skipped {problem.path}: {problem.message}", file=sys.stderr)
    return 0


def _ask(args: argparse.Namespace, settings: Settings) -> int:
    from jrqa.answering import validate_question
    from jrqa.api import ensure_index, get_answerer

    question = validate_question(args.question)  # before any slow loading
    answerer = get_answerer(settings)
    report = ensure_index(answerer)
    if report is not None:
        print(f"Built the index from {settings.seeds_dir}: {report.summary()}", file=sys.stderr)
    answer = answerer.ask(question)
    if args.json:
        print(answer.model_dump_json(indent=2))
    else:
        print_answer(answer, sys.stdout)
    return 0


def print_answer(answer: Answer, out: TextIO) -> None:
    """The answer, then a numbered source list with the quoted spans."""
    out.write(answer.text + "\n")
    if answer.abstained:
        return
    out.write("\nSources:\n")
    for citation in answer.citations:
        outlet = f", {citation.outlet}" if citation.outlet else ""
        out.write(f"[{citation.n}] {citation.title}{outlet} ({citation.source})\n")
        out.write(f"    “{citation.quote}”\n")
    for removed in answer.removed:
        sentence = json.dumps(removed.sentence, ensure_ascii=False)
        out.write(f"(dropped unverified sentence: {sentence}: {removed.reason})\n")


if __name__ == "__main__":
    raise SystemExit(main())
