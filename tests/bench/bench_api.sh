#!/bin/sh
# API explorer benchmark (not a ctest test). In ONE run, against one replica serving a
# ~20 MB alerts reply (`a911desk replica --fault api/alerts=huge:20`):
#   1. `a911desk api GET /alerts > /dev/null` (the CLI, token from the keychain)
#   2. `curl -s URL -H 'Authorization: Bearer …' | jq . > /dev/null` on the same reply
#   3. the explorer pane: send → tree painted, and the longest UI event-loop gap
# Run inside the throwaway environment (the CLI needs a keychain):
#   scripts/with-test-env.sh tests/bench/bench_api.sh build-explorer [RUNS]
# Needs: ninja -C BUILD a911desk bench_explorer; curl, jq.
set -eu

BUILD=${1:?usage: bench_api.sh BUILD_DIR [RUNS]}
RUNS=${2:-5}
BIN="$BUILD/bin/a911desk"
BENCH="$BUILD/tests/bench/bench_explorer"
[ -x "$BIN" ] && [ -x "$BENCH" ] || { echo "build a911desk and bench_explorer first" >&2; exit 2; }

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

cat <<REPORT
reply size:               $size bytes
a911desk api GET /alerts: ${cli} ms (median of $RUNS; runs: $(tr '\n' ' ' <"$tmp/cli"))
a911desk api GET / (tiny): ${small} ms (start-up, keychain, token: the fixed cost)
curl | jq .:              ${curljq} ms (median of $RUNS; runs: $(tr '\n' ' ' <"$tmp/curl"))
explorer send → tree:     ${tree} ms (median of $RUNS)
longest UI stall:         ${stall} ms (2 ms timer; gap between ticks)
pane detail:              $pane
REPORT
