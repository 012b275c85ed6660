import json

from jrqa.cli import main


def test_ask_prints_answer_and_sources(seed_index_dir, capsys) -> None:
    code = main(["ask", "--index-dir", str(seed_index_dir), "Who signed the Tokyo Declaration?"])
    out = capsys.readouterr().out
    assert code == 0
    assert "Yeltsin" in out and "[1]" in out
    assert "Sources:" in out and "001_68ffb54545db6918.txt" in out


def test_ask_json_is_the_answer(seed_index_dir, capsys) -> None:
    code = main(
        [
            "ask",
            "--json",
            "--index-dir",
            str(seed_index_dir),
            "What is the population of Vladivostok?",
        ]
    )
    payload = json.loads(capsys.readouterr().out)
    assert code == 0
    assert payload["abstained"] is True and payload["citations"] == []


def test_empty_question_is_a_usage_error(seed_index_dir, capsys) -> None:
    code = main(["ask", "--index-dir", str(seed_index_dir), "   "])
    assert code == 2
    assert "empty" in capsys.readouterr().err


def test_huge_question_is_refused(seed_index_dir, capsys) -> None:
    code = main(["ask", "--index-dir", str(seed_index_dir), "why " * 1000])
    assert code == 2
    assert "limit" in capsys.readouterr().err


def test_fresh_checkout_builds_index_from_seeds(tmp_path, capsys) -> None:
    from tests.conftest import SEEDS

    index = tmp_path / "index"
    code = main(
        ["ask", "--index-dir", str(index), "How many bilateral meetings had Abe held with Putin?"]
    )
    captured = capsys.readouterr()
    assert code == 0
    assert "Built the index" in captured.err
    assert "20" in captured.out
    assert (index / "manifest.json").exists()
    assert len(list(SEEDS.glob("*.txt"))) == 5


def test_ingest_reports_counts(tmp_path, capsys) -> None:
    from tests.conftest import SEEDS

    code = main(["ingest", "--index-dir", str(tmp_path / "i"), "--json", str(SEEDS)])
    report = json.loads(capsys.readouterr().out)
    assert code == 0 and len(report["added"]) == 5 and report["chunks_total"] > 0
