#!/bin/sh
# sarif.sh, with every log validated against the SARIF 2.1.0 JSON schema: the schema as published with
# Microsoft's SARIF SDK (npm @microsoft/jest-sarif, lib/schemas/sarif-2.1.0-rtm.5.json) and the ajv
# validator, installed from npm once into DIR. Exits 77 (skipped) when node or npm is missing or the
# packages cannot be fetched. Usage: sarif_schema.sh path/to/syncloom DIR
set -u
syncloom=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
dir=$2
here=$(cd "$(dirname "$0")" && pwd)
command -v node >/dev/null && command -v npm >/dev/null || { echo "skipped: no node or npm"; exit 77; }
schema="$dir/package/lib/schemas/sarif-2.1.0-rtm.5.json"
if [ ! -f "$schema" ] || [ ! -d "$dir/node_modules/ajv-draft-04" ]; then
  mkdir -p "$dir" && cp "$here/sarif_validator/package.json" "$dir/" &&
    (cd "$dir" && timeout 180 npm install --no-audit --no-fund --silent >/dev/null 2>&1 &&
      timeout 120 npm pack --silent @microsoft/jest-sarif@1.0.0-beta.0 >/dev/null 2>&1 &&
      tar xzf microsoft-jest-sarif-1.0.0-beta.0.tgz package/lib/schemas/sarif-2.1.0-rtm.5.json) ||
    { echo "skipped: cannot install the validator from npm"; exit 77; }
fi
SYNCLOOM_SARIF_SCHEMA_CHECK=1 SYNCLOOM_SARIF_SCHEMA="$schema" NODE_PATH="$dir/node_modules" sh "$here/sarif.sh" "$syncloom"
