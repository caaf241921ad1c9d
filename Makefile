# The two set-up commands: `make demo` and `make test`. Both install Lua first when it is missing.
SWIFT ?= swift
BIN = .build/debug/supportplan

.PHONY: demo test deps bench browser-test screenshots

deps:
	@pkg-config --exists lua5.4 || { \
	  echo "Installing liblua5.4-dev (Debian) ..."; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq liblua5.4-dev; }
	@pkg-config --exists yaml-0.1 || { \
	  echo "Installing libyaml-dev (Debian; its yaml.h only, see Sources/CLibYAML/shim.h) ..."; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq libyaml-dev; }

demo: deps
	$(SWIFT) build --product supportplan
	$(BIN) demo --db demo.sqlite --rules Rules --replace

# The tests run beside a throwaway PostgreSQL cluster (installed when missing), stopped when they end.
test: deps
	$(SWIFT) build
	scripts/test-postgres.sh run $(SWIFT) test
	$(BIN) lint Rules
	$(BIN) test Fixtures --min-coverage 90 --min-decisions 90
	$(MAKE) browser-test

# The web page in Debian's chromium through Playwright for Python (installs both when missing).
browser-test:
	BIN=$(BIN) Tests/browser/run.sh

# Retakes the README's screenshots of the plan page (1280x800).
screenshots:
	$(SWIFT) build --product supportplan
	BIN=$(BIN) Tests/browser/run.sh --screenshots docs

bench: deps
	$(SWIFT) run -c release supportplan-bench
