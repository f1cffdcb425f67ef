#!/usr/bin/env bash
# `syncloom connectors check` and `connectors webhooks` against the store simulator: configuration errors
# name file, line and key (exit 2); check says what works (exit 0); webhooks lists the topics the mapping
# listens to, creates the missing webhooks with --apply, and re-enables one the store disabled after seven
# failed deliveries.
#
#   connectors_cli.sh SYNCLOOM WOOSIM REPO
set -euo pipefail
syncloom="$1" woosim="$2" repo="$3"
work="$(mktemp -d)"
pid=""
trap '[ -z "$pid" ] || kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
export WOO_CONSUMER_KEY=ck_cli WOO_CONSUMER_SECRET=cs_cli WOO_WEBHOOK_SECRET=whcli123
"$woosim" --port 0 --key ck_cli --secret cs_cli --webhook-timeout-ms 2000 >"$work/out" 2>&1 &
pid=$!
for _ in $(seq 100); do grep -q listening "$work/out" && break; sleep 0.05; done
url="$(grep -o 'http://127.0.0.1:[0-9]*' "$work/out" | head -1)"
[ -n "$url" ] || fail "simulator did not start"
cat >"$work/syncloom.yaml" <<YAML
mappings: [$repo/mappings/woocommerce-tryton.loom]
systems:
  woo:
    url: $url
    consumer_key: \${WOO_CONSUMER_KEY}
    consumer_secret: \${WOO_CONSUMER_SECRET}
    webhook_secret: \${WOO_WEBHOOK_SECRET}
  erp:
    url: http://127.0.0.1:1
    database: shop
    user: admin
    password: \${TRYTON_PASSWORD}
YAML
c=(-c "$work/syncloom.yaml")

# A missing variable: exit 2, file, line and key named.
set +e
out="$("$syncloom" connectors check "${c[@]}" 2>&1)"; rc=$?
set -e
[ "$rc" -eq 2 ] || fail "check without TRYTON_PASSWORD exited $rc"
echo "$out" | grep -qF "syncloom.yaml:12: systems.erp.password: environment variable TRYTON_PASSWORD is not set" \
  || fail "unexpected error: $out"

"$syncloom" connectors check "${c[@]}" --system woo >"$work/check" || fail "check: $(cat "$work/check")"
grep -q "ok    authenticate" "$work/check" || fail "check output: $(cat "$work/check")"

# Webhooks: a dry run finds every topic missing (exit 1), --apply creates them, then all are ok.
w=(connectors webhooks "${c[@]}" --system woo --delivery-url http://127.0.0.1:9/webhooks/woo)
set +e
"$syncloom" "${w[@]}" >"$work/dry"; rc=$?
set -e
[ "$rc" -eq 1 ] || fail "dry run exited $rc: $(cat "$work/dry")"
grep -q "order.created: missing: create with --apply" "$work/dry" || fail "dry run: $(cat "$work/dry")"
"$syncloom" "${w[@]}" --apply >"$work/apply" || fail "apply: $(cat "$work/apply")"
[ "$(grep -c 'created (webhook' "$work/apply")" -eq "$(grep -c '^  [a-z]*\.[a-z]*: ' "$work/dry")" ] || fail "apply: $(cat "$work/apply")"
"$syncloom" "${w[@]}" >"$work/again" || fail "after apply: $(cat "$work/again")"

# Seven failed deliveries (nothing listens on port 9) disable order.updated's webhook; --apply re-enables it.
order="$(curl -s -XPOST -H 'Content-Type: application/json' "$url/__sim/orders" -d '{"billing":{"email":"a@example.com"}}' | grep -o '"id":[0-9]*' | head -1 | cut -d: -f2)"
for i in 1 2 3 4 5 6 7 8; do
  curl -s -XPOST -H 'Content-Type: application/json' "$url/__sim/orders/$order" -d "{\"customer_note\":\"edit $i\"}" >/dev/null
  curl -s -XPOST -H 'Content-Type: application/json' "$url/__sim/deliveries/drain" -d '{"timeout_ms":5000}' >/dev/null
done
set +e
"$syncloom" "${w[@]}" >"$work/disabled"; rc=$?
set -e
[ "$rc" -eq 1 ] || fail "with a disabled webhook exited $rc: $(cat "$work/disabled")"
grep -q "order.updated: webhook [0-9]* is disabled after [0-9]* failures: re-enable with --apply" "$work/disabled" \
  || fail "disabled webhook not reported: $(cat "$work/disabled")"
"$syncloom" "${w[@]}" --apply >"$work/reenabled" || fail "re-enable: $(cat "$work/reenabled")"
grep -q "order.updated: .*re-enabled" "$work/reenabled" || fail "re-enable: $(cat "$work/reenabled")"
"$syncloom" "${w[@]}" >/dev/null || fail "still not all active after re-enabling"
echo "connectors check and webhooks: ok"
