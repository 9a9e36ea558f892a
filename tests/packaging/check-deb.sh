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
contents=$(dpkg-deb --contents "$deb")
for f in ./usr/bin/a911desk ./usr/share/applications/org.a911desk.a911desk.desktop \
         ./usr/share/metainfo/org.a911desk.a911desk.metainfo.xml \
         ./usr/share/icons/hicolor/scalable/apps/org.a911desk.a911desk.svg; do
    grep -q " $f\$" <<<"$contents" || { echo "missing in package: $f"; exit 1; }
done

if grep -q "WITH_WEBENGINE:BOOL=ON" "$build/CMakeCache.txt"; then
    grep -qE "/a911desk/a911browser\.so\$" <<<"$contents" \
        || { echo "missing in package: the browser plugin"; exit 1; }
fi

# apt resolves every dependency against this Debian (simulation: nothing changes).
simulation=$(apt-get install --simulate -q "$deb" 2>&1 || true)
grep -qE "^(Inst|Conf) a911desk" <<<"$simulation" \
    || { echo "apt cannot install the package:"; echo "$simulation"; exit 1; }

# In CI (a throwaway machine, as root) install it for real, run it, remove it again.
if [ "${CI:-}" = true ] && [ "$(id -u)" -eq 0 ] && ! dpkg-query -W a911desk >/dev/null 2>&1; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$deb" >/dev/null
    trap 'dpkg --purge a911desk >/dev/null 2>&1; rm -rf "$out"' EXIT
    installed=$(/usr/bin/a911desk --version)
    echo "installed: $installed"
    grep -q "^a911desk " <<<"$installed"
    test -f /usr/share/applications/org.a911desk.a911desk.desktop
fi

dpkg-deb -x "$deb" "$out/root"
version=$("$out/root/usr/bin/a911desk" --version)
echo "packaged binary: $version"
grep -q "^a911desk " <<<"$version"
