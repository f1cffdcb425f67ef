#!/bin/sh
# `syncloom lint --format sarif`: artifact URIs relative to %SRCROOT% (declared in originalUriBaseIds as
# the working directory, or --srcroot) or file:// URIs, never bare paths; a file that cannot be read is a
# tool execution notification with executionSuccessful false, and exit 2 (the other files still linted).
# With SYNCLOOM_SARIF_SCHEMA_CHECK=1 (sarif_schema.sh sets it up) the logs are also checked against the
# SARIF 2.1.0 schema. Usage: sarif.sh path/to/syncloom
set -u
syncloom=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
has() { grep -qF -- "$2" "$tmp/$1.sarif" || fail "$1: no '$2' in: $(head -c 3000 "$tmp/$1.sarif")"; }
lint() {  # NAME EXPECTED_EXIT ARGS...: lint --format sarif from $root, output in $tmp/NAME.sarif
  name=$1 want=$2
  shift 2
  (cd "${dir:-$root}" && "$syncloom" lint --format sarif "$@") >"$tmp/$name.sarif" 2>"$tmp/$name.err"
  got=$?
  [ "$got" -eq "$want" ] || fail "$name: exit $got, expected $want: $(cat "$tmp/$name.err")"
  # Every artifact URI is relative to %SRCROOT% or a file:// URI; none is a bare absolute path.
  if grep -E '"uri": "/' "$tmp/$name.sarif" >/dev/null; then fail "$name: a bare absolute path: $(grep -E '"uri": "/' "$tmp/$name.sarif" | head -1)"; fi
}

cp "$root/tests/golden/unknown_field/mapping.loom" "$tmp/with findings.loom"
lint clean 0 mappings
has clean '"executionSuccessful": true'
has clean "\"uri\": \"file://$root/\""
lint findings 1 tests/golden/unknown_field/mapping.loom "$tmp/with findings.loom"
has findings '"uri": "tests/golden/unknown_field/mapping.loom",'
has findings '"uriBaseId": "%SRCROOT%"'
has findings "\"uri\": \"file://$tmp/with%20findings.loom\""
# An unreadable file: notified, the run unsuccessful, exit 2; the readable one still linted.
lint unreadable 2 tests/golden/unknown_field/mapping.loom no-such-file.loom
has unreadable '"executionSuccessful": false'
has unreadable "\"text\": \"cannot read 'no-such-file.loom': No such file or directory\""
has unreadable '"uri": "no-such-file.loom",'
has unreadable '"ruleId": "E0104"'
grep -q "cannot read 'no-such-file.loom'" "$tmp/unreadable.err" || fail "unreadable: nothing on stderr"
# From a subdirectory, with --srcroot naming the repository: URIs stay repository-relative.
dir="$root/mappings" lint srcroot 1 ../tests/golden/unknown_field/mapping.loom --srcroot ..
has srcroot '"uri": "tests/golden/unknown_field/mapping.loom",'
has srcroot "\"uri\": \"file://$root/\""

if [ "${SYNCLOOM_SARIF_SCHEMA_CHECK:-0}" = 1 ]; then
  node "$(dirname "$0")/sarif_validator/validate.js" "$SYNCLOOM_SARIF_SCHEMA" "$tmp"/*.sarif || fail "not valid SARIF 2.1.0"
fi
[ "$failures" -eq 0 ] && echo "sarif: all passed"
exit "$failures"
