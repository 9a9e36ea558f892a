#!/usr/bin/env bash
# The README's second command (and what CI runs): installs what is needed, builds
# everything with the tests, and runs the whole suite inside a throwaway environment
# (Xvfb, private D-Bus session, throwaway unlocked keyring, temporary HOME/XDG).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh

build=${A911_BUILD_DIR:-build/test}
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DA911_BUILD_TESTS=ON "${launcher[@]}"
cmake --build "$build" -j"$(nproc)"

# The libFuzzer target, built with clang beside the main build and run briefly.
if command -v clang++ >/dev/null; then
    cmake -S . -B "$build-fuzz" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_COMPILER=clang++ \
        -DA911_BUILD_FUZZERS=ON -DA911_BUILD_TESTS=ON -DA911_WITH_WEBENGINE=OFF "${launcher[@]}" >/dev/null
fi
export A911_FUZZ_BUILD_DIR="$build-fuzz"

scripts/with-test-env.sh ctest --test-dir "$build" --output-on-failure -j2 "$@"
