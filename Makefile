# huizong — see README.md.  Every .c under pipeline/ and its stage folders
# (read/, text/, recognise/, judge/, write/, state/, campaign/, cli/) and their
# sub-folders (write/ooxml/) except cli/main.c goes into the library; every
# tests/unit/test_*.c is its own cmocka binary.  New modules, and new stage
# folders, need no Makefile edit.

BUILD   ?= build
CC      ?= cc
PKGS    := libxml-2.0 libzip xlsxwriter libutf8proc opencc inih zlib sqlite3 nettle icu-uc
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CFLAGS  ?= -O2 -g
CFLAGS  += -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Wall -Wextra -Werror \
           -Wno-unused-parameter -Wshadow -Wvla -pthread -Ipipeline $(PKG_CFLAGS) -MMD -MP
LDLIBS  += $(PKG_LIBS) -lm -pthread
VERSION := $(shell cat VERSION 2>/dev/null || echo 0.1.0)
CFLAGS  += -DHZ_VERSION='"$(VERSION)"'

ifeq ($(SAN),1)
CFLAGS  += -O1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined -DHZ_SANITIZED=1
LDFLAGS += -fsanitize=address,undefined
endif

# make fuzz: libFuzzer harnesses (tests/fuzz/fuzz_*.c) and the library built
# with clang, ASan and UBSan into build-fuzz/ (tests/fuzz/README.md).
ifeq ($(FUZZ),1)
CC      := clang
CFLAGS  += -O1 -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined -DHZ_SANITIZED=1
LDFLAGS += -fsanitize=fuzzer,address,undefined
endif

LIB_SRCS  := $(filter-out pipeline/cli/main.c,$(wildcard pipeline/*.c pipeline/*/*.c pipeline/*/*/*.c))
LIB_OBJS  := $(LIB_SRCS:pipeline/%.c=$(BUILD)/obj/%.o)
TEST_SRCS := $(wildcard tests/unit/test_*.c)
TEST_BINS := $(TEST_SRCS:tests/unit/%.c=$(BUILD)/tests/%)
BENCH_SRCS := $(wildcard bench/*.c)
BENCH_BINS := $(BENCH_SRCS:bench/%.c=$(BUILD)/bench/%)
FUZZ_BINS := $(patsubst tests/fuzz/%.c,$(BUILD)/fuzz/%,$(wildcard tests/fuzz/fuzz_*.c))

.PHONY: all deps demo test check asan bench clean tests-build fuzz fuzz-build fuzz-seeds fuzz-long install

# make install (SPEC 8.5): the binary, the default templates where the
# binary looks for them (PREFIX/share/huizong/templates) and the man page.
PREFIX  ?= /usr/local
DESTDIR ?=

all: $(BUILD)/huizong

deps:
	@bash scripts/install-deps.sh

$(BUILD)/obj/%.o: pipeline/%.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -c $< -o $@

$(BUILD)/libhuizong.a: $(LIB_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/huizong: $(BUILD)/obj/cli/main.o $(BUILD)/libhuizong.a
	$(CC) $(LDFLAGS) $^ $(LDLIBS) -o $@

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libhuizong.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -Itests/unit $(LDFLAGS) $< $(BUILD)/libhuizong.a $(LDLIBS) -lcmocka -o $@

$(BUILD)/bench/%: bench/%.c $(BUILD)/libhuizong.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) $< $(BUILD)/libhuizong.a $(LDLIBS) -o $@

$(BUILD)/fuzz/%: tests/fuzz/%.c $(wildcard tests/fuzz/*.h) $(BUILD)/libhuizong.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) $< $(BUILD)/libhuizong.a $(LDLIBS) -o $@

tests-build: $(BUILD)/huizong $(TEST_BINS)

# make test: set up (install-deps does nothing when all is there), build, run.
test check: deps
	@$(MAKE) --no-print-directory tests-build
	@BUILD=$(BUILD) bash tests/run.sh

asan: deps
	@$(MAKE) --no-print-directory BUILD=build-asan SAN=1 tests-build
	@BUILD=build-asan HZ_SANITIZED=1 bash tests/run.sh

demo: deps
	@$(MAKE) --no-print-directory all
	@bash scripts/demo.sh

# make fuzz: builds the harnesses, seeds them (from the kit's campaign with
# reviews and rectifications, and the external corpus, when ../shared is
# there) and runs each for FUZZ_SECONDS (60); make fuzz-long: an hour each.
FUZZ_SECONDS ?= 60
fuzz-build:
	@$(MAKE) --no-print-directory BUILD=build-fuzz FUZZ=1 $(patsubst $(BUILD)/%,build-fuzz/%,$(FUZZ_BINS))

fuzz-seeds: fuzz-build
	@rm -rf build-fuzz/campaign build-fuzz/seeds
	@if [ -f ../shared/conformance/gencampaign.py ]; then \
	  python3 ../shared/conformance/gencampaign.py build-fuzz/campaign --units 20 --seed 1 \
	    --reviews 0.9 --candidates --rectify 0.7 --phases >/dev/null; \
	  python3 tests/fuzz/make_seeds.py build-fuzz/seeds build-fuzz/campaign ../shared/corpus/external; \
	else python3 tests/fuzz/make_seeds.py build-fuzz/seeds; fi

fuzz: fuzz-seeds
	@bash tests/fuzz/run.sh $(FUZZ_SECONDS)

fuzz-long: fuzz-seeds
	@bash tests/fuzz/run.sh 3600

bench: deps
	@$(MAKE) --no-print-directory all $(BENCH_BINS)
	@BUILD=$(BUILD) bash bench/run.sh

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/huizong/templates $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(BUILD)/huizong $(DESTDIR)$(PREFIX)/bin/huizong
	install -m 644 templates/*.docx templates/README.md $(DESTDIR)$(PREFIX)/share/huizong/templates/
	install -m 644 docs/huizong.1 $(DESTDIR)$(PREFIX)/share/man/man1/huizong.1
	install -d $(DESTDIR)$(PREFIX)/share/doc/huizong
	install -m 644 docs/使用说明.md $(DESTDIR)$(PREFIX)/share/doc/huizong/

clean:
	rm -rf build build-asan build-fuzz

-include $(LIB_OBJS:.o=.d) $(BUILD)/obj/cli/main.d
