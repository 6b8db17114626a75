# Concord: two commands on a fresh Debian machine with Swift: `make demo` and `make test`.
PREFIX ?= /usr/local
SWIFT ?= swift
CONFIG ?= debug

.PHONY: all bootstrap build demo test install bench clean

all: build

bootstrap:
	@scripts/bootstrap

build: bootstrap
	$(SWIFT) build -c $(CONFIG) --product concord

demo: build
	$$($(SWIFT) build -c $(CONFIG) --show-bin-path)/concord demo

test: bootstrap
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

install: bootstrap
	$(SWIFT) build -c release --product concord
	install -d $(PREFIX)/bin $(PREFIX)/lib/concord
	bin=$$($(SWIFT) build -c release --show-bin-path); \
	install -m 0755 $$bin/concord $(PREFIX)/lib/concord/concord; \
	for r in $$bin/*.resources; do cp -R "$$r" $(PREFIX)/lib/concord/; done; \
	ln -sf $(PREFIX)/lib/concord/concord $(PREFIX)/bin/concord

bench: bootstrap
	Benchmarks/run-all

clean:
	rm -rf .build
