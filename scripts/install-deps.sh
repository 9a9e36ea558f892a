#!/usr/bin/env bash
# Installs every Debian 12 package the build, the app and the test suite need.
# Idempotent; run as root or with sudo available.
set -euo pipefail

packages=(
    # toolchain
    build-essential cmake ninja-build pkg-config ccache git clang libclang-rt-14-dev
    # Qt 6.4 and QtKeychain
    qt6-base-dev qt6-base-dev-tools qt6-tools-dev qt6-l10n-tools qt6-networkauth-dev
    qt6-httpserver-dev qt6-websockets-dev qt6-webengine-dev qt6-svg-dev qtkeychain-qt6-dev
    libxkbcommon-dev libgl-dev qt6-qpa-plugins libqt6svg6 fonts-dejavu-core
    # running the app and its tests: display, D-Bus, a Secret Service, screenshots
    xvfb xauth dbus dbus-x11 gnome-keyring libsecret-tools imagemagick
    # packaging and benchmarks
    dpkg-dev appstream desktop-file-utils file jq curl
    # the TLS tests make a throwaway certificate with it
    openssl
)

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done

if [ "${#missing[@]}" -gt 0 ]; then
    echo "Installing: ${missing[*]}"
    $SUDO apt-get update -q
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "${missing[@]}"
else
    echo "All build and test packages are installed."
fi
