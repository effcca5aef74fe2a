# Two entry points for a fresh machine (Debian, Python 3.11):
#   make run    installs the dashboard into .venv and starts it with the sample exports loaded
#   make test   installs everything the tests need into .venv and runs the whole suite
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8501

.PHONY: run test bench samples evaluate train lint clean

$(VENV)/.runtime: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt $(VENV)/.runtime
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

run: $(VENV)/.runtime
	$(PY) -m streamlit run app.py --server.port $(PORT)

test: $(VENV)/.dev
	$(PY) -m pytest

bench: $(VENV)/.dev
	$(PY) -m bench

samples: $(VENV)/.runtime
	$(PY) -m exportgen.samples

evaluate: $(VENV)/.dev
	$(PY) -m analysis.evaluate

train: $(VENV)/.dev
	$(PY) -m analysis.train_model

lint: $(VENV)/.dev
	$(PY) -m ruff check .

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis test-output
