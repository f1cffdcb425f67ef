#!/bin/sh
# LLVM is loaded only when something runs native code: `syncloom` does not link libLLVM (ldd), and lint,
# fmt, compile --emit ir|plan, test --engine interp and map --engine interp never load libsyncloom_jit.so or
# libLLVM (the dynamic loader's own record of what it loads, LD_DEBUG=files). The JIT runs load both: the
# control that shows the check can fail. A copy of syncloom finds the module next to itself.
# Usage: lazy_jit.sh path/to/syncloom
set -u
syncloom=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
mapping="$root/mappings/woocommerce-tryton.loom"
orders="$root/mappings/testdata/sample-orders.ndjson"
refs="$root/mappings/testdata/tryton-refs.json"

if ldd "$syncloom" | grep -i llvm; then fail "syncloom links LLVM: $(ldd "$syncloom" | grep -i llvm)"; fi

# loads NAME ARGS...: runs $bin (syncloom) ARGS with the loader's trace in $tmp/NAME.trace (exit code ignored).
bin=$syncloom
loads() {
  name=$1
  shift
  LD_DEBUG=files LD_DEBUG_OUTPUT="$tmp/$name.trace" "$bin" "$@" >/dev/null 2>&1 </dev/null
  cat "$tmp/$name.trace".* >"$tmp/$name.trace" 2>/dev/null
}
no_llvm() {  # NAME ARGS...
  name=$1
  loads "$@"
  [ -s "$tmp/$name.trace" ] || fail "$name: no loader trace (LD_DEBUG unsupported?)"
  if grep -E "file=[^ ]*(libLLVM|libsyncloom_jit)" "$tmp/$name.trace" >/dev/null; then
    fail "$name loads the JIT: $(grep -E "file=[^ ]*(libLLVM|libsyncloom_jit)" "$tmp/$name.trace" | head -2)"
  fi
}
no_llvm lint lint "$root/mappings"
no_llvm lint_sarif lint --format sarif "$root/mappings"
no_llvm fmt fmt --check "$root/mappings"
no_llvm compile_ir compile "$mapping" --emit ir
no_llvm compile_plan compile "$mapping" --emit plan
no_llvm test_interp test --engine interp "$root/mappings"
no_llvm map_interp map "$mapping" --flow orders --engine interp --input "$orders" --refs "$refs"

# The control: the JIT engine (map's default, and test's `both`) loads the module and LLVM.
loads map_jit map "$mapping" --flow orders --input "$orders" --refs "$refs" --no-cache
grep -q "file=[^ ]*libsyncloom_jit.so" "$tmp/map_jit.trace" || fail "map (JIT) did not load libsyncloom_jit.so"
grep -q "file=libLLVM" "$tmp/map_jit.trace" || fail "map (JIT) did not load libLLVM"
loads test_both test "$root/mappings"
grep -q "file=libLLVM" "$tmp/test_both.trace" || fail "test (both engines) did not load libLLVM"

# `compile --emit llvm` loads the JIT; without its module it says why and exits 2.
loads compile_llvm compile "$mapping" --emit llvm --flow orders
grep -q "file=libLLVM" "$tmp/compile_llvm.trace" || fail "compile --emit llvm did not load libLLVM"
SYNCLOOM_JIT_LIBRARY="$tmp/none.so" "$syncloom" compile "$mapping" --emit llvm >/dev/null 2>"$tmp/nojit.err"
[ $? -eq 2 ] || fail "compile --emit llvm without the module: exit code"
grep -q "^error: the JIT is unavailable: cannot load \$SYNCLOOM_JIT_LIBRARY: $tmp/none.so" "$tmp/nojit.err" || fail "compile without the module: $(cat "$tmp/nojit.err")"

# Next to the executable: a copy of syncloom with the module beside it loads that module.
mkdir "$tmp/bin"
cp "$syncloom" "$(dirname "$syncloom")/libsyncloom_jit.so" "$tmp/bin/"
bin="$tmp/bin/syncloom" loads copy map "$mapping" --flow orders --input "$orders" --refs "$refs" --no-cache
grep -q "file=$tmp/bin/libsyncloom_jit.so" "$tmp/copy.trace" || fail "the copy did not load the module beside it: $(grep syncloom_jit "$tmp/copy.trace" | head -2)"

[ "$failures" -eq 0 ] && echo "lazy_jit: all passed"
exit "$failures"
