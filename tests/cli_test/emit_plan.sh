#!/bin/sh
# `syncloom compile MAPPING --emit plan` prints the approved plan JSON (the unit test approves it through the
# API; this checks the command prints those bytes), exits 1 with the diagnostics for a broken mapping and
# 2 for a missing file or `--flow`, which does not apply to the plan.
# Usage: emit_plan.sh path/to/syncloom
set -u
syncloom=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
data="$root/tests/data/sync_plan"

"$syncloom" compile "$data/every_clause.loom" --emit plan >"$tmp/plan.json" 2>"$tmp/err"
[ $? -eq 0 ] || fail "exit code: $(cat "$tmp/err")"
cmp -s "$tmp/plan.json" "$data/every_clause.plan.json" || fail "the plan differs: $(diff "$data/every_clause.plan.json" "$tmp/plan.json" | head -5)"

printf 'mapping broken version 1\nsystem woo: woocomerce\n' >"$tmp/broken.loom"
"$syncloom" compile "$tmp/broken.loom" --emit plan >"$tmp/out" 2>"$tmp/err"
[ $? -eq 1 ] || fail "a broken mapping: exit code"
grep -q E0102 "$tmp/err" || fail "a broken mapping: no diagnostic: $(cat "$tmp/err")"
[ -s "$tmp/out" ] && fail "a broken mapping printed a plan"

"$syncloom" compile "$tmp/missing.loom" --emit plan >/dev/null 2>&1
[ $? -eq 2 ] || fail "a missing file: exit code"
"$syncloom" compile "$data/every_clause.loom" --emit plan --flow orders >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] || fail "--flow with --emit plan: exit code"
grep -q "does not apply" "$tmp/err" || fail "--flow with --emit plan: $(cat "$tmp/err")"

[ $failures -eq 0 ] && echo "emit plan: ok"
exit $failures
