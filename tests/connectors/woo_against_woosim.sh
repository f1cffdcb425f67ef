#!/usr/bin/env bash
# The WooCommerce connector's live-store tests ([live]) against syncloom-woosim: the connector and the
# simulator were written apart from the documented contract, so each checks the other.
#
#   tests/connectors/woo_against_woosim.sh UNIT_TESTS WOOSIM
set -euo pipefail
tests="$1" woosim="$2"
out="$(mktemp)"
"$woosim" --port 0 --seed 3 --key ck_live --secret cs_live --webhook-secret wh_live >"$out" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -f "$out"' EXIT
for _ in $(seq 100); do grep -q listening "$out" && break; sleep 0.05; done
url="$(grep -o 'http://127.0.0.1:[0-9]*' "$out" | head -1)"
[ -n "$url" ] || { cat "$out"; exit 1; }
SYNCLOOM_WOO_URL="$url" SYNCLOOM_WOO_KEY=ck_live SYNCLOOM_WOO_SECRET=cs_live SYNCLOOM_WOO_WEBHOOK_SECRET=wh_live \
  "$tests" "[live]"
kill "$pid"

# Over HTTPS with Basic auth (the connector's default for https:// URLs), the simulator's certificate
# trusted through ca_file: a self-signed one for 127.0.0.1, made here.
tls="$(mktemp -d)"
trap 'kill $pid 2>/dev/null || true; rm -rf "$out" "$tls"' EXIT
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=127.0.0.1" -addext "subjectAltName=IP:127.0.0.1" \
  -keyout "$tls/key.pem" -out "$tls/cert.pem" 2>/dev/null
"$woosim" --port 0 --seed 3 --key ck_live --secret cs_live --tls-cert "$tls/cert.pem" --tls-key "$tls/key.pem" >"$out" 2>&1 &
pid=$!
for _ in $(seq 100); do grep -q listening "$out" && break; sleep 0.05; done
url="$(grep -o 'https://127.0.0.1:[0-9]*' "$out" | head -1)"
[ -n "$url" ] || { cat "$out"; exit 1; }
SYNCLOOM_WOO_URL="$url" SYNCLOOM_WOO_KEY=ck_live SYNCLOOM_WOO_SECRET=cs_live SYNCLOOM_WOO_CA_FILE="$tls/cert.pem" \
  "$tests" "live store: sweeps are complete and without repeats; get and find agree"
