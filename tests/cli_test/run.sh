#!/bin/sh
# Checks `syncloom test` itself: exit codes, the per-case lines, the diff and the closing summary.
# Usage: run.sh path/to/syncloom   (from anywhere; paths below are relative to this directory)
set -u
syncloom=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
cd "$(dirname "$0")" || exit 2
failures=0
out=$(mktemp)
trap 'rm -f "$out"' EXIT

# expect_run EXIT_CODE ARGS... : runs `syncloom test ARGS`, checks the exit code, keeps stdout+stderr in $out.
expect_run() {
  want=$1
  shift
  "$syncloom" test "$@" >"$out" 2>&1
  got=$?
  if [ "$got" -ne "$want" ]; then
    echo "FAIL: syncloom test $*: exit $got, expected $want"
    cat "$out"
    failures=$((failures + 1))
  fi
}
# expect_line TEXT : $out has a line containing TEXT.
expect_line() {
  if ! grep -qF -- "$1" "$out"; then
    echo "FAIL: no line containing '$1' in:"
    cat "$out"
    failures=$((failures + 1))
  fi
}

expect_run 0 passing.yaml
expect_line "ok   passing.yaml:numbers compare by decimal value and fields in any order"
expect_line "14 passed, 0 failed"
expect_line "ok   passing.yaml:a case's refs remove one of the file's"

expect_run 0 changed.yaml
expect_line "ok   changed.yaml:changed() is false when the previous version has the same refunds"
expect_line "2 passed, 0 failed"

expect_run 1 failing.yaml
expect_line "FAIL failing.yaml:wrong value, missing and unexpected fields"
expect_line 'sku: expected "Bar4", got "Bar3"'
expect_line 'weight: missing (expected "1.5")'
expect_line "virtual: unexpected false"
expect_line "expected the record to be filtered, got an output record"
expect_line 'expected a rejection at `lines[0]` containing "currency"'
expect_line 'no flow matches `stock`'
expect_line 'regular_price: expected "25.00", got 25.00'
expect_line 'key: expected "WOO-728", got "WOO-727"'
expect_line 'idempotency: expected 1 part(s), got key "WOO-727", idempotency [727, "2017-03-22T19:28:08Z"]'
expect_line 'idempotency[1]: expected "2017-03-21T19:09:31Z", got "2017-03-21T19:09:30Z"'
expect_line "key: expected \"WOO-727\", but the flow's domain has no key"
expect_line "FAIL failing.yaml:a refund without its start record is not filtered"
expect_line "0 passed, 9 failed"

# A passing and a failing file together: one failure fails the run.
expect_run 1 passing.yaml failing.yaml
expect_line "14 passed, 9 failed"

expect_run 2 bad_syntax.yaml
expect_line "bad_syntax.yaml:6:1:"
expect_run 2 bad_key.yaml
expect_line 'bad_key.yaml:6: unknown key `expected`'
expect_run 2 bad_patch_index.yaml
expect_line 'bad_patch_index.yaml:9: patch `taxes[3]`: `taxes` has 1 element'
expect_run 2 bad_refs_null.yaml
expect_line 'bad_refs_null.yaml:4: `refs.products.Bar3` is null: only a case'"'"'s refs remove a reference'
expect_run 2 bad_expectations.yaml
expect_line 'bad_expectations.yaml:4: case `two outcomes` has more than one of `expect`, `expect_rejection`, `expect_filtered`'
expect_run 2 no_such_file_test.yaml
expect_line "cannot read 'no_such_file_test.yaml'"

# Directories are searched for *_test.yaml only: this one holds none (its files are named otherwise).
expect_run 2 .
expect_line "no *_test.yaml files found"

# Every shipped mapping's cases pass.
expect_run 0 ../../mappings
expect_line " 0 failed"

if [ "$failures" -ne 0 ]; then
  echo "$failures check(s) failed"
  exit 1
fi
echo "all syncloom test checks passed"
