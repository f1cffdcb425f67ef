#!/bin/sh
# `syncloom map` input formats and exit codes: the WooCommerce samples (JSON arrays), the same records as
# NDJSON, as one array, as pretty-printed documents (all give the same output bytes); inputs that are not
# records exit 2 naming file, line and column; rejects exit 1 unless --allow-rejects; the summary names the
# format and the engine (the JIT by default); without the JIT module every flow runs on the interpreter.
# Usage: map_formats.sh path/to/syncloom
set -u
syncloom=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
data="$root/mappings/testdata"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# map NAME EXPECTED_EXIT INPUT [ARGS...]: the Tryton orders flow; stdout, rejects, stderr in $tmp/NAME.*
map() {
  name=$1 want=$2 input=$3
  shift 3
  "$syncloom" map "$root/mappings/woocommerce-tryton.loom" --flow orders --refs "$data/tryton-refs.json" --input "$input" \
    --output "$tmp/$name.out" --rejects "$tmp/$name.rej" "$@" 2>"$tmp/$name.err"
  got=$?
  [ "$got" -eq "$want" ] || fail "$name: exit $got, expected $want: $(cat "$tmp/$name.err")"
}
expect_err() {  # NAME TEXT: stderr of NAME has a line containing TEXT
  grep -qF -- "$2" "$tmp/$1.err" || fail "$1: no '$2' in stderr: $(cat "$tmp/$1.err")"
}

# 1. A `GET /orders` page as WooCommerce sends it (tests/cli_data/orders-list.json, the REST API docs' sample
#    verbatim): an array, pretty-printed. Order 727's first line has no
#    SKU (rejected: exit 1, with its line and index); order 723 is filtered.
map list 1 "$root/tests/cli_data/orders-list.json"
expect_err list "mapped 2 records (JSON array, jit): 0 out, 1 filtered, 1 rejected"
grep -q '^{"line":2,"column":3,"offset":4,"index":0,"path":"lines\[0\]","error":' "$tmp/list.rej" || fail "list rejects: $(cut -c1-200 "$tmp/list.rej")"
map list_allowed 0 "$root/tests/cli_data/orders-list.json" --allow-rejects
cmp -s "$tmp/list.rej" "$tmp/list_allowed.rej" || fail "--allow-rejects changed the rejects"

# 2. The same two orders as NDJSON, as one array, as pretty documents and as a pretty array: the same bytes out.
map ndjson 0 "$data/sample-orders.ndjson"
expect_err ndjson "mapped 2 records (NDJSON, jit): 2 out, 0 filtered, 0 rejected"
{ printf '['; sed '$!s/$/,/' "$data/sample-orders.ndjson"; printf ']'; } >"$tmp/array.json"
map array 0 "$tmp/array.json"
expect_err array "(JSON array, jit): 2 out"
cat "$data/order-727-sku.json" "$data/order-728-coupon-fee.json" >"$tmp/documents.json"
map documents 0 "$tmp/documents.json"
expect_err documents "(JSON documents, jit): 2 out"
{ echo '['; cat "$data/order-727-sku.json"; echo ','; cat "$data/order-728-coupon-fee.json"; echo ']'; } >"$tmp/pretty_array.json"
map pretty_array 0 "$tmp/pretty_array.json"
for f in array documents pretty_array; do
  cmp -s "$tmp/ndjson.out" "$tmp/$f.out" || fail "$f: output differs from NDJSON's: $(diff "$tmp/ndjson.out" "$tmp/$f.out" | head -5)"
done
[ "$(wc -l <"$tmp/ndjson.out")" -eq 2 ] || fail "ndjson: expected 2 output lines"
# From stdin too, and with the interpreter: the same bytes.
"$syncloom" map "$root/mappings/woocommerce-tryton.loom" --flow orders --refs "$data/tryton-refs.json" --engine interp \
  <"$tmp/pretty_array.json" >"$tmp/stdin.out" 2>"$tmp/stdin.err" || fail "stdin: exit $?: $(cat "$tmp/stdin.err")"
cmp -s "$tmp/ndjson.out" "$tmp/stdin.out" || fail "stdin with the interpreter: output differs"
expect_err stdin "mapped 2 records (JSON array, interpreter): 2 out"

# 3. Inputs that are not records: exit 2, naming the file, line and column, and no record rejected.
printf 'id,status,total\n727,processing,29.35\n' >"$tmp/orders.csv"
map csv 2 "$tmp/orders.csv"
expect_err csv "error: $tmp/orders.csv:1:1: the input is not JSON records: it starts with \`id,status,total\`"
[ ! -s "$tmp/csv.rej" ] || fail "csv: records were rejected: $(cat "$tmp/csv.rej")"
printf -- '- id: 727\n  status: processing\n' >"$tmp/orders.yaml"
map yaml 2 "$tmp/orders.yaml"
expect_err yaml "orders.yaml:1:1: the input is not JSON records: it starts with \`- id: 727\`"
printf '\n  727\n' >"$tmp/number.json"
map number 2 "$tmp/number.json"
expect_err number "number.json:2:3: the input is not JSON records: it starts with \`727\`"
printf '"order 727"' >"$tmp/string.json"
map string 2 "$tmp/string.json"
# A truncated download: the first order is mapped and written, then exit 2 where the array breaks off.
head -c 6000 "$tmp/pretty_array.json" >"$tmp/truncated.json"
map truncated 2 "$tmp/truncated.json"
expect_err truncated "is not closed at the end of the input"
[ "$(wc -l <"$tmp/truncated.out")" -eq 1 ] || fail "truncated: the order before the break was not written"
# Two orders without the comma between them.
{ echo '['; cat "$data/order-727-sku.json" "$data/order-728-coupon-fee.json"; echo ']'; } >"$tmp/no_comma.json"
map no_comma 2 "$tmp/no_comma.json"
expect_err no_comma "expected \`,\` or \`]\` after an element of the array, found \`{\`"
map missing 2 "$tmp/nothing-here.json"
expect_err missing "cannot read"
map directory 2 "$tmp"
expect_err directory "cannot read the input"

# 4. Empty input: no records, exit 0.
: >"$tmp/empty.json"
map empty 0 "$tmp/empty.json"
expect_err empty "mapped 0 records (empty, jit): 0 out"

# 5. NDJSON with a broken line and a non-object between good ones: those two rejected with their line, the rest mapped.
{ head -1 "$data/sample-orders.ndjson"; echo '{"id": 1, "status": '; echo 'null'; tail -1 "$data/sample-orders.ndjson"; } >"$tmp/broken.ndjson"
map broken 1 "$tmp/broken.ndjson"
expect_err broken "mapped 4 records (NDJSON, jit): 2 out, 0 filtered, 2 rejected"
grep -q '^{"line":2,"column":1,"offset":[0-9]*,"path":"","error":"input is not valid JSON: the record does not end on its line (NDJSON holds one record per line)","record":"{\\"id\\": 1, \\"status\\": "}$' "$tmp/broken.rej" ||
  fail "broken: line 2's reject: $(cat "$tmp/broken.rej")"
grep -q '^{"line":3,"column":1,.*"error":"input is not a JSON object","record":"null"}$' "$tmp/broken.rej" || fail "broken: line 3's reject"

# A pretty-printed record after an NDJSON start: NDJSON holds one record per line, and the rejects say so.
{ head -1 "$data/sample-orders.ndjson"; cat "$data/order-728-coupon-fee.json"; } >"$tmp/mixed.ndjson"
map mixed 1 "$tmp/mixed.ndjson"
grep -q '^{"line":2,"column":1,.*"error":"input is not valid JSON: the record does not end on its line (NDJSON holds one record per line)","record":"{"}$' "$tmp/mixed.rej" ||
  fail "mixed: line 2's reject: $(head -2 "$tmp/mixed.rej")"

# 6. Without the JIT module the mapping still runs, on the interpreter, saying why; the same bytes.
SYNCLOOM_JIT_LIBRARY="$tmp/no-such-libsyncloom_jit.so" map nojit 0 "$data/sample-orders.ndjson"
expect_err nojit "note: flow orders:woo.order->erp.salesOrder runs on the interpreter: the JIT is unavailable: cannot load \$SYNCLOOM_JIT_LIBRARY: $tmp/no-such-libsyncloom_jit.so"
expect_err nojit "mapped 2 records (NDJSON, interpreter): 2 out"
cmp -s "$tmp/ndjson.out" "$tmp/nojit.out" || fail "nojit: output differs"
# A file that is no JIT module at all is refused the same way.
SYNCLOOM_JIT_LIBRARY="$(command -v sh)" map notmodule 0 "$data/sample-orders.ndjson"
expect_err notmodule "runs on the interpreter: the JIT is unavailable: cannot load \$SYNCLOOM_JIT_LIBRARY"

[ "$failures" -eq 0 ] && echo "map_formats: all passed"
exit "$failures"
