# Two entry points for a fresh machine (Debian, Python 3.11):
#   make run    installs the dashboard into .venv and starts it with the sample exports loaded
#   make test   installs everything the tests need into .venv and runs the whole suite
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8501

.PHONY: run test bench samples evaluate train lint mutate handleiding clean

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
	$(PY) -m samples

evaluate: $(VENV)/.dev
	$(PY) -m evaluation

train: $(VENV)/.dev
	$(PY) -m evaluation.train_model

# The screenshots of docs/handleiding.md (docs/img/handleiding/), from the running dashboard in chromium.
handleiding: $(VENV)/.dev
	$(PY) -m tools.handleiding_screenshots

lint: $(VENV)/.dev
	$(PY) -m ruff check .

# Mutation testing of the modules and tests named in [tool.mutmut] of pyproject.toml, from scratch;
# prints the score and every survivor not listed as equivalent in docs/DEVELOPING.md.
mutate: $(VENV)/.dev
	rm -rf mutants
	$(PY) -m mutmut run --max-children 2
	$(PY) -m mutmut export-cicd-stats
	@$(PY) -c "$$MUTATE_SCORE"

define MUTATE_SCORE
import json, re, subprocess, sys
stats = json.load(open('mutants/mutmut-cicd-stats.json'))
lines = subprocess.run([sys.executable, '-m', 'mutmut', 'results'], capture_output=True, text=True).stdout
left = [line.split(':')[0].strip() for line in lines.splitlines() if ':' in line]
section = open('docs/DEVELOPING.md', encoding='utf-8').read().split('## Mutation testing')[1].split('\n## ')[0]
listed = set(re.findall(r'^- `([a-z_.]+\.x\S*__mutmut_\d+)`', section.partition('Equivalent mutants')[2], re.M))
equivalent = [name for name in left if name in listed]
explained = set(re.findall(r'`([a-z_.]+\.x\S*__mutmut_\d+)`', section))
killed, total = stats['killed'], stats['total']
print(f'mutants {total}, killed {killed}, not killed {len(left)}, of which listed as equivalent {len(equivalent)}')
print(f'score {killed / total:.1%} of all mutants, {killed / (total - len(equivalent)):.1%} without the equivalent ones')
for name in left:
    if name not in explained:
        print('not accounted for:', name)
    elif name not in listed:
        print('survives, explained in docs/DEVELOPING.md:', name)
endef
export MUTATE_SCORE

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis test-output mutants
