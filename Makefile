# Two commands for a fresh machine:  make run  (install, build the index, serve)  and  make test.
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install system run index test bench clean

install: $(VENV)/.installed

# torch 2.13.0 first: it is the local CPU build; sentence-transformers alone would pull a CUDA one.
$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

index: install
	$(BIN)/bot index

run: install
	$(BIN)/bot serve --host $(HOST) --port $(PORT)

system:
	bash scripts/install-system-packages.sh

test: install system
	$(BIN)/pytest

bench: install
	$(BIN)/python bench/bench_ask.py
	$(BIN)/python bench/bench_http.py
	$(BIN)/python bench/bench_serve.py
	$(BIN)/python bench/bench_build.py

clean:
	rm -rf index/ .pytest_cache
