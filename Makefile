# Two entry points for a fresh machine: `make chat` and `make test`.
# Each sets up what it needs: a virtual environment, the CPU build of torch, the package.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# torch is installed first and pinned: an unpinned torch pulls gigabytes of CUDA packages.
TORCH := torch==2.13.0
export HF_HUB_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False

.PHONY: chat ask test lint eval bench clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.app: $(BIN)/activate pyproject.toml
	$(BIN)/pip install --quiet $(TORCH)
	$(BIN)/pip install --quiet -e '.[ui]'
	touch $@

# Everything the tests exercise: the chat page, the HTTP service, llama.cpp (compiles on
# first install), the OpenAI-compatible client, the benchmark's plotting, the dev tools.
$(VENV)/.dev: $(VENV)/.app
	$(BIN)/pip install --quiet -e '.[ui,serve,local,openai,bench,dev]'
	touch $@

chat: $(VENV)/.app
	$(BIN)/jrqa chat

ask: $(VENV)/.app
	$(BIN)/jrqa ask "$(Q)"

test: $(VENV)/.dev
	$(BIN)/python -m pytest

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

eval: $(VENV)/.dev
	$(BIN)/jrqa eval

bench: $(VENV)/.dev
	$(BIN)/jrqa bench

clean:
	rm -rf $(VENV) index/chroma index/bm25 index/manifest.json index/ingest.lock index/ingest-incomplete.json
