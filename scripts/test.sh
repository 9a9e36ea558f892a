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

# The libFuzzer target (token and envelope parsers), built with clang beside the main
# build and run for 20 s. The main build runs the same target over its seed corpus too.
fuzz="$build-fuzz"
cmake -S . -B "$fuzz" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
    -DA911_BUILD_FUZZERS=ON -DA911_BUILD_TESTS=ON -DA911_WITH_WEBENGINE=OFF "${launcher[@]}" >/dev/null
cmake --build "$fuzz" -j"$(nproc)" --target fuzz_tokenreply
ctest --test-dir "$fuzz" -R '^tst_fuzz_tokenreply_brief$' --output-on-failure

scripts/with-test-env.sh ctest --test-dir "$build" --output-on-failure -j2 "$@"
