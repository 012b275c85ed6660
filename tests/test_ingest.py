import shutil
from pathlib import Path

import pytest

from jrqa.api import get_answerer, ingest
from jrqa.settings import Settings

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    shutil.copytree(SEEDS, folder)
    return folder


@pytest.fixture()
def settings(tmp_path: Path) -> Settings:
    return Settings(index_dir=tmp_path / "index", seeds_dir=SEEDS)


def _chunk_ids_by_source(settings: Settings) -> dict[str, set[str]]:
    collection = get_answerer(settings).engine.collection
    page = collection.get(include=["metadatas"])
    found: dict[str, set[str]] = {}
    for chunk_id, metadata in zip(page["ids"], page["metadatas"] or [], strict=True):
        found.setdefault(str(metadata["source"]), set()).add(chunk_id)
    return found


def test_second_ingest_adds_nothing(corpus: Path, settings: Settings) -> None:
    first = ingest([corpus], settings=settings, show_progress=False)
    assert len(first.added) == 5 and first.chunks_written > 0
    count = get_answerer(settings).engine.collection.count()
    assert count == first.chunks_total

    second = ingest([corpus], settings=settings, show_progress=False)
    assert second.added == [] and second.updated == [] and second.chunks_written == 0
    assert sorted(second.skipped) == sorted(first.added)
    assert get_answerer(settings).engine.collection.count() == count


def test_touched_but_unchanged_file_is_skipped(corpus: Path, settings: Settings) -> None:
    ingest([corpus], settings=settings, show_progress=False)
    target = next(corpus.glob("000_*.txt"))
    target.write_bytes(target.read_bytes())  # new mtime, same content
    report = ingest([corpus], settings=settings, show_progress=False)
    assert report.chunks_written == 0 and target.name in report.skipped


def test_edited_article_replaces_only_its_chunks(corpus: Path, settings: Settings) -> None:
    ingest([corpus], settings=settings, show_progress=False)
    before = _chunk_ids_by_source(settings)
    target = next(corpus.glob("003_*.txt"))
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace("a total of 20 bilateral", "a total of 21 bilateral"), "utf-8")

    report = ingest([corpus], settings=settings, show_progress=False)
    assert report.updated == [target.name] and report.added == []
    after = _chunk_ids_by_source(settings)
    assert after[target.name] != before[target.name]
    assert len(after[target.name]) == len(before[target.name])
    for source, ids in before.items():
        if source != target.name:
            assert after[source] == ids
    answer = get_answerer(settings).ask("How many bilateral meetings had Abe held with Putin?")
    assert "21 bilateral" in answer.text


def test_removed_article_loses_its_chunks(corpus: Path, settings: Settings) -> None:
    ingest([corpus], settings=settings, show_progress=False)
    target = next(corpus.glob("002_*.txt"))
    target.unlink()
    report = ingest([corpus], settings=settings, show_progress=False)
    assert report.removed == [target.name]
    assert target.name not in _chunk_ids_by_source(settings)
    assert get_answerer(settings).engine.collection.count() == report.chunks_total


def test_keyword_index_is_loaded_not_rebuilt_when_nothing_changed(
    corpus: Path, settings: Settings
) -> None:
    from jrqa.index.engine import Engine

    ingest([corpus], settings=settings, show_progress=False)
    stamp = settings.bm25_dir / "jrqa_generation.json"
    built_at = stamp.stat().st_mtime_ns
    fresh = Engine(settings)  # a new process would start like this
    assert fresh.keyword_index().term_stats.document_count == fresh.collection.count()
    assert stamp.stat().st_mtime_ns == built_at


def test_each_batch_embeds_every_sentence_once_in_one_model_call(
    corpus: Path, settings: Settings
) -> None:
    """One call lets the model sort the batch's sentences by length (little padding).

    llama-index's get_text_embedding_batch would hand the model 64 texts at a time in
    input order, each small batch padded to its longest sentence: three times the work.
    """
    from jrqa.index.embedding import MiniLMEmbedding
    from jrqa.index.engine import Engine
    from jrqa.ingest.pipeline import ingest as run_ingest
    from tests.fake_encoders import HashingEncoder, RecordingEncoder

    recording = RecordingEncoder(HashingEncoder())  # counts calls; no meaning needed
    engine = Engine(settings, embedder=MiniLMEmbedding(recording))
    report = run_ingest(engine, [corpus], show_progress=False)
    assert report.chunks_written < settings.ingest_batch_chunks  # the seeds fit one batch
    assert len(recording.calls) == 1
    sentences = engine.sentence_vectors.count()
    assert len(recording.calls[0]) == sentences > report.chunks_written


def test_sentence_collection_builds_no_search_graph_worth_the_name(
    corpus: Path, settings: Settings
) -> None:
    from jrqa.index.sentence_vectors import COLLECTION_METADATA, SUFFIX

    ingest([corpus], settings=settings, show_progress=False)
    engine = get_answerer(settings).engine
    sentences = engine.client.get_collection(settings.collection + SUFFIX)
    assert sentences.metadata == COLLECTION_METADATA
    assert engine.collection.metadata == {"hnsw:space": "cosine"}  # chunks keep a real index


def test_manifest_is_read_again_only_when_the_file_changes(
    corpus: Path, settings: Settings
) -> None:
    ingest([corpus], settings=settings, show_progress=False)
    engine = get_answerer(settings).engine
    first = engine.manifest()
    assert engine.manifest() is first  # every question checks it: no re-parse
    target = next(corpus.glob("001_*.txt"))
    target.write_text(target.read_text(encoding="utf-8") + "\nA new closing line.\n", "utf-8")
    ingest([corpus], settings=settings, show_progress=False)
    assert engine.manifest().generation == first.generation + 1


def test_a_sentence_collection_with_an_older_graph_is_rebuilt_and_re_embedded(
    corpus: Path, settings: Settings
) -> None:
    """A sparser graph crashes Chroma on re-ingest: an index made with one is rebuilt."""
    import json

    import chromadb
    from chromadb.config import Settings as ChromaSettings

    from jrqa.index.engine import Engine
    from jrqa.index.sentence_vectors import COLLECTION_METADATA, SUFFIX
    from jrqa.ingest.pipeline import ingest as run_ingest
    from jrqa.ingest.provenance import RULES_VERSION

    first = ingest([corpus], settings=settings, show_progress=False)
    # What an index written by an older jrqa looks like: its graph parameters and its
    # manifest's rules version.
    client = chromadb.PersistentClient(
        path=str(settings.chroma_dir), settings=ChromaSettings(anonymized_telemetry=False)
    )
    name = settings.collection + SUFFIX
    client.delete_collection(name)
    old = {"hnsw:space": "cosine", "hnsw:M": 2, "hnsw:construction_ef": 2}
    client.create_collection(name, metadata=old, embedding_function=None)
    manifest = json.loads(settings.manifest_path.read_text(encoding="utf-8"))
    for entry in manifest["entries"].values():
        entry["rules_version"] = RULES_VERSION - 1
    settings.manifest_path.write_text(json.dumps(manifest), encoding="utf-8")

    engine = Engine(settings)
    assert engine.client.get_collection(name).metadata == old
    assert engine.sentence_vectors.count() == 0
    assert engine.client.get_collection(name).metadata == COLLECTION_METADATA
    report = run_ingest(engine, [corpus], show_progress=False)  # as a new process would
    assert sorted(report.updated) == sorted(first.added)
    assert engine.sentence_vectors.count() > report.chunks_written


def _as_an_older_jrqa_left_it(settings: Settings) -> None:
    """The index as a jrqa with older rules leaves it: older rules version, no sentence
    vectors (they are dropped when their store's format changes)."""
    import json

    from jrqa.index.engine import Engine
    from jrqa.ingest.provenance import RULES_VERSION

    engine = Engine(settings)
    for source in engine.sentence_vectors.sources():
        engine.sentence_vectors.delete_source(source)
    manifest = json.loads(settings.manifest_path.read_text(encoding="utf-8"))
    for entry in manifest["entries"].values():
        entry["rules_version"] = RULES_VERSION - 1
    settings.manifest_path.write_text(json.dumps(manifest), encoding="utf-8")


def test_articles_an_older_jrqa_indexed_are_read_again_before_answering(
    corpus: Path, settings: Settings
) -> None:
    from jrqa.answer.answerer import Answerer
    from jrqa.api import ensure_index
    from jrqa.index.engine import Engine

    first = ingest([corpus], settings=settings, show_progress=False)
    _as_an_older_jrqa_left_it(settings)
    answerer = Answerer(Engine(settings))  # as a new process would open it
    assert answerer.ask("When did Japan win the war against Russia?").abstained

    update = ensure_index(answerer, show_progress=False)
    assert update is not None and "older jrqa" in update.line()
    assert sorted(update.report.updated) == sorted(first.added)
    answer = answerer.ask("When did Japan win the war against Russia?")
    assert not answer.abstained and "1905" in answer.text
    assert ensure_index(answerer, show_progress=False) is None  # nothing left to read


def test_an_older_index_whose_articles_moved_says_how_to_update_it(
    corpus: Path, settings: Settings
) -> None:
    from jrqa.answer.answerer import Answerer
    from jrqa.api import ensure_index
    from jrqa.errors import IndexUnavailableError
    from jrqa.index.engine import Engine

    ingest([corpus], settings=settings, show_progress=False)
    _as_an_older_jrqa_left_it(settings)
    moved = corpus.parent / "moved"
    corpus.rename(moved)
    with pytest.raises(IndexUnavailableError, match="older jrqa.*jrqa ingest"):
        ensure_index(Answerer(Engine(settings)), show_progress=False)

    report = ingest([moved], settings=settings, show_progress=False)  # what it says to do
    assert len(report.updated) == 5
    assert ensure_index(Answerer(Engine(settings)), show_progress=False) is None
