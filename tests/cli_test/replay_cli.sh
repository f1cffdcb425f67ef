#!/usr/bin/env bash
# `syncloom replay` on a store recorded by the runtime itself (make_replay_store): a customer and seven order
# events through replay/old.loom, then replay/new.loom (a changed comment formula, a changed unit price for
# one product, a scale-only change that is no difference, and a filter that drops completed orders and takes
# on-hold ones) must name exactly orders 102 (comment), 106 (lines[1].unit_price), 103 (now filtered) and
# 104 (newly written); the same mapping finds no difference; the store is unchanged byte for byte.
#
#   replay_cli.sh SYNCLOOM MAKE_REPLAY_STORE DATA_DIR
set -euo pipefail
syncloom="$1" make="$2" data="$3"
work="$(mktemp -d)"
spy=""
trap '[ -z "$spy" ] || kill "$spy" 2>/dev/null || true; rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
expect() { grep -qF -- "$1" "$2" || fail "expected \`$1\` in $2: $(cat "$2")"; }
refuse() { ! grep -qF -- "$1" "$2" || fail "did not expect \`$1\` in $2: $(cat "$2")"; }
cp "$data/old.loom" "$data/new.loom" "$work/"
cat >"$work/syncloom.yaml" <<YAML
mappings: [old.loom]
store: state.db
systems: {}
YAML
"$make" "$work/syncloom.yaml" "$data/events.ndjson" >"$work/made" || fail "make_replay_store: $(cat "$work/made")"
expect "8 events recorded" "$work/made"
sum_before="$(sha256sum "$work/state.db" | cut -d' ' -f1)"
[ ! -e "$work/state.db-wal" ] || [ ! -s "$work/state.db-wal" ] || fail "the recorder left a WAL behind"

# The configuration replay reads names real systems, served by a spy that logs every request it gets:
# replay must contact neither (nor need their credentials, which are not set here).
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
python3 -u -m http.server "$port" --bind 127.0.0.1 --directory "$work" >"$work/spy.log" 2>&1 &
spy=$!
cat >"$work/replay.yaml" <<YAML
mappings: [old.loom]
store: state.db
systems:
  woo:
    kind: woocommerce
    url: http://127.0.0.1:$port
    consumer_key: \${WOO_CONSUMER_KEY}
    consumer_secret: \${WOO_CONSUMER_SECRET}
  erp:
    kind: tryton
    url: http://127.0.0.1:$port
    password: \${TRYTON_PASSWORD}
YAML
unset WOO_CONSUMER_KEY WOO_CONSUMER_SECRET TRYTON_PASSWORD
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.1; done
: >"$work/spy.log"  # the readiness probe's line
"$syncloom" replay --config "$work/replay.yaml" --mapping "$work/new.loom" >"$work/spied" || [ $? -eq 1 ] || fail "replay with the spy's systems: $(cat "$work/spied")"
expect "4 records differ" "$work/spied"

# The changed mapping: exit 1, exactly the four records, each with its field or verdict.
rc=0
"$syncloom" replay --config "$work/syncloom.yaml" --mapping "$work/new.loom" >"$work/text" 2>"$work/err" || rc=$?
[ "$rc" -eq 1 ] || fail "replay exit $rc (expected 1: differences): $(cat "$work/text" "$work/err")"
expect "orders 102 (event" "$work/text"
expect 'changed  comment  "" -> "none"' "$work/text"
expect "orders 106 (event" "$work/text"
expect "changed  lines[1].unit_price  3.0 -> 3.300" "$work/text"
expect "orders 103 (event" "$work/text"
expect "now filtered (the running version wrote it)" "$work/text"
expect "orders 104 (event" "$work/text"
expect "newly written (the running version filtered it at intake)" "$work/text"
expect "4 records differ" "$work/text"
for quiet in "orders 101 " "orders 105 " "customers ann" "lines[0]"; do refuse "$quiet" "$work/text"; done
[ "$(grep -Ec '^[a-z]+ [^ ]+ \(event ' "$work/text")" -eq 4 ] || fail "expected exactly 4 records: $(cat "$work/text")"
# Summary: orders compared 7 (101 twice, 102..106), 3 identical (101, 101 again: unchanged, 105), 4 differing.
grep -Eq '^orders +7 +3 +4 +1 +1 +0 +0 +0$' "$work/text" || fail "orders summary: $(cat "$work/text")"
grep -Eq '^customers +1 +1 +0 ' "$work/text" || fail "customers summary: $(cat "$work/text")"
grep -Eq '^orders +comment +1$' "$work/text" || fail "by field comment: $(cat "$work/text")"
grep -Eq '^orders +lines\[\]\.unit_price +1$' "$work/text" || fail "by field unit_price: $(cat "$work/text")"

# JSON: the same records, the old and new values as JSON (exact decimal text), the summary.
rc=0
"$syncloom" replay --config "$work/syncloom.yaml" --mapping "$work/new.loom" --format json --interpreter >"$work/json" || rc=$?
[ "$rc" -eq 1 ] || fail "json replay exit $rc"
python3 - "$work/json" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]), parse_float=str)
recs = {r["key"]: r for r in doc["records"]}
assert sorted(recs) == ["102", "103", "104", "106"], sorted(recs)
assert recs["102"]["changes"] == [{"kind": "changed", "path": "comment", "old": "", "new": "none"}], recs["102"]
assert recs["106"]["changes"] == [{"kind": "changed", "path": "lines[1].unit_price", "old": "3.0", "new": "3.300"}], recs["106"]
assert recs["103"]["before"] == "written" and recs["103"]["after"] == "filtered"
assert recs["104"]["before"] == "filtered" and recs["104"]["after"] == "output" and recs["104"]["document"]["reference"] == "104"
assert doc["differing"] == 4 and doc["summary"]["orders"]["identical"] == 3, doc
PY

# --domain and --limit narrow it; the running mapping itself finds nothing (exit 0).
rc=0; "$syncloom" replay --config "$work/syncloom.yaml" --mapping "$work/new.loom" --domain customers >"$work/c" || rc=$?
[ "$rc" -eq 0 ] || fail "customers only: exit $rc: $(cat "$work/c")"
expect "no differences" "$work/c"
rc=0; "$syncloom" replay --config "$work/syncloom.yaml" --mapping "$work/new.loom" --limit 3 >"$work/l" || rc=$?
[ "$rc" -eq 1 ] || fail "limit 3: exit $rc"
expect "3 recorded events replayed" "$work/l"
expect "1 record differs" "$work/l"
rc=0; "$syncloom" replay --config "$work/syncloom.yaml" --mapping "$work/old.loom" --since 1h >"$work/same" || rc=$?
[ "$rc" -eq 0 ] || fail "the running mapping: exit $rc: $(cat "$work/same")"
expect "8 recorded events replayed" "$work/same"
expect "no differences" "$work/same"

# Errors: exit 2 with the reason.
printf "mapping broken version 1\ndomain x {\n" >"$work/bad.loom"
rc=0; "$syncloom" replay --config "$work/syncloom.yaml" --mapping "$work/bad.loom" 2>"$work/e" >/dev/null || rc=$?
[ "$rc" -eq 2 ] || fail "a broken mapping: exit $rc"
expect "does not compile" "$work/e"
rc=0; "$syncloom" replay --store "$work/nothing.db" --mapping "$work/new.loom" 2>"$work/e" >/dev/null || rc=$?
[ "$rc" -eq 2 ] || fail "no store: exit $rc"
expect "no store there" "$work/e"

# Nothing was written: the store is the same file, byte for byte, and no WAL appeared.
[ "$(sha256sum "$work/state.db" | cut -d' ' -f1)" = "$sum_before" ] || fail "replay changed the store"
[ ! -s "$work/state.db-wal" ] || fail "replay wrote to the WAL"

[ ! -s "$work/spy.log" ] || fail "replay contacted a system: $(cat "$work/spy.log")"

# status shows what is retained for replay.
"$syncloom" status --config "$work/syncloom.yaml" >"$work/status"
expect "retained 8 events, the oldest received" "$work/status"
"$syncloom" status --config "$work/syncloom.yaml" --format json >"$work/status.json"
python3 -c 'import json, sys; r = json.load(open(sys.argv[1]))["retained"]; assert r["events"] == 8 and r["oldest"].endswith("Z"), r' \
  "$work/status.json" || fail "status json: $(cat "$work/status.json")"
echo "ok"
