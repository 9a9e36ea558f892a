#!/usr/bin/env bash
# Makes the README screenshots from the demo mode, in the throwaway test environment
# (Xvfb at a fixed 1600x1000 screen, private D-Bus and keyring, temporary HOME):
#   scripts/screenshots.sh [BUILD_DIR]   (default: build/release, else build/debug)
# Each scene is one run of a911desk --demo with the hidden --docs-screenshot option:
# the app waits for the demo profiles, sets up the scene, grabs its own window (so the
# picture is cropped to the window) and quits. Writes docs/screenshots/*.png.
set -euo pipefail
cd "$(dirname "$0")/.."

build=${1:-${A911_BUILD_DIR:-}}
if [ -z "$build" ]; then
    build=build/release
    [ -x "$build/bin/a911desk" ] || [ ! -x build/debug/bin/a911desk ] || build=build/debug
fi
app="$build/bin/a911desk"
out=docs/screenshots
max_bytes=$((300 * 1024))

if [ ! -x "$app" ]; then
    echo "No $app: build it first (cmake --build $build --target a911desk)." >&2
    exit 2
fi
mkdir -p "$out"

# The same look on every machine: no inherited scaling, style or theme.
unset QT_SCALE_FACTOR QT_SCREEN_SCALE_FACTORS QT_AUTO_SCREEN_SCALE_FACTOR QT_STYLE_OVERRIDE \
    QT_QPA_PLATFORMTHEME QT_FONT_DPI
export LANG=C.UTF-8 LC_ALL=C.UTF-8 A911_FORCE_XVFB=1

shot() { # shot FILE SCENE COLOR-SCHEME
    local file=$1 scene=$2 scheme=$3 tmp
    tmp=$(mktemp /tmp/a911-shot.XXXXXX.png)
    echo "== $file ($scene, $scheme)"
    if ! timeout 120 scripts/with-test-env.sh "$app" --demo --color-scheme "$scheme" \
        --docs-scene "$scene" --docs-screenshot "$tmp" >/dev/null 2>"$tmp.log"; then
        cat "$tmp.log" >&2
        rm -f "$tmp" "$tmp.log"
        echo "screenshot $file failed" >&2
        return 1
    fi
    # Smaller without losing a pixel: drop metadata, strongest zlib level.
    if command -v convert >/dev/null; then
        convert "$tmp" -strip -define png:compression-level=9 "$out/$file"
    else
        cp "$tmp" "$out/$file"
    fi
    rm -f "$tmp" "$tmp.log"
    local bytes
    bytes=$(stat -c %s "$out/$file")
    if [ "$bytes" -gt "$max_bytes" ]; then
        echo "$out/$file is $bytes bytes, over the $max_bytes limit for the README" >&2
        return 1
    fi
    echo "   $(file -b "$out/$file" | cut -d, -f2 | xargs), $((bytes / 1024)) KB"
}

shot main-light.png main light
shot main-dark.png main dark
shot explorer.png explorer light
echo "Written to $out/."
