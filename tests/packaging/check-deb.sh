#!/usr/bin/env bash
# Builds the .deb, checks that apt can install it here (simulated, so the machine is
# left alone), then unpacks it and runs the packaged binary.
set -euo pipefail
build=$1
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

(cd "$build" && "${CPACK:-cpack}" -G DEB -B "$out" >/dev/null)
deb=$(ls "$out"/*.deb)
echo "built $(basename "$deb")"
dpkg-deb --info "$deb" | grep -E '^ (Package|Version|Depends):'
for f in ./usr/bin/a911desk ./usr/share/applications/org.a911desk.a911desk.desktop \
         ./usr/share/metainfo/org.a911desk.a911desk.metainfo.xml \
         ./usr/share/icons/hicolor/scalable/apps/org.a911desk.a911desk.svg; do
    dpkg-deb --contents "$deb" | grep -q " $f\$" || { echo "missing in package: $f"; exit 1; }
done

# apt resolves every dependency against this Debian (simulation: nothing changes).
apt-get install --simulate -q "$deb" | grep -E "^(Inst|Conf) a911desk" \
    || { echo "apt cannot install the package"; apt-get install --simulate "$deb"; exit 1; }

dpkg-deb -x "$deb" "$out/root"
version=$("$out/root/usr/bin/a911desk" --version)
echo "packaged binary: $version"
echo "$version" | grep -q "a911desk"
