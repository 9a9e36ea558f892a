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

# A second build with clang and without Qt WebEngine: the app must build that way too
# (-Werror there: our code builds without warnings), and it carries the libFuzzer target
# (token and envelope parsers), run for 20 s. The main build replays the same target
# over its seed corpus as an ordinary test.
fuzz="$build-clang"
cmake -S . -B "$fuzz" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
    -DCMAKE_CXX_FLAGS=-Werror -DA911_BUILD_FUZZERS=ON -DA911_BUILD_TESTS=ON \
    -DA911_WITH_WEBENGINE=OFF "${launcher[@]}" >/dev/null
cmake --build "$fuzz" -j"$(nproc)" --target a911desk fuzz_tokenreply
ctest --test-dir "$fuzz" -R '^tst_fuzz_tokenreply_brief$' --output-on-failure

scripts/with-test-env.sh ctest --test-dir "$build" --output-on-failure -j2 "$@"
