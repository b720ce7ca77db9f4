# kenshu: see README.md. On a fresh Debian machine `make site` and `make test` install what
# they need (through deps.sh) and then do their job.

CC ?= cc
PREFIX ?= /usr/local
BUILD ?= build
CFLAGS ?= -O2 -g
WARN = -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Wpedantic -Wshadow \
	-Wstrict-prototypes -Wmissing-prototypes
PKGS = libcmark-gfm yaml-0.1 libzip libutf8proc libdeflate xlsxwriter libmicrohttpd sqlite3 libargon2
# Recursive (=) so that pkg-config runs only after deps.sh has installed it.
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS))
PKG_LIBS = $(shell pkg-config --libs $(PKGS)) -lcmark-gfm-extensions -pthread -lm
# The allocator of the program (not of the unit tests): mimalloc replaces malloc in kenshu and
# in the libraries it calls; it is linked although no function of it is named. The sanitizer
# builds (make check) set it empty, as do the valgrind runs' binary, whose tools replace malloc
# themselves.
ALLOC_LIBS = -Wl,--push-state,--no-as-needed -lmimalloc -Wl,--pop-state
ALL_CFLAGS = $(WARN) $(PKG_CFLAGS) -iquote generator -iquote $(BUILD) $(CFLAGS) -MMD -MP

SRCS = $(filter-out generator/main.c,$(wildcard generator/*.c))
OBJS = $(SRCS:generator/%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/theme_data.o $(BUILD)/obj/skeleton_data.o \
	$(BUILD)/obj/schema_data.o
THEME_FILES = $(shell find themes/default -type f | LC_ALL=C sort)
SKELETON_FILES = $(shell find skeleton -type f | LC_ALL=C sort)
SCHEMA_FILES = $(shell find schemas -type f | LC_ALL=C sort)
UNIT_TESTS = $(patsubst tests/unit/%.c,$(BUILD)/%,$(wildcard tests/unit/test_*.c))
DEPS_STAMP = $(BUILD)/.deps-build

.PHONY: all site test check unit sites bad messages po files course overlap new schemas browser scorm records \
	serve hostile manuals valgrind fuzz fuzz-targets bench install clean regen screenshots

all: $(BUILD)/kenshu

# The suites expect kenshu's messages in English, whatever language the user reads (the
# messages suite asks for Japanese itself).
unit sites bad messages files course overlap new schemas browser scorm records serve hostile manuals valgrind \
	check fuzz bench: \
	export LC_ALL = C.UTF-8

$(DEPS_STAMP): deps.sh
	@sh deps.sh build
	@mkdir -p $(BUILD) && touch $@

$(BUILD)/obj/%.o: generator/%.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/embed: generator/tools/embed.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(WARN) $(CFLAGS) $< -o $@

$(BUILD)/theme_data.c: $(BUILD)/embed $(THEME_FILES)
	$(BUILD)/embed $@ theme theme_default themes/default $(THEME_FILES)

# The "kenshu new" course, in each language.
$(BUILD)/skeleton_data.c: $(BUILD)/embed $(SKELETON_FILES)
	$(BUILD)/embed $@ scaffold scaffold skeleton $(SKELETON_FILES)

# The JSON Schemas of the course's YAML files, which "kenshu new" writes into the course too.
$(BUILD)/schema_data.c: $(BUILD)/embed $(SCHEMA_FILES)
	$(BUILD)/embed $@ scaffold schema schemas $(SCHEMA_FILES)

$(BUILD)/obj/%_data.o: $(BUILD)/%_data.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

# Every generator object but main.o: the program, the unit tests and the fuzz targets link it.
$(BUILD)/libkenshu.a: $(OBJS)
	rm -f $@
	$(AR) rcs $@ $^

# The Japanese messages, where i18n.c looks for them beside the program.
MO = $(BUILD)/locale/ja/LC_MESSAGES/kenshu.mo
$(MO): po/ja.po | $(DEPS_STAMP)
	@mkdir -p $(@D)
	msgfmt --check -o $@ po/ja.po

$(BUILD)/kenshu: $(BUILD)/obj/main.o $(BUILD)/libkenshu.a | $(MO)
	$(CC) $(CFLAGS) $(LDFLAGS) $^ $(ALLOC_LIBS) $(PKG_LIBS) -o $@

# The same program on the C library's malloc, which valgrind replaces.
$(BUILD)/kenshu-libc: $(BUILD)/obj/main.o $(BUILD)/libkenshu.a
	$(CC) $(CFLAGS) $(LDFLAGS) $^ $(PKG_LIBS) -o $@

$(BUILD)/test_%: tests/unit/test_%.c $(BUILD)/libkenshu.a
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -iquote tests/unit $^ $(PKG_LIBS) -o $@

$(BUILD)/quizstats: tests/course/quizstats.c $(BUILD)/libkenshu.a
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) $^ $(PKG_LIBS) -o $@

# The example course: the site in public/ and its ZIP in dist/.
site: $(BUILD)/kenshu
	$(BUILD)/kenshu build -v

unit: $(UNIT_TESTS)
	@for t in $(UNIT_TESTS); do $$t tests/unit/mustache-spec || exit 1; done

sites: $(BUILD)/kenshu
	@sh deps.sh test
	@sh tests/sites/run.sh $(BUILD)/kenshu

bad: $(BUILD)/kenshu
	@sh deps.sh test
	@sh tests/bad/run.sh $(BUILD)/kenshu

# The example course: clean under --strict, a test and glossary links in every lesson, tests
# that ask for judgement (tests/course/quizstats.c) and a final exam that covers every module.
course: $(BUILD)/kenshu $(BUILD)/quizstats
	@sh tests/course/run.sh $(BUILD)/kenshu $(BUILD)/quizstats

# No sentence of the example course copied from the texts it was written from. Those texts
# are not part of the repository, so this is not part of make test: SOURCES=DIR names them.
overlap:
	@sh deps.sh node
	@test -n "$(SOURCES)" || { echo "make overlap: give SOURCES=DIR, the source texts" >&2; exit 2; }
	node tests/course/overlap.js "$(SOURCES)" content quizzes

# Files written in ways an author may: extensions in any case, .markdown, .yml, Japanese names;
# page names unchanged when lessons are renumbered. A rebuild writes only the files that changed.
# An exported theme gives the built-in theme's site; a theme's binary files are copied as they are.
# static/'s files are in the site, the ZIP and the SCORM package, and a rebuild keeps them.
files: $(BUILD)/kenshu
	@sh tests/files/run.sh $(BUILD)/kenshu
	@sh tests/files/relink.sh $(BUILD)/kenshu
	@sh tests/files/theme.sh $(BUILD)/kenshu
	@sh tests/files/static.sh $(BUILD)/kenshu

# "kenshu new": the course it writes, in each language, clean under --strict; its refusals.
new: $(BUILD)/kenshu
	@sh tests/new/run.sh $(BUILD)/kenshu

# The JSON Schemas of schemas/: the example course and the "kenshu new" courses valid against
# them, each YAML file naming its own; a misspelt key invalid; the schemas and "kenshu check"
# agreeing on every good and bad file of tests/schemas/cases.
schemas: $(BUILD)/kenshu
	@sh deps.sh schemas
	@sh tests/schemas/run.sh $(BUILD)/kenshu

# The page scripts' pure cores under node:test (tests/scripts), then the sites in Chromium.
browser: $(BUILD)/kenshu $(BUILD)/gencorpus
	@sh deps.sh browser
	@KENSHU_BIN=$(BUILD)/kenshu node --test tests/scripts/*.test.js
	@sh tests/browser/run.sh $(BUILD)/kenshu

# The SCORM packages, 1.2 and 2004, of the browser fixture and the example course: the course's
# order, every lesson an SCO, manifest well-formed and complete, mastery scores, reproducible.
scorm: $(BUILD)/kenshu
	@sh deps.sh test
	@sh tests/scorm/run.sh $(BUILD)/kenshu

# The messages in Japanese: every one translated and none fuzzy; chosen by LC_ALL,
# LC_MESSAGES or LANG, with or without the ja_JP.UTF-8 locale on the machine.
messages: $(BUILD)/kenshu
	@sh tests/messages/run.sh $(BUILD)/kenshu

# Bring new messages from generator/ into po/ja.po, to be translated there.
po:
	@sh deps.sh build
	@sh po/xgettext.sh $(BUILD)/kenshu.pot
	msgmerge --quiet --update --backup=none --no-fuzzy-matching --no-wrap po/ja.po $(BUILD)/kenshu.pot

# "kenshu records merge": bad exports with their exact diagnostics, a merge, its roster, report
# and workbook (read back with python3).
records: $(BUILD)/kenshu
	@sh deps.sh test
	@sh tests/records/run.sh $(BUILD)/kenshu

# "kenshu serve --records": bad requests (malformed JSON, wrong types, 5 MB bodies, paths out
# of the site, wrong admin passwords) each answered 4xx with nothing stored; 40 clients post
# 1,500 records, the server is killed midway and started again, everything is sent again:
# every acknowledged record stored once, none lost (python3's http.client and sqlite3).
serve: $(BUILD)/kenshu
	@sh deps.sh test
	@sh tests/serve/run.sh $(BUILD)/kenshu

# Hostile input made at test time: alias bomb, 10,000-deep nesting, bad bytes, BOM and CRLF,
# tabs, a 200 MB lesson, links out, an unreadable file, a full disk, an interrupted or killed
# build, two builds at once, a symlinked or mounted output, pathological shapes at 8 MiB.
hostile: $(BUILD)/kenshu $(BUILD)/gencorpus $(BUILD)/genshapes
	@sh tests/hostile/run.sh $(BUILD)/kenshu $(BUILD)/gencorpus $(BUILD)/genshapes

# The manuals: every key the loaders accept (their *_keys arrays, and no key read outside
# them) is an entry of kenshu(5) in English and in Japanese; the four pages render with no
# warning, and the Japanese ones print no space between Japanese characters.
manuals:
	@sh deps.sh manuals
	@sh tests/manuals/run.sh

test: unit sites bad messages files course new schemas browser scorm records serve hostile manuals
	@echo "make test: all suites passed"

# The example course, the browser tests' fixture and the injection course built under
# valgrind: no invalid memory access (also inside the libraries, which the sanitizers do not
# see) and no leak.
VALGRIND = valgrind -q --error-exitcode=99 --leak-check=full \
	--errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect
VALGRIND_COURSES = . tests/browser/fixture tests/browser/injection
# Bad-input cases (tests/bad/cases) whose failed build must also leave nothing allocated:
# a theme whose layout does not compile stops the build after every page was parsed.
VALGRIND_BAD_CASES = theme-layout-broken

valgrind: $(BUILD)/kenshu-libc
	@sh deps.sh valgrind
	@for c in $(VALGRIND_COURSES); do \
		out=$(CURDIR)/$(BUILD)/valgrind; rm -rf "$$out"; \
		echo "valgrind: kenshu build -C $$c"; \
		$(VALGRIND) $(BUILD)/kenshu-libc build -q -C $$c -o "$$out/public" --zip "$$out/course.zip" \
			--scorm "$$out/scorm.zip" || exit 1; \
	done; rm -rf $(BUILD)/valgrind
	@for c in $(VALGRIND_BAD_CASES); do \
		proj=$(CURDIR)/$(BUILD)/valgrind/proj; rm -rf "$$proj"; mkdir -p "$$proj"; \
		cp -R tests/bad/base/. tests/bad/cases/$$c/files/. "$$proj/"; \
		echo "valgrind: kenshu build, bad case $$c"; \
		status=0; (cd "$$proj" && $(VALGRIND) $(CURDIR)/$(BUILD)/kenshu-libc build -q) 2>"$$proj.err" || \
			status=$$?; \
		[ $$status = 1 ] || { cat "$$proj.err"; echo "valgrind: $$c: exit status $$status, expected 1"; \
			exit 1; }; \
	done; rm -rf $(BUILD)/valgrind
	@echo "make valgrind: the courses build clean under valgrind"

# Every test again under AddressSanitizer and UndefinedBehaviorSanitizer; the suites that build
# courses under ThreadSanitizer (pages render on several threads; sites builds each course
# with -j 8), any report failing the build; then valgrind.
check:
	$(MAKE) BUILD=build/check CFLAGS="-O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer" \
		LDFLAGS="-fsanitize=address,undefined" ALLOC_LIBS= unit sites bad files course new schemas browser scorm records \
		serve hostile
	TSAN_OPTIONS="halt_on_error=1 exitcode=66" $(MAKE) BUILD=build/tsan \
		CFLAGS="-O1 -g -fsanitize=thread" LDFLAGS="-fsanitize=thread" ALLOC_LIBS= sites bad course scorm
	$(MAKE) valgrind

# Fuzz targets (libFuzzer, so clang): every parser, each fed through the generator's own
# code. Each target first replays its committed regression inputs (tests/fuzz/regress/), then
# fuzzes for FUZZTIME seconds from its seed corpus (tests/fuzz/corpus/), keeping what it
# finds in build/fuzz/corpus/ and any crash in build/fuzz/findings/. FUZZTIME=0 only replays.
FUZZTIME ?= 60
FUZZ_TARGETS = yaml front_matter template glossary records submit
FUZZ_CFLAGS = -O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer

$(BUILD)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.c tests/fuzz/fuzz.h $(BUILD)/libkenshu.a
	$(CC) $(ALL_CFLAGS) -fsanitize=fuzzer,address,undefined -iquote tests/fuzz \
		-DFUZZ_PROJECT='"$(CURDIR)/tests/fuzz/project"' $< tests/fuzz/fuzz.c \
		$(BUILD)/libkenshu.a $(PKG_LIBS) -o $@

fuzz-targets: $(FUZZ_TARGETS:%=$(BUILD)/fuzz_%)

fuzz:
	@sh deps.sh fuzz
	$(MAKE) BUILD=build/fuzz CC=clang CFLAGS="$(FUZZ_CFLAGS)" fuzz-targets
	@sh tests/fuzz/run.sh build/fuzz $(FUZZTIME) $(FUZZ_TARGETS)

# The README's screenshots (doc/screenshots/*.png) of the course "kenshu new" writes.
screenshots: $(BUILD)/kenshu
	@sh deps.sh browser
	@sh tests/browser/screenshots.sh $(BUILD)/kenshu doc/screenshots

# Accept a deliberate change of the expected site output.
regen: $(BUILD)/kenshu
	@sh tests/sites/run.sh $(BUILD)/kenshu --regen

$(BUILD)/gencorpus: tests/bench/gencorpus.c | $(DEPS_STAMP)
	$(CC) $(WARN) -O2 $< -o $@

$(BUILD)/genshapes: tests/hostile/genshapes.c | $(DEPS_STAMP)
	$(CC) $(WARN) -O2 $< -o $@

BENCH_LESSONS ?= 2000 10000
BENCH_RUNS ?= 5

# The course bench runs last, so that its table of targets ends the output, with the rows of
# kenshu serve's bench (records accepted per second, saving a lesson to the reloaded preview)
# added. It works in /dev/shm and on a disk: BENCH_DISK=DIR (default /var/tmp) chooses the disk.
bench: $(BUILD)/kenshu $(BUILD)/gencorpus $(BUILD)/genshapes
	@sh deps.sh bench
	@sh tests/bench/records.sh $(BUILD)/kenshu $(BENCH_RUNS)
	@sh tests/bench/shapes.sh $(BUILD)/kenshu $(BUILD)/genshapes 3
	@rm -f $(BUILD)/bench-targets
	@sh tests/bench/serve.sh $(BUILD)/kenshu $(BUILD)/bench-targets $(BENCH_RUNS)
	@BENCH_TARGETS=$(BUILD)/bench-targets bash tests/bench/run.sh $(BUILD)/kenshu $(BUILD)/gencorpus \
		"$(BENCH_LESSONS)" $(BENCH_RUNS)

# The manual pages in English, and in Japanese where man finds them for a Japanese locale.
MANDIR = $(DESTDIR)$(PREFIX)/share/man

install: $(BUILD)/kenshu $(MO)
	install -d $(DESTDIR)$(PREFIX)/bin $(MANDIR)/man1 $(MANDIR)/man5 $(MANDIR)/ja/man1 $(MANDIR)/ja/man5 \
		$(DESTDIR)$(PREFIX)/share/kenshu/schemas
	install -m 755 $(BUILD)/kenshu $(DESTDIR)$(PREFIX)/bin/kenshu
	install -m 644 doc/kenshu.1 $(MANDIR)/man1/kenshu.1
	install -m 644 doc/kenshu.5 $(MANDIR)/man5/kenshu.5
	install -m 644 doc/ja/kenshu.1 $(MANDIR)/ja/man1/kenshu.1
	install -m 644 doc/ja/kenshu.5 $(MANDIR)/ja/man5/kenshu.5
	install -d $(DESTDIR)$(PREFIX)/share/locale/ja/LC_MESSAGES
	install -m 644 $(MO) $(DESTDIR)$(PREFIX)/share/locale/ja/LC_MESSAGES/kenshu.mo
	install -m 644 $(SCHEMA_FILES) $(DESTDIR)$(PREFIX)/share/kenshu/schemas/

clean:
	rm -rf build public dist tests/out

-include $(wildcard $(BUILD)/obj/*.d)
