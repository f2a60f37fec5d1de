# iljari — the README's commands. Everything runs inside .venv (Python 3.11).
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
SCALE ?= small
STAMP := $(VENV)/.installed
BENCH_STAMP := $(VENV)/.installed-bench
RUN_BENCH := $(BIN)/python bench/run.py
NPM_STAMP := node_modules/.installed

.PHONY: install demo serve test test-fast lint bench clean-db messages

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

# the benchmarks' own packages (the bench extra): for make bench and the tests of bench/
$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[dev,bench]"
	@touch $(BENCH_STAMP)

$(NPM_STAMP): package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund --loglevel=error && touch $(NPM_STAMP); \
	else echo "npm not found: pages render without KRDS styles (install Node.js for the full look)"; fi

install: $(STAMP) $(NPM_STAMP)
	@mkdir -p var/static

demo: install
	$(BIN)/iljari migrate --noinput
	$(BIN)/iljari compilemessages --ignore=.venv >/dev/null 2>&1 || true
	$(BIN)/iljari load-reference-data
	$(BIN)/iljari seed-demo --scale $(SCALE) --if-empty
	@echo ""
	@echo "  일자리 demo: http://127.0.0.1:$(PORT)/"
	@echo "  Accounts (password iljari-demo-2026): admin, counselor, counselor2, manager, official,"
	@echo "  employer, employer2, seeker, seeker2 — see README.md"
	@echo ""
	@echo "  Messages (e-mail, 문자) the demo sends: var/messages.log and each person's 알림함"
	@echo ""
	@# DEBUG stays off so the demo shows the real Korean error pages (no URL list on a 404); staff
	@# sign in without a phone (no 2FA) and logs stay readable. demo-serve runs the web server and
	@# the task worker (which sends the messages) together; Ctrl-C stops both.
	DEBUG=0 ILJARI_REQUIRE_STAFF_2FA=0 LOG_FORMAT=plain \
	EMAIL_BACKEND=iljari.notifications.senders.MessageLogEmailBackend \
	ILJARI_SMS_SENDER=iljari.notifications.senders.MessageLogSmsSender \
	ILJARI_MESSAGE_LOG=$(CURDIR)/var/messages.log \
	$(BIN)/iljari demo-serve 127.0.0.1:$(PORT)

serve: install
	$(BIN)/iljari serve --bind 127.0.0.1:$(PORT) --workers $${WORKERS:-4}

# The suite on PYTEST_WORKERS processes. worksteal: a worker that runs out of tests takes half of
# another's queue, so a few long tests (benchmarks, browser journeys) drawn last do not leave one
# core idle. Bytecode caches are written even where PYTHONDONTWRITEBYTECODE is set: every worker
# and every process a test starts (benchmarks, task workers, the load run's server) imports the
# same few hundred modules, and would compile each of them again.
PYTEST := env -u PYTHONDONTWRITEBYTECODE $(BIN)/python -m pytest -q -n $${PYTEST_WORKERS:-2} --dist worksteal

test: install $(BENCH_STAMP)
	$(PYTEST) $(PYTEST_ARGS)

# The quick loop while working: everything but the tests marked slow (browser journeys, load
# and concurrency runs, the permission matrix). `make test` and CI run them all.
test-fast: install
	$(PYTEST) -m "not slow" $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts
	$(BIN)/mypy src
	$(BIN)/lint-imports
	$(BIN)/iljari makemigrations --check --dry-run >/dev/null || { echo "models changed without a migration: run 'iljari makemigrations'"; exit 1; }

# every benchmark, each printing our figures and its peers' from the same run; the Django ones on
# scratch databases of their own (var/bench/*.sqlite3, iljari_bench_* on PostgreSQL), never the
# configured database
bench: install $(BENCH_STAMP)
	$(RUN_BENCH) quality --seekers 600 --vacancies 3000 --seeds 3 --seed 101
	$(RUN_BENCH) matching --seekers 50000 --vacancies 50000 --eval-seekers 1000
	$(RUN_BENCH) titles
	$(RUN_BENCH) fair --booths 100 --seekers 2000 --requests 3 --slots 16 --time-limit 60
	$(RUN_BENCH) fair --booths 300 --seekers 10000 --requests 3 --slots 16 --time-limit 280
	$(RUN_BENCH) search --scratch-db both --vacancies 100000 --queries 200
	$(RUN_BENCH) pages --scratch-db sqlite --scale medium
	$(RUN_BENCH) outcomes --scratch-db sqlite --scale small
	$(RUN_BENCH) dashboard --scratch-db both --placements 100000
	$(RUN_BENCH) load

messages: install
	cd src/iljari && ../../$(BIN)/iljari makemessages -l en --ignore=node_modules && ../../$(BIN)/iljari compilemessages

clean-db:
	rm -f var/iljari.sqlite3 var/iljari.sqlite3-wal var/iljari.sqlite3-shm
	rm -f var/audit/anchors-sqlite-iljari.log  # the access log's anchor belongs to the database removed
