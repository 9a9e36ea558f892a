#!/usr/bin/env bash
# The README's first command: installs what is needed, builds, and starts a911desk in
# demo mode (a built-in Active911 replica; no account needed, real profiles untouched).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh

build=${A911_BUILD_DIR:-build/release}
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DA911_BUILD_TESTS=OFF "${launcher[@]}"
cmake --build "$build" -j"$(nproc)"

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    echo "Built $build/bin/a911desk. No display found: start it from a desktop session with" >&2
    echo "  $build/bin/a911desk --demo" >&2
    exit 0
fi

# As root (e.g. under sudo) start the app as the desktop user: Qt WebEngine will not
# run as root, and the demo's settings belong in that user's home.
if [ "$(id -u)" -eq 0 ] && [ -n "${SUDO_USER:-}" ] && [ "$SUDO_USER" != root ]; then
    exec sudo -u "$SUDO_USER" --preserve-env=DISPLAY,WAYLAND_DISPLAY,XAUTHORITY,DBUS_SESSION_BUS_ADDRESS \
        "$build/bin/a911desk" --demo "$@"
fi
exec "$build/bin/a911desk" --demo "$@"
