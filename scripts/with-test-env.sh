#!/usr/bin/env bash
# Runs a command the way the test suite runs: inside Xvfb, in a private D-Bus session
# with a throwaway unlocked gnome-keyring, with HOME and the XDG folders pointing at
# a temporary folder. Never the user's own keyring or settings.
#   scripts/with-test-env.sh ctest --test-dir build -j2
set -euo pipefail

if [ "$#" -eq 0 ]; then
    echo "usage: $0 COMMAND [ARG…]" >&2
    exit 2
fi

if [ -z "${A911_IN_TEST_ENV:-}" ]; then
    tmp=$(mktemp -d /tmp/a911-test.XXXXXX)
    trap 'rm -rf "$tmp"' EXIT
    mkdir -p "$tmp/home" "$tmp/config" "$tmp/data" "$tmp/cache" "$tmp/runtime"
    chmod 700 "$tmp/runtime"
    export HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data" \
        XDG_CACHE_HOME="$tmp/cache" XDG_RUNTIME_DIR="$tmp/runtime" A911_TEST_ROOT="$tmp" \
        A911_IN_TEST_ENV=1
    unset DBUS_SESSION_BUS_ADDRESS GNOME_KEYRING_CONTROL SSH_AUTH_SOCK
    # Xvfb outermost so that the D-Bus session (and the keyring) see the display.
    exec_cmd=(dbus-run-session -- "$0" "$@")
    if [ -z "${DISPLAY:-}" ] || [ -n "${A911_FORCE_XVFB:-}" ]; then
        xvfb-run -a -s "-screen 0 1600x1000x24" "${exec_cmd[@]}"
    else
        "${exec_cmd[@]}"
    fi
    exit $?
fi

# Inside the D-Bus session: start an unlocked throwaway keyring, then the command.
if [ -z "${A911_KEYRING_STARTED:-}" ]; then
    export A911_KEYRING_STARTED=1
    eval "$(printf 'test' | gnome-keyring-daemon --unlock --components=secrets 2>/dev/null)" || true
    export GNOME_KEYRING_CONTROL
fi
"$@"
