#!/usr/bin/env bash
# `syncloom dlq` and `syncloom status` on a store made through the Store API (make_dlq_store): list with
# filters, show, edit --set / --unset / --editor (a scripted editor, a refused invalid save), replay by id and
# --all-matching, discard with a reason, every action in the audit trail as cli:$USER; status from the store
# alone, then with the service's figures from a stand-in admin API.
#
#   dlq_cli.sh SYNCLOOM MAKE_DLQ_STORE
set -euo pipefail
syncloom="$1" make="$2"
work="$(mktemp -d)"
server=""
trap '[ -z "$server" ] || kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
expect() { grep -qF -- "$1" "$2" || fail "expected \`$1\` in $2: $(cat "$2")"; }
export USER=alice ADMIN_TOKEN=t0ken-cli
unset TRYTON_PASSWORD  # the systems' secrets are not needed
"$make" "$work/state.db"
cat >"$work/syncloom.yaml" <<YAML
mappings: [m.loom]
store: state.db
admin_token: \${ADMIN_TOKEN}
listen: 127.0.0.1:1
systems:
  erp:
    url: http://127.0.0.1:1
    password: \${TRYTON_PASSWORD}
YAML
d() { "$syncloom" dlq "$@"; }
c=(--config "$work/syncloom.yaml")

# list: the config's store, no system's secret needed; filters; JSON.
d list "${c[@]}" >"$work/list"
expect "3 open dead letters" "$work/list"
expect "guest:bob@example.com" "$work/list"
[ "$(head -1 "$work/list" | tr -s ' ')" = "ID DIED (UTC) DOMAIN KEY REASON ERROR" ] || fail "header: $(head -1 "$work/list")"
d list "${c[@]}" --domain orders --reason "TIMEOUT" >"$work/f"
expect "1 open dead letter" "$work/f"
expect "ref(customers, guest:eve@example.com)" "$work/f"
d list --store "$work/state.db" --since 1h --format json >"$work/j"
[ "$(grep -o '"id":' "$work/j" | wc -l)" -eq 3 ] || fail "json list: $(cat "$work/j")"
d list --store "$work/state.db" --since 2099-01-01 >"$work/none"
expect "no open dead letters match" "$work/none"
set +e
d list --store "$work/state.db" --since yesterday 2>"$work/err"; rc=$?
d list --store "$work/missing.db" 2>"$work/err2"; rc2=$?
set -e
[ "$rc" -eq 2 ] && [ "$rc2" -eq 2 ] || fail "bad --since / missing store exited $rc / $rc2"
expect "--since yesterday: expected an ISO 8601 instant" "$work/err"
expect "missing.db: no store there" "$work/err2"
[ ! -e "$work/missing.db" ] || fail "a missing store was created"

# show: the payload with its exact money text, both attempts, the history.
d show 1 "${c[@]}" >"$work/show"
expect '"total": "29.35"' "$work/show"
expect '"price": 19.90' "$work/show"
expect "attempts (2)" "$work/show"
expect "HTTP 503: busy" "$work/show"
d show 1 "${c[@]}" --format json | grep -qF '"payload":{"id":1001,"total":"29.35"' || fail "show json"
set +e
d show 99 "${c[@]}" 2>"$work/err"; rc=$?
set -e
[ "$rc" -eq 1 ] || fail "show 99 exited $rc"
expect "dead letter 99: no such entry" "$work/err"

# edit --set: a string, a JSON value, a nested path; a bad index refused and nothing saved.
d edit 1 "${c[@]}" --set billing.email=ann@example.com --set 'line_items[0].sku="S-1B"' --set 'line_items[0].qty=2' >"$work/edit"
expect 'billing.email: "ann@example" -> "ann@example.com"' "$work/edit"
expect 'line_items[0].sku: "S-1" -> "S-1B"' "$work/edit"
expect 'line_items[0].qty: (new) -> 2' "$work/edit"
expect "edited (audited as cli:alice)" "$work/edit"
set +e
d edit 1 "${c[@]}" --set 'line_items[5].sku=X' 2>"$work/err"; rc=$?
set -e
[ "$rc" -eq 1 ] || fail "bad path exited $rc"
expect "line_items[5]: the array has 1 item" "$work/err"
d edit 1 "${c[@]}" --set billing.email=ann@example.com >"$work/same"
expect "no change; nothing saved" "$work/same"
d show 1 "${c[@]}" --format json | grep -qF '"line_items":[{"sku":"S-1B","price":19.90,"qty":2}]' || fail "edited payload"

# edit --editor: a scripted editor changes the total; an invalid save is refused and its file kept.
cat >"$work/editor.sh" <<'SH'
#!/bin/sh
sed -i 's/"5.00"/"5.50"/' "$1"
SH
cat >"$work/bad_editor.sh" <<'SH'
#!/bin/sh
echo '{"id": 1002,' >"$1"
SH
chmod +x "$work/editor.sh" "$work/bad_editor.sh"
EDITOR="$work/editor.sh" VISUAL= d edit 3 "${c[@]}" --editor >"$work/ed"
expect "dead letter 3: edited (audited as cli:alice)" "$work/ed"
d show 3 "${c[@]}" --format json | grep -qF '"payload":{"id":1002,"total":"5.50","line_items":[]}' || fail "editor edit"
set +e
TMPDIR="$work" VISUAL="$work/bad_editor.sh" d edit 3 "${c[@]}" --editor 2>"$work/err"; rc=$?
set -e
[ "$rc" -eq 1 ] || fail "invalid editor save exited $rc"
expect "line 2, column 1: not JSON" "$work/err"
expect "nothing saved, your edit is kept in that file" "$work/err"
ls "$work"/syncloom-dlq-3-*.json >/dev/null || fail "the invalid edit was not kept"
d show 3 "${c[@]}" --format json | grep -qF '"total":"5.50"' || fail "an invalid save changed the entry"

# replay by id; again is refused (exit 1); --all-matching with --dry-run, then for real.
d replay 1 "${c[@]}" >"$work/r"
expect "dead letter 1: replayed as work item" "$work/r"
set +e
d replay 1 "${c[@]}" 2>"$work/err"; rc=$?
set -e
[ "$rc" -eq 1 ] || fail "second replay exited $rc"
expect "it is replayed, not open" "$work/err"
set +e
d edit 1 "${c[@]}" --set a=1 2>"$work/err"; rc=$?
set -e
[ "$rc" -eq 1 ] || fail "edit of a replayed entry exited $rc"
expect "dead letter 1: it is replayed, not open" "$work/err"
d replay "${c[@]}" --all-matching domain=orders,reason=timeout --dry-run >"$work/dry"
expect "dead letter 3: would be replayed" "$work/dry"
d list "${c[@]}" --domain orders | grep -q "1 open dead letter" || fail "dry run replayed"
d replay "${c[@]}" --all-matching domain=orders,since=1h >"$work/all"
expect "dead letter 3: replayed as work item" "$work/all"
set +e
d replay "${c[@]}" --all-matching colour=red 2>"$work/err"; rc=$?
set -e
[ "$rc" -eq 2 ] || fail "bad filter exited $rc"
expect "\`colour\`: unknown (expected domain, reason or since)" "$work/err"

# discard: a reason is required; then the entry is closed.
set +e
d discard 2 "${c[@]}" 2>"$work/err"; rc=$?
set -e
[ "$rc" -eq 2 ] || fail "discard without --reason exited $rc"
d discard 2 "${c[@]}" --reason "test customer" >"$work/dis"
expect "dead letter 2: discarded (audited as cli:alice)" "$work/dis"
d list "${c[@]}" >"$work/empty"
expect "no open dead letters match" "$work/empty"
d list "${c[@]}" --all >"$work/closed"
expect "3 dead letters (1 discarded, 2 replayed)" "$work/closed"

# The audit trail has every action with its actor.
d show 1 "${c[@]}" >"$work/h1"
expect "dlq.edit    cli:alice  previous payload:" "$work/h1"
expect "dlq.replay  cli:alice  as work item" "$work/h1"
d show 2 "${c[@]}" >"$work/h2"
expect "dlq.discard  cli:alice  test customer" "$work/h2"

# status from the store alone: nothing listens at the config's address.
"$syncloom" status "${c[@]}" >"$work/st"
expect "service not running: connector figures unavailable" "$work/st"
grep -qE '^orders +3 +0 +0 +0 ' "$work/st" || fail "orders row: $(cat "$work/st")"
grep -qE '^orders +4 +1$' "$work/st" || fail "intake row: $(cat "$work/st")"
ADMIN_TOKEN= "$syncloom" status "${c[@]}" >"$work/st0"
expect "connector figures unavailable: no admin token" "$work/st0"

# status with the service's figures, from a stand-in admin API over the same store.
mkfifo "$work/in"
"$make" "$work/served.db" --serve 0 <"$work/in" >"$work/served" 2>&1 &
server=$!
exec 3>"$work/in"
for _ in $(seq 100); do grep -q listening "$work/served" && break; sleep 0.05; done
port="$(sed -n 's/listening on //p' "$work/served")"
[ -n "$port" ] || fail "admin API stand-in did not start: $(cat "$work/served")"
sed -e "s/127.0.0.1:1$/127.0.0.1:$port/" -e "s/state.db/served.db/" "$work/syncloom.yaml" >"$work/served.yaml"
"$syncloom" status --config "$work/served.yaml" >"$work/st2"
expect "service running at http://127.0.0.1:$port: workers 4" "$work/st2"
grep -qE '^erp +tryton +3/4 +4 +812 +2 +1 +5 +closed$' "$work/st2" || fail "connector row: $(cat "$work/st2")"
"$syncloom" status --config "$work/served.yaml" --format json | grep -qF '"connectors":[{"name":"erp","kind":"tryton","in_flight":3' \
  || fail "status json"
ADMIN_TOKEN=wrong "$syncloom" status --config "$work/served.yaml" >"$work/st3"
expect "refused the admin token (HTTP 401)" "$work/st3"
exec 3>&-
wait "$server"
server=""
echo "dlq and status: ok"
