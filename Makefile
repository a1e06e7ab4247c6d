# Caisse: every set-up step lives here, so a fresh Debian machine (and CI)
# needs nothing but `make run` and `make test`.
SHELL    := /bin/bash
GO       ?= go
TAGS     := -tags migrated_fynedo
EXAMPLES ?= ../shared/scenarios/examples
OWN      := app/testdata/scenarios
DEB_PKGS := gcc pkg-config libgl1-mesa-dev xorg-dev postgresql
SUDO     := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export LANG := en_US.UTF-8
export CGO_ENABLED := 1

.PHONY: all run test bench deps build vet unit race scenarios screenshots fuzz package clean

all: build

# Debian packages the window's build needs (cgo, OpenGL, X11 headers);
# installed only when missing.
deps:
	@missing=""; for p in $(DEB_PKGS) $(EXTRA_PKGS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing Debian packages:$$missing"; \
		$(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

build: deps
	$(GO) build $(TAGS) -o caisse ./app

# The till on the demo catalog, in the local database (created on first run).
run: build
	./caisse

vet: deps
	$(GO) vet $(TAGS) ./...

unit: deps
	$(GO) test $(TAGS) -count=1 ./...

# Every scenario file through the built runner: the shared examples (skipped
# with a message when ../shared is absent) and the project's own.
scenarios: build
	@pass=0; fail=0; \
	for f in $(OWN)/*.json $(wildcard $(EXAMPLES)/*.json); do \
		if ./caisse scenario "$$f" > /dev/null; then pass=$$((pass+1)); else echo "FAIL $$f"; fail=$$((fail+1)); fi; \
	done; \
	[ -d $(EXAMPLES) ] || echo "scenarios: $(EXAMPLES) not found, the shared examples were skipped"; \
	echo "scenarios: $$pass passed, $$fail failed"; [ $$fail -eq 0 ]

# The domain and storage under the race detector (tills share them across
# goroutines: the window's worker, readers, several tills on one file).
# -short leaves out the tests that kill and time till processes (they run
# in unit): the detector slows those processes down ~20x, which proves
# nothing about races and fails them on a busy machine.
race: deps
	$(GO) test -race -short -count=1 ./pos ./storage

test: vet unit race scenarios

# One package at a time (-p 1): benchmarks of two packages running at once
# on two cores would slow each other down.
bench: deps
	$(GO) test $(TAGS) -p 1 -run '^$$' -bench . -benchmem ./...

# Fuzz the pricing invariants for a while (FUZZTIME=5m for longer).
FUZZTIME ?= 60s
fuzz:
	$(GO) test ./pos -run '^$$' -fuzz FuzzPriceInvariants -fuzztime $(FUZZTIME)
	$(GO) test ./pos -run '^$$' -fuzz FuzzRefundInvariant -fuzztime $(FUZZTIME)
	$(GO) test ./pos -run '^$$' -fuzz FuzzExtremeAmounts -fuzztime $(FUZZTIME)

# PNGs of every screen for a person to look at, in ./screenshots: the
# golden-image tests' captures (Fyne's test driver, no display needed), at
# 1024x768 and 1920x1080 in English and French. The tests still compare
# them with ui/testdata (UPDATE_GOLDEN=1 rewrites those).
screenshots: deps
	rm -rf screenshots && mkdir -p screenshots
	SCREENSHOTS=$(CURDIR)/screenshots $(GO) test $(TAGS) -count=1 -run 'Golden' ./ui
	@find screenshots -name '*.png' | sort

# A desktop bundle (Caisse.tar.xz) from FyneApp.toml, with the fyne tool
# (which bumps the build number in FyneApp.toml: the file is put back).
package: build
	cp FyneApp.toml .FyneApp.toml.keep
	$(GO) run fyne.io/tools/cmd/fyne@v1.7.4 package --os linux --executable ./caisse --name Caisse --icon assets/icon.png --release; \
		status=$$?; mv .FyneApp.toml.keep FyneApp.toml; exit $$status

clean:
	rm -f caisse Caisse.tar.xz
