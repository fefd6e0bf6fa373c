# Two commands on a fresh machine with only Python >= 3.11 and make:
#   make report   set up .venv if needed, then write build/report.html from the bundled sample data
#   make test     set up .venv (and Chromium, for the browser tests) if needed, then run the whole test suite
# Set-up is redone only when pyproject.toml changes (the stamp file records the last install).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: report cohort-report summary test browser lint lab samples bench bench-smoke bench-big clean

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python >= 3.11 is needed; set PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

report: $(STAMP)
	$(BIN)/jobsearch-analysis report --sample personal_log -o build/report.html

# The counsellors' report on the bundled sample cohort (200 clients); it names no client.
cohort-report: $(STAMP)
	$(BIN)/jobsearch-analysis report --sample cohort -o build/cohort.html

# The same analysis as plain text in the terminal.
summary: $(STAMP)
	$(BIN)/jobsearch-analysis summary --sample personal_log

# Debian's Chromium, which the browser tests drive (Playwright) and the PNG charts use (kaleido).
browser:
	scripts/install-chromium

test: $(STAMP) browser
	$(BIN)/ruff check jobsearch_analysis tests benchmarks notebooks
	$(BIN)/ruff format --check jobsearch_analysis tests benchmarks notebooks
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check jobsearch_analysis tests benchmarks notebooks
	$(BIN)/ruff format --check jobsearch_analysis tests benchmarks notebooks

lab: $(STAMP)
	mkdir -p notebooks
	$(BIN)/jupyter lab notebooks/

# The scale benchmark: times as ratios to a bare CSV read measured in the same run, with peak memory.
# SIZES=100000 is the smoke run CI makes; the default takes about twenty minutes (the data is generated once).
SIZES ?= 100000,1000000,10000000
bench: $(STAMP)
	$(BIN)/python benchmarks/scale.py --sizes $(SIZES)

bench-smoke: $(STAMP)
	$(BIN)/python benchmarks/scale.py --sizes 100000

# The engine path at scale: the cohort report counted where the data lives, DuckDB at 10 and 100 million applications
# and Spark (local mode) at 10 million, as ratios to a bare scan of the same Parquet files, with peak memory and the
# goals said met or not. It needs about 3.5 GB of disk for the generated Parquet (kept in build/bench-engine), about
# twelve minutes to generate it the first time and a quarter of an hour to measure; docs/performance.md has a run.
BIG_SIZES ?= 10000000,100000000
BIG_SPARK_SIZES ?= 10000000
bench-big: $(STAMP)
	$(BIN)/python benchmarks/engine_scale.py --sizes $(BIG_SIZES) --spark-sizes $(BIG_SPARK_SIZES)

# Regenerate the committed sample files from the seeded simulator.
samples: $(STAMP)
	$(BIN)/python -m jobsearch_analysis.simulate sample_data

clean:
	rm -rf $(VENV) build .pytest_cache .ruff_cache
