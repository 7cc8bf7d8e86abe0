# fdl — one command each: `make test`, `make run` (and `make build`, `make bench`, `make bench-compare`).
# Every target installs the Debian packages it needs when they are missing (as root, or via sudo).

BUILD ?= build
PREFIX ?= /usr/local
JOBS ?= $(shell nproc)
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)

# Build and test dependencies (Debian 12 package names).
PACKAGES := cmake ninja-build g++ git pkg-config libeigen3-dev libopenblas-dev libgtest-dev \
            libbenchmark-dev libcli11-dev python3-dev python3-numpy python3-pybind11 pybind11-dev \
            python3-pytest libtomlplusplus-dev nlohmann-json3-dev libsqlite3-dev zlib1g-dev \
            libspectra-dev coinor-libclp-dev coinor-libipopt-dev libdsdp-dev libsdpa-dev libalglib-dev \
            libopenmpi-dev openmpi-bin gnuplot-nox chromium python3-pil dataset-fashion-mnist
# Only for comparing against PyTorch in `make bench`.
BENCH_PACKAGES := python3-torch

.PHONY: all deps bench-deps configure build test test-sanitize run bench bench-compare install clean

all: build

define install_missing
	@missing=$$(for p in $(1); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "make: installing missing packages:" $$missing; \
	  $(SUDO) apt-get update -q && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q --no-install-recommends $$missing; \
	fi
endef

deps:
	$(call install_missing,$(PACKAGES))

bench-deps: deps
	$(call install_missing,$(BENCH_PACKAGES))

$(BUILD)/build.ninja: | deps
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release

build: deps $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS)

test: build
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

# The C++ unit tests under AddressSanitizer + UndefinedBehaviorSanitizer, in their own build
# (assertions on). Without -g it compiles in about half the time; reports still name functions.
# For file:line in reports: make test-sanitize SANITIZE_FLAGS="-g -O1".
SANITIZE_FLAGS ?= -O1
test-sanitize: deps
	cmake -S . -B $(BUILD)-sanitize -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="$(SANITIZE_FLAGS)" -DFDL_SANITIZE=ON -DFDL_PYTHON=OFF -DFDL_BENCH=OFF
	cmake --build $(BUILD)-sanitize -j $(JOBS)
	ctest --test-dir $(BUILD)-sanitize --output-on-failure -j $(JOBS)

run: build
	$(BUILD)/fdl verify

bench: bench-deps build
	bash bench/run.sh $(BUILD)

# The targets of issue 10 against PyTorch and numpy, met or not (docs/performance.md).
bench-compare: bench-deps $(BUILD)/build.ninja
	bash bench/compare.sh $(BUILD)

# Headers, libfdl_core.a, the CLI and the CMake package (find_package(fdl)) under $(PREFIX).
install: build
	cmake --install $(BUILD) --prefix $(PREFIX)

clean:
	rm -rf $(BUILD) $(BUILD)-sanitize
