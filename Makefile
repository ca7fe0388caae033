# Cited answers from your own documents, locally. `make help` lists the targets.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
RAG := $(VENV)/bin/rag
STAMP := $(VENV)/.installed
LLAMA_CMAKE_ARGS := -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON
LLAMA_WHEELS ?= $(HOME)/.cache/rag-wheels/llama-cpp-portable-avx2
PORT ?= 8501
Q ?= Which institute developed the Falcon models?
export HF_HUB_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False

.PHONY: help install browser run ingest ask eval bench test lint clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-11s %s\n", $$1, $$2}'

install: $(STAMP) ## Create .venv and install everything (idempotent; torch is the CPU wheel)

$(STAMP): pyproject.toml constraints.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	# torch first, pinned to the CPU build: any other version would pull gigabytes of CUDA.
	$(PY) -m pip install -q torch==2.13.0
	# llama.cpp built for a portable x86-64 (AVX2), not for this CPU: a native build uses AMX and AVX-512
	# kernels that crash on virtual machines which advertise them (every prompt of more than one token
	# segfaulted here). Built once into a folder named by its flags, since pip's own cache ignores them.
	test -n "$$(ls $(LLAMA_WHEELS)/*.whl 2>/dev/null)" || CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" $(PY) -m pip wheel -q \
	  --no-cache-dir --no-deps -c constraints.txt -w $(LLAMA_WHEELS) llama-cpp-python
	$(PY) -m pip install -q --no-deps $(LLAMA_WHEELS)/*.whl
	$(PY) -m pip install -q -c constraints.txt -e '.[dev]'
	touch $(STAMP)

browser: ## Install Debian's Chromium for the browser test (skipped with a reason when impossible)
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then (apt-get update -qq && apt-get install -y -qq chromium >/dev/null) || echo "chromium could not be installed; the browser test will be skipped"; \
	  else echo "not root: install Debian's chromium package to run the browser test"; fi; }

.rag/index/CURRENT: | $(STAMP)
	$(RAG) ingest

run: $(STAMP) .rag/index/CURRENT ## Start the chat page on http://127.0.0.1:$(PORT), watching corpus/ (builds the index first if missing)
	RAG_WATCH=1 $(VENV)/bin/streamlit run app.py --server.address 127.0.0.1 --server.port $(PORT) --server.headless true --browser.gatherUsageStats false

ingest: $(STAMP) ## Refresh the index from corpus/ (only changed documents are embedded)
	$(RAG) ingest

ask: $(STAMP) ## Ask one question: make ask Q="..."
	$(RAG) ask "$(Q)"

eval: $(STAMP) ## Run the full eval suite; fails when a metric is below its floor
	$(RAG) eval

bench: $(STAMP) ## Measure ingest, retrieval, generation and start-up against their targets
	$(PY) -m bench.run

test: $(STAMP) browser ## Install what is needed, then run the test suite (what CI runs)
	$(PY) -m pytest -q

lint: $(STAMP) ## ruff and mypy (strict, on all code but the tests)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy rag page app.py evals bench

clean: ## Remove the index and caches (not the corpus)
	rm -rf .rag .pytest_cache .mypy_cache .ruff_cache
