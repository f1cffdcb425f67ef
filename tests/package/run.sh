#!/usr/bin/env bash
# The package test: installs the build to a temporary prefix, builds tests/package/consumer against it with
# find_package(syncloom) (CMAKE_PREFIX_PATH = the prefix, never the build tree) and runs it: from its build
# tree (given the package's schema directory, then on the library's own lookups: the JIT module and the
# schemas through the RUNPATH the package adds), then installed into the prefix (schemas beside the
# executable); then moves the prefix and runs the installed `syncloom` with the JIT.
#
#   tests/package/run.sh BUILD_DIR CXX_COMPILER [CXX_FLAGS]   (the build's compiler and flags: a sanitizer build's
#   static libraries need the consumer to link the same runtime)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
build="$(cd "$1" && pwd)"
cxx="$2"
cxx_flags="${3:-}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
fail() { echo "package test: $*" >&2; exit 1; }
# Only what the package says may find things: no overrides from the caller's environment.
unset SYNCLOOM_JIT_LIBRARY SYNCLOOM_SCHEMA_DIR LD_LIBRARY_PATH
export SYNCLOOM_CACHE_DIR="$tmp/cache"

prefix="$tmp/prefix"
cmake --install "$build" --prefix "$prefix" >"$tmp/install.log" || { cat "$tmp/install.log" >&2; fail "cmake --install failed"; }
libdir="$(cd "$prefix" && dirname "$(find . -name libsyncloom_jit.so | head -1)")"
[ -n "$libdir" ] && [ "$libdir" != "." ] || fail "no libsyncloom_jit.so installed"
for file in bin/syncloom bin/syncloom-woosim include/syncloom/syncloom.hpp include/syncloom/store/store.hpp \
            include/syncloom/connectors/connector.hpp "$libdir/libsyncloom_api.a" "$libdir/libsyncloom_store.a" \
            "$libdir/cmake/syncloom/syncloomConfig.cmake" "$libdir/cmake/syncloom/syncloomConfigVersion.cmake" \
            "$libdir/cmake/syncloom/syncloomTargets.cmake" share/syncloom/schemas/woocommerce.yaml share/syncloom/schemas/tryton.yaml; do
  [ -e "$prefix/$file" ] || fail "not installed: $file"
done
# Every header of every layer's include/ (syncloom/runtime.hpp included, wherever a layer keeps it).
source="$(cd "$here/../.." && pwd)"
while IFS= read -r header; do
  relative="${header#*/include/}"
  [ -e "$prefix/include/$relative" ] || fail "${header#"$source/"} is not installed (include/$relative)"
done < <(find "$source/compiler" "$source/runtime" -path '*/include/syncloom/*' -type f)
# Nothing installed may point back into the build or source tree.
if grep -rlF -e "$build" -e "$source/" "$prefix/$libdir/cmake" "$prefix/include" >/dev/null; then
  fail "installed files name the build or source tree: $(grep -rlF -e "$build" -e "$source/" "$prefix/$libdir/cmake" "$prefix/include" | head -3)"
fi
# Every header an installed header includes with quotes is installed too (a public header reaching into a
# layer's src/, or into a layer whose include/ is not installed, would break an embedder that includes it).
while IFS=: read -r header included; do
  [ -e "$prefix/include/$included" ] || fail "${header#"$prefix/include/"} includes $included, which is not installed"
done < <(grep -rHo --include='*.hpp' --include='*.h' --include='*.def' '^#include "[^"]*"' "$prefix/include" | sed 's/#include "\(.*\)"$/\1/')
readelf -d "$prefix/bin/syncloom" | grep -qF "[\$ORIGIN/../${libdir#./}]" || fail "bin/syncloom's RUNPATH is not \$ORIGIN/../${libdir#./}: $(readelf -d "$prefix/bin/syncloom" | grep -i path)"

# 1. Configured and built against the prefix with the build's compiler (and ccache when the build uses it).
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S "$here/consumer" -B "$tmp/consumer" -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_CXX_FLAGS="$cxx_flags" "${launcher[@]}" \
  -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF >"$tmp/configure.log" 2>&1 \
  || { cat "$tmp/configure.log" >&2; fail "the consumer does not configure"; }
found="$(sed -n 's/^syncloom_DIR:PATH=//p' "$tmp/consumer/CMakeCache.txt")"
[ "$found" = "$prefix/${libdir#./}/cmake/syncloom" ] || fail "find_package found $found, not the prefix"
# Each installed library is an exported target the consumer links.
for archive in "$prefix/$libdir"/libsyncloom_*.a; do
  layer="$(basename "$archive" .a)"; layer="syncloom::${layer#libsyncloom_}"
  grep -q "^-- syncloom layers: .*$layer\(;\|\$\)" "$tmp/configure.log" || fail "$layer is installed but not linked by the consumer"
done
cmake --build "$tmp/consumer" -j2 >"$tmp/build.log" 2>&1 || { cat "$tmp/build.log" >&2; fail "the consumer does not build"; }

expect_run() {  # NAME COMMAND...: the consumer's whole output must be the expected lines
  local name="$1"; shift
  mkdir -p "$tmp/$name"
  local rc=0
  "$@" >"$tmp/$name.out" 2>"$tmp/$name.err" || rc=$?
  [ "$rc" -eq 0 ] || { cat "$tmp/$name.out" "$tmp/$name.err" >&2; fail "$name: exit $rc"; }
  diff -u - "$tmp/$name.out" <<'EXPECTED' >&2 || fail "$name: unexpected output (stderr: $(cat "$tmp/$name.err"))"
mapping: output {"regular_price":12.34}
mapping: native yes
store: accepted event 1 with 1 work item(s); again: duplicate
runtime: submitted 1 new, then 0 new; wrote {"name":"Ada Lovelace"}
runtime: 1 domain(s) in status, 1 synced
consumer: ok
EXPECTED
}
# A schema kind only the prefix has: a mapping using it compiles only when the schemas come from the prefix
# (the source tree's schemas/, which the libraries also know, cannot satisfy it).
sed 's/^kind: tryton$/kind: pkgtest/' "$prefix/share/syncloom/schemas/tryton.yaml" >"$prefix/share/syncloom/schemas/pkgtest.yaml"
expect_run from_build "$tmp/consumer/syncloom_consumer" "$tmp/from_build"
expect_run from_build_defaults "$tmp/consumer/syncloom_consumer" "$tmp/from_build_defaults" --default-schemas --erp-kind pkgtest

# 2. Installed beside syncloom, on the library's default lookups.
cmake --install "$tmp/consumer" --prefix "$prefix" >/dev/null
expect_run installed "$prefix/bin/syncloom_consumer" "$tmp/installed" --default-schemas --erp-kind pkgtest

# 3. The prefix moved: the installed CLI still finds its JIT module and schemas (relative paths only).
mv "$prefix" "$tmp/moved"
cat >"$tmp/moved.loom" <<'LOOM'
mapping moved version 1

system woo: woocommerce
system erp: pkgtest

domain pricing {
  owner erp
  key erp.inventoryItem.code <-> woo.product.sku
  sync batch cron "0 2 * * *" when salable
  flow erp.inventoryItem -> woo.product update {
    regular_price = round(list_price, 2, half_even)
  }
}
LOOM
echo '{"id":1,"code":"SKU-1","salable":true,"list_price":"0.125"}' >"$tmp/moved.ndjson"
"$tmp/moved/bin/syncloom" map "$tmp/moved.loom" --flow pricing --input "$tmp/moved.ndjson" >"$tmp/moved.out" 2>"$tmp/moved.err" \
  || { cat "$tmp/moved.err" >&2; fail "the moved syncloom map failed"; }
[ "$(cat "$tmp/moved.out")" = '{"regular_price":0.12}' ] || fail "moved syncloom map: $(cat "$tmp/moved.out")"
grep -q ", jit)" "$tmp/moved.err" || fail "the moved syncloom did not run native code: $(cat "$tmp/moved.err")"
echo "package test: ok (installed, found by find_package, JIT native from the prefix, schemas from the prefix, relocatable CLI)"
