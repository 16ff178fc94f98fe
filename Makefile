# ASR Mayotte: the only entry points. `make run` serves the API, `make test` tests it.
#
# Everything a target needs is installed or started by the target itself: the
# Debian packages (deps), the module (build), the private PostgreSQL cluster
# under var/ (db-start), the schema (migrate) and the data (reference, demo).

.SUFFIXES:
.DEFAULT_GOAL :=	build

ROOT :=		$(CURDIR)
BUILD :=	build
VERSION :=	0.1.0

PACKAGES =	kore postgresql postgresql-contrib libjansson-dev libsodium-dev \
		libpq-dev libssl-dev libcriterion-dev pkg-config acl \
		python3-pytest python3-requests python3-jsonschema python3-yaml \
		cppcheck wrk

# Kore's headers change struct layouts with its build features: use its own.
KORE_FEATURES := $(shell cat /usr/share/kore/features 2>/dev/null)

CC ?=		cc
WARNINGS =	-Wall -Wextra -Wstrict-prototypes -Wmissing-prototypes \
		-Wmissing-declarations -Wshadow -Wpointer-arith -Wcast-qual \
		-Wsign-compare -Wtype-limits
CFLAGS_BASE =	-std=c99 -D_GNU_SOURCE -D_FILE_OFFSET_BITS=64 -O2 -g \
		-fstack-protector-strong -fPIC $(WARNINGS) \
		-Isrc -I$(BUILD)/gen -DASR_VERSION='"$(VERSION)"'
MODULE_CFLAGS =	$(CFLAGS_BASE) $(KORE_FEATURES) -I/usr/include/kore
MODULE_LIBS =	-ljansson -lsodium -lm

CORE_SRC !=	ls src/core/*.c
# Every folder of src/ is the module's, but for the pure core (linked in
# too, and into the unit tests) and the command-line tool.
HTTP_SRC !=	ls src/*.c src/*/*.c | grep -v -e '^src/core/' -e '^src/cli/'
CLI_SRC !=	ls src/cli/*.c
UNIT_SRC !=	ls tests/unit/*.c
GEN_SRC =	$(BUILD)/gen/openapi_data.c $(BUILD)/gen/decp_schema.c

CORE_OBJ =	$(CORE_SRC:%.c=$(BUILD)/obj/%.o)
MODULE_OBJ =	$(HTTP_SRC:%.c=$(BUILD)/obj/%.o) $(GEN_SRC:%.c=%.o)
TEST_OBJ =	$(CORE_SRC:%.c=$(BUILD)/test-obj/%.o) \
		$(HTTP_SRC:%.c=$(BUILD)/test-obj/%.o) $(GEN_SRC:%.c=%.o)
HEADERS !=	ls src/*.h src/*/*.h

.PHONY: all build run test unit api deps db-start db-stop db-status migrate demo-large \
	reference demo psql stop clean lint bench soak

all: build

deps:
	@conf/deps.sh $(PACKAGES)

build: $(BUILD)/asr.so $(BUILD)/asr-test.so $(BUILD)/asr-admin

$(BUILD)/asr.so: $(CORE_OBJ) $(MODULE_OBJ)
	$(CC) -shared -o $@ $(CORE_OBJ) $(MODULE_OBJ) $(MODULE_LIBS)

# The test build reads ASR_NOW so that time-dependent rules are testable.
$(BUILD)/asr-test.so: $(TEST_OBJ)
	$(CC) -shared -o $@ $(TEST_OBJ) $(MODULE_LIBS)

# asr-admin: key generation and password hashing outside the server.
$(BUILD)/asr-admin: $(CLI_SRC) $(CORE_SRC) $(HEADERS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_BASE) -o $@ $(CLI_SRC) $(CORE_SRC) -ljansson -lsodium -lm

$(BUILD)/obj/%.o: %.c $(HEADERS)
	@mkdir -p $(@D)
	$(CC) $(MODULE_CFLAGS) -c $< -o $@

$(BUILD)/test-obj/%.o: %.c $(HEADERS)
	@mkdir -p $(@D)
	$(CC) $(MODULE_CFLAGS) -DASR_TESTING -c $< -o $@

$(BUILD)/gen/openapi_data.c: openapi.yaml src/http/embed.py
	@mkdir -p $(@D)
	/usr/bin/python3 src/http/embed.py openapi.yaml $@

$(BUILD)/gen/openapi_data.o: $(BUILD)/gen/openapi_data.c
	$(CC) $(CFLAGS_BASE) -c $< -o $@

# The DECP schema the import and export check records against (issue 10).
$(BUILD)/gen/decp_schema.c: src/sync/schema_decp_v2.0.3.json \
    src/sync/embed_decp.py
	@mkdir -p $(@D)
	/usr/bin/python3 src/sync/embed_decp.py $< $@

$(BUILD)/gen/decp_schema.o: $(BUILD)/gen/decp_schema.c
	$(CC) $(CFLAGS_BASE) -c $< -o $@

# Unit tests: src/core alone, under AddressSanitizer and UBSan.
$(BUILD)/unit-tests: $(CORE_SRC) $(UNIT_SRC) $(HEADERS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_BASE) -DASR_TESTING -O1 -fsanitize=address,undefined \
	    -fno-omit-frame-pointer -o $@ $(CORE_SRC) $(UNIT_SRC) \
	    -lcriterion -ljansson -lsodium -lm

unit: deps $(BUILD)/unit-tests
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1 \
	    $(BUILD)/unit-tests --jobs=2

db-start: deps
	@sql/cluster.sh start

db-stop:
	@sql/cluster.sh stop

db-status:
	@sql/cluster.sh status

migrate: deps db-start
	@sql/migrate.sh

reference: migrate
	@sql/migrate.sh reference

demo: reference $(BUILD)/asr-admin
	@sql/migrate.sh demo
	@conf/demo-people.sh

psql:
	@sql/cluster.sh psql

run: deps build
	@exec conf/run.sh

stop:
	@conf/run.sh stop

test: deps build $(BUILD)/unit-tests fuzz-regress
	@exec tests/run.sh

# make lint: cppcheck on src/ (.cppcheck/kore.cfg tells it Kore's seccomp
# macro), clang-tidy on src/ (bugprone, cert and the analyzer's security
# checks; .clang-tidy says which are off and why), the style of the C files
# changed since LINT_BASE (conf/style.py against .clang-format; origin/main,
# else HEAD~1, else every file), the compose file, and the contract with Redocly (2.x needs Node 20.19 or 22.12,
# else 1.x, as with Debian's Node 18).
LINT_PACKAGES =	cppcheck clang-format clang-tidy python3 git docker-compose
LINT_BASE ?=
REDOCLY_PICK =	const [a, b] = process.versions.node.split(".").map(Number); \
		console.log((a === 20 && b >= 19) || (a === 22 && b >= 12) || \
		    a > 22 ? "2.77.0" : "1.34.20")

lint: lint-deps
	cppcheck --quiet --error-exitcode=1 --enable=warning,portability \
	    --inline-suppr --std=c99 --library=.cppcheck/kore.cfg -Isrc src
	@mkdir -p $(BUILD)
	clang-tidy --quiet $(HTTP_SRC) $(CORE_SRC) $(CLI_SRC) -- \
	    $(MODULE_CFLAGS) >$(BUILD)/clang-tidy.log 2>&1 || \
	    { grep -v -e 'warnings* generated' $(BUILD)/clang-tidy.log; exit 1; }
	conf/style.py --changed $(LINT_BASE)
	docker-compose config -q
	@v=$$(node -e '$(REDOCLY_PICK)') && \
	    echo "npx --yes @redocly/cli@$$v lint openapi.yaml" && \
	    REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true \
	    npx --yes @redocly/cli@$$v lint openapi.yaml

.PHONY: lint-deps
lint-deps:
	@conf/deps.sh $(LINT_PACKAGES)
	@command -v npx >/dev/null 2>&1 || conf/deps.sh nodejs npm

bench: deps build
	@tests/bench/run.sh
	@tests/bench/sync.sh
	@tests/bench/reports.sh

# make soak: a minute of mixed load while PostgreSQL restarts twice and a
# worker is killed; prints requests, acknowledged, found, lost, duplicated,
# unexpected_5xx, recovery_seconds. Not a test: it loads the machine.
soak: deps build
	@tests/soak/run.sh

clean:
	rm -rf $(BUILD)

N ?= 10000
demo-large: reference
	@sql/demo/large.sh $(N)

# make fuzz: the libFuzzer harnesses of tests/fuzz (one per parser of
# outside input), each run FUZZ_SECONDS from its committed seed corpus
# (tests/fuzz/corpus/<name>) and its crash inputs kept as regressions
# (tests/fuzz/regress/<name>). make fuzz-regress replays both, once each:
# part of make test. Harnesses link src/core only, built by clang with
# libFuzzer, ASan and UBSan; tests/fuzz/gen.py extracts the route templates
# and the field tables from src/ so that new ones are fuzzed unedited.
FUZZ_PACKAGES =	clang libclang-rt-dev
FUZZ_SECONDS ?=	60
FUZZ_CC =	clang
FUZZ_FLAGS =	-std=c99 -D_GNU_SOURCE -g -O1 -fno-omit-frame-pointer \
		-fsanitize=address,undefined -fno-sanitize-recover=undefined \
		-Isrc -Itests/fuzz -I$(BUILD)/fuzz/gen
FUZZ_SRC !=	ls tests/fuzz/fuzz_*.c
FUZZ_BIN =	$(FUZZ_SRC:tests/fuzz/%.c=$(BUILD)/fuzz/%)
FUZZ_CORE =	$(CORE_SRC:%.c=$(BUILD)/fuzz/obj/%.o)
FUZZ_GEN =	$(BUILD)/fuzz/gen/routes_gen.h $(BUILD)/fuzz/gen/fields_gen.h

.PHONY: fuzz fuzz-build fuzz-regress fuzz-deps
.PRECIOUS: $(BUILD)/fuzz/obj/%.o
fuzz-deps:
	@conf/deps.sh $(PACKAGES) $(FUZZ_PACKAGES)

fuzz-build: fuzz-deps $(FUZZ_BIN)

fuzz: fuzz-build
	@FUZZ_SECONDS=$(FUZZ_SECONDS) tests/fuzz/run.sh $(FUZZ_BIN)

fuzz-regress: fuzz-build
	@tests/fuzz/run.sh --replay $(FUZZ_BIN)

$(BUILD)/fuzz/obj/%.o: %.c $(HEADERS)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link -c $< -o $@

$(BUILD)/fuzz/gen/routes_gen.h: src/routes.c tests/fuzz/gen.py
	@mkdir -p $(@D)
	/usr/bin/python3 tests/fuzz/gen.py routes src $@

$(BUILD)/fuzz/gen/fields_gen.h: $(HTTP_SRC) $(HEADERS) tests/fuzz/gen.py
	@mkdir -p $(@D)
	/usr/bin/python3 tests/fuzz/gen.py fields src $@

$(BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(FUZZ_GEN) \
    $(FUZZ_CORE)
	$(FUZZ_CC) $(FUZZ_FLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_CORE) \
	    -ljansson -lsodium -lm

# make test-asan: the test module (ASR_TESTING) built with ASan and UBSan,
# loaded into Debian's kore with libasan preloaded (conf/serve.sh,
# ASR_KORE_PRELOAD), then the whole API suite against it; fails on any
# sanitizer report in the servers' logs (tests/asan/run.sh).
ASAN_FLAGS =	-O1 -fno-omit-frame-pointer -fsanitize=address,undefined \
		-DASR_TESTING -DASR_SANITIZER
ASAN_OBJ =	$(CORE_SRC:%.c=$(BUILD)/asan-obj/%.o) \
		$(HTTP_SRC:%.c=$(BUILD)/asan-obj/%.o) $(GEN_SRC:%.c=%.o)

.PHONY: test-asan
test-asan: deps build $(BUILD)/asr-asan.so
	@exec tests/asan/run.sh

$(BUILD)/asr-asan.so: $(ASAN_OBJ)
	$(CC) -shared -fsanitize=address,undefined -o $@ $(ASAN_OBJ) \
	    $(MODULE_LIBS)

$(BUILD)/asan-obj/%.o: %.c $(HEADERS)
	@mkdir -p $(@D)
	$(CC) $(MODULE_CFLAGS) $(ASAN_FLAGS) -c $< -o $@

# make test-valgrind: the unit tests built without sanitizers, under
# valgrind's memcheck (tests/valgrind/run.sh: one log per Criterion child
# in build/valgrind, any error fails). Not in make test: valgrind starts
# once per test (Criterion forks each), some ten minutes on this machine.
VALGRIND_PACKAGES =	valgrind

.PHONY: test-valgrind
test-valgrind: deps $(BUILD)/unit-tests-plain
	@conf/deps.sh $(VALGRIND_PACKAGES)
	@tests/valgrind/run.sh $(BUILD)/unit-tests-plain

$(BUILD)/unit-tests-plain: $(CORE_SRC) $(UNIT_SRC) $(HEADERS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_BASE) -DASR_TESTING -O1 -fno-omit-frame-pointer \
	    -o $@ $(CORE_SRC) $(UNIT_SRC) -lcriterion -ljansson -lsodium -lm
