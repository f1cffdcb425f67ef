#!/bin/sh
# `syncloom map --engine jit` against `--engine interp` on a golden case: the same output and rejects, byte
# for byte; stderr says which engine ran (a note with the reason when the flow falls back); native code is
# cached where --cache-dir says, and nothing is written with --no-cache. And `compile --emit asm` works.
# Usage: map_engines.sh path/to/syncloom
set -u
syncloom=$1
case_dir=$(cd "$(dirname "$0")/../golden/tx_orders_tryton" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

run_map() {  # engine, name, extra args...
  engine=$1 name=$2
  shift 2
  "$syncloom" map "$case_dir/mapping.loom" --flow orders --engine "$engine" --input "$case_dir/input.ndjson" \
    --refs "$case_dir/refs.json" --output "$tmp/$name.out" --rejects "$tmp/$name.rej" --allow-rejects "$@" 2>"$tmp/$name.err" ||
    fail "map --engine $engine $* exited $?: $(cat "$tmp/$name.err")"
}

run_map interp interp
run_map jit jit --cache-dir "$tmp/cache"
cmp -s "$tmp/interp.out" "$tmp/jit.out" || fail "outputs differ: $(diff "$tmp/interp.out" "$tmp/jit.out")"
cmp -s "$tmp/interp.rej" "$tmp/jit.rej" || fail "rejects differ: $(diff "$tmp/interp.rej" "$tmp/jit.rej")"
[ -s "$tmp/interp.out" ] || fail "no output at all"
grep -q "^mapped 9 records (NDJSON, interpreter): " "$tmp/interp.err" || fail "interp summary: $(cat "$tmp/interp.err")"
grep -q "^note: flow " "$tmp/interp.err" && fail "a fallback note without --engine jit"
# The JIT ran natively, or it said why not: exactly one of the two.
if grep -q "^mapped 9 records (NDJSON, jit): " "$tmp/jit.err"; then
  grep -q "^note: flow " "$tmp/jit.err" && fail "native, yet a fallback note: $(cat "$tmp/jit.err")"
  [ -n "$(ls "$tmp/cache" 2>/dev/null)" ] || fail "--cache-dir: native code, but nothing cached in $tmp/cache"
else
  grep -q "^note: flow orders:woo.order->erp.salesOrder runs on the interpreter: ." "$tmp/jit.err" ||
    fail "fell back without a note: $(cat "$tmp/jit.err")"
  grep -q "^mapped 9 records (NDJSON, interpreter): " "$tmp/jit.err" || fail "jit summary: $(cat "$tmp/jit.err")"
fi

run_map jit nocache --no-cache --cache-dir "$tmp/unused"
[ -e "$tmp/unused" ] && fail "--no-cache wrote $tmp/unused"
cmp -s "$tmp/interp.out" "$tmp/nocache.out" || fail "--no-cache output differs"

"$syncloom" compile "$case_dir/mapping.loom" --emit asm >"$tmp/asm" 2>&1 || fail "compile --emit asm: $(cat "$tmp/asm")"
"$syncloom" compile "$case_dir/mapping.loom" --emit asm --flow nope >/dev/null 2>&1
[ $? -eq 2 ] || fail "compile --emit asm --flow nope should exit 2"

[ "$failures" -eq 0 ] && echo "map_engines: all passed"
exit "$failures"
