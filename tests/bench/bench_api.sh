#!/bin/sh
# API explorer benchmark (not a ctest test). In ONE run, against one replica serving a
# ~20 MB alerts reply (`a911desk replica --fault api/alerts=huge:20`):
#   1. `a911desk api GET /alerts > /dev/null` (the CLI, token from the keychain)
#   2. `curl -s URL -H 'Authorization: Bearer …' | jq . > /dev/null` on the same reply
#   3. the explorer pane: send → tree painted, and the longest UI event-loop gap
# Each is run RUNS times (default 5) and the median reported, with the ratios to
# curl | jq and the verdict against issue #6's aims. Run inside the throwaway environment
# (the CLI needs a keychain), on a RelWithDebInfo/Release build:
#   scripts/with-test-env.sh tests/bench/bench_api.sh build [RUNS]
# Needs: ninja -C BUILD a911desk bench_explorer (both in the default build); curl, jq.
set -eu

BUILD=${1:?usage: bench_api.sh BUILD_DIR [RUNS]}
RUNS=${2:-5}
BIN="$BUILD/bin/a911desk"
BENCH="$BUILD/tests/bench/bench_explorer"
[ -x "$BIN" ] && [ -x "$BENCH" ] || { echo "build a911desk and bench_explorer first" >&2; exit 2; }
buildtype=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$BUILD/CMakeCache.txt" 2>/dev/null)
case "$buildtype" in
RelWithDebInfo | Release | MinSizeRel) ;;
*) echo "note: $BUILD is a '${buildtype:-?}' build; figures for the docs come from RelWithDebInfo" >&2 ;;
esac
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

tmp=$(mktemp -d)
replica_pid=
cleanup() { [ -n "$replica_pid" ] && kill "$replica_pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT INT TERM

"$BIN" replica --fault 'api/alerts=huge:20' >"$tmp/ready" 2>"$tmp/replica.log" &
replica_pid=$!
i=0
while [ ! -s "$tmp/ready" ]; do
    i=$((i + 1)); [ $i -gt 100 ] && { echo "replica did not start" >&2; cat "$tmp/replica.log" >&2; exit 1; }
    sleep 0.1
done
ready=$(head -n 1 "$tmp/ready")
console=$(printf '%s' "$ready" | jq -r .console_url)
api=$(printf '%s' "$ready" | jq -r .api_url)
refresh=$(printf '%s' "$ready" | jq -r '.agencies[0].refresh_token')

settings="$tmp/settings.ini"
printf '%s\n' "$refresh" | "$BIN" import --refresh-token-stdin --name Bench \
    --settings-file "$settings" --console-url "$console" --api-url "$api" >/dev/null

# curl needs an access token: one exchange, like any script would do.
access=$(curl -s -d "refresh_token=$refresh" "${console}api_access.php" | jq -r .access_token)
curl -s "${api}alerts" -H "Authorization: Bearer $access" -o "$tmp/body.json"
size=$(wc -c <"$tmp/body.json")

now_ms() { date +%s%3N; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

: >"$tmp/cli"; : >"$tmp/curl"; : >"$tmp/small"
n=0
while [ $n -lt "$RUNS" ]; do
    t0=$(now_ms)
    "$BIN" api GET /alerts --profile Bench --settings-file "$settings" >/dev/null
    t1=$(now_ms)
    curl -s "${api}alerts" -H "Authorization: Bearer $access" | jq . >/dev/null
    t2=$(now_ms)
    "$BIN" api GET / --profile Bench --settings-file "$settings" >/dev/null
    t3=$(now_ms)
    echo $((t3 - t2)) >>"$tmp/small"
    echo $((t1 - t0)) >>"$tmp/cli"
    echo $((t2 - t1)) >>"$tmp/curl"
    n=$((n + 1))
done
cli=$(median <"$tmp/cli")
curljq=$(median <"$tmp/curl")
small=$(median <"$tmp/small")

pane=$("$BENCH" --console-url "$console" --api-url "$api" --refresh-token "$refresh" --runs "$RUNS")
tree=$(printf '%s' "$pane" | jq '.medianMs | floor')
stall=$(printf '%s' "$pane" | jq '.maxStallMs * 10 | floor / 10')
stalls=$(printf '%s' "$pane" | jq -r '[.runs[].stallMs * 10 | floor / 10] | map(tostring) | join(" ")')
stall_median=$(printf '%s' "$pane" | jq '[.runs[].stallMs] | sort | .[(length - 1) / 2 | floor] * 10 | floor / 10')
trees=$(printf '%s' "$pane" | jq -r '[.runs[].ms | floor] | map(tostring) | join(" ")')
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
verdict() { awk -v v="$1" -v aim="$2" 'BEGIN { print (v <= aim) ? "met" : "NOT met" }'; }
cli_ratio=$(ratio "$cli" "$curljq")
tree_ratio=$(ratio "$tree" "$curljq")

cat <<REPORT
build:                    $BUILD (${buildtype:-?}), $(nproc) cores, load $load_before -> $load_after
reply size:               $size bytes
a911desk api GET /alerts: ${cli} ms (median of $RUNS; runs: $(tr '\n' ' ' <"$tmp/cli"))
a911desk api GET / (tiny): ${small} ms (start-up, keychain, token: the fixed cost)
curl | jq .:              ${curljq} ms (median of $RUNS; runs: $(tr '\n' ' ' <"$tmp/curl"))
explorer send -> tree:    ${tree} ms (median of $RUNS; runs: $trees)
longest UI stall:         ${stall} ms (max of $RUNS pane runs; per run: $stalls; median $stall_median; 2 ms timer)
CLI / curl|jq:            ${cli_ratio}x  (aim <= 0.5: $(verdict "$cli_ratio" 0.5))
tree / curl|jq:           ${tree_ratio}x  (aim <= 1: $(verdict "$tree_ratio" 1))
longest stall:            ${stall} ms  (aim <= 50 ms: $(verdict "$stall" 50))
pane detail:              $pane
REPORT
