#!/usr/bin/env bash
# pull | map | push end to end, between the store simulator and a real Tryton (the ctest fixture's):
# products from Tryton to the store, customers and guests from the store to Tryton, then orders as sales.
# Checks: every write succeeds, a second run creates nothing, each sale reaches `processing` with the web
# order's tax and total to the cent, and no log of the run contains a configured secret.
#
#   tests/e2e/pull_map_push.sh SYNCLOOM WOOSIM REPO TRYTON_DIR
set -euo pipefail
syncloom="$1" woosim="$2" repo="$3" tryton_dir="$4"
py=/usr/bin/python3
work="$(mktemp -d)"
woosim_pid=""
cleanup() {
  [ -z "$woosim_pid" ] || kill "$woosim_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# Secrets of this run only: the last check greps every log for them.
export WOO_CONSUMER_KEY="ck_e2e$RANDOM$RANDOM" WOO_CONSUMER_SECRET="cs_e2e$RANDOM$RANDOM$RANDOM"
export WOO_WEBHOOK_SECRET="wh$RANDOM$RANDOM" TRYTON_PASSWORD="${TRYTON_ADMIN_PASSWORD:-admin}"
run="$RANDOM$RANDOM"

"$woosim" --port 0 --key "$WOO_CONSUMER_KEY" --secret "$WOO_CONSUMER_SECRET" --webhook-secret "$WOO_WEBHOOK_SECRET" \
  >"$work/woosim.out" 2>"$work/woosim.log" &
woosim_pid=$!
for _ in $(seq 100); do grep -q listening "$work/woosim.out" && break; sleep 0.05; done
woo_url="$(grep -o 'http://127.0.0.1:[0-9]*' "$work/woosim.out" | head -1)"
[ -n "$woo_url" ] || fail "the simulator did not start: $(cat "$work/woosim.log")"
erp_url="$("$py" -c 'import json,sys; print(json.load(open(sys.argv[1]))["url"].rstrip("/"))' "$tryton_dir/setup.json")"
erp_db="$("$py" -c 'import json,sys; print(json.load(open(sys.argv[1]))["database"])' "$tryton_dir/setup.json")"

cat >"$work/syncloom.yaml" <<YAML
mappings: [$repo/mappings/woocommerce-tryton.loom]
systems:
  woo:
    url: $woo_url
    consumer_key: \${WOO_CONSUMER_KEY}
    consumer_secret: \${WOO_CONSUMER_SECRET}
    webhook_secret: \${WOO_WEBHOOK_SECRET}
    budget: {concurrency: 4, rate: 200/s}
  erp:
    url: $erp_url
    database: $erp_db
    user: admin
    password: \${TRYTON_PASSWORD}
YAML
mapping="$repo/mappings/woocommerce-tryton.loom"
s() { "$syncloom" "$@" -c "$work/syncloom.yaml" -v 2>>"$work/syncloom.log"; }
json() { "$py" -c "$1" "${@:2}"; }

s connectors check >"$work/check.txt" || { cat "$work/check.txt"; fail "connectors check"; }

# 1. Products are Tryton's: two items with this run's SKUs, then pull | map | push into the store.
cat >"$work/items.ndjson" <<ITEMS
{"name":"E2E Mug $run","suffix_code":"E2E-$run-MUG","type":"goods","list_price":12.50,"cost_price":4.00,"default_uom":1,"salable":true,"sale_uom":1,"account_category":1}
{"name":"E2E Shirt $run","suffix_code":"E2E-$run-TEE","type":"goods","list_price":19.90,"cost_price":5.00,"default_uom":1,"salable":true,"sale_uom":1,"account_category":1}
ITEMS
s push erp.inventoryItem --input "$work/items.ndjson" --mode create-if-absent --key suffix_code >"$work/items.out" || fail "push items: $(cat "$work/items.out")"
sleep 2.1  # Tryton listings stop a second before the server's whole-second clock (docs/tryton.md)
s pull erp.inventoryItem | grep -F "\"code\":\"E2E-$run-" >"$work/erp-items.ndjson" || true
[ "$(wc -l <"$work/erp-items.ndjson")" -eq 2 ] || fail "expected 2 Tryton items: $(cat "$work/erp-items.ndjson")"
"$syncloom" map "$mapping" --flow products --input "$work/erp-items.ndjson" >"$work/products.ndjson" 2>>"$work/syncloom.log"
s push woo.product --input "$work/products.ndjson" --mode create-if-absent --key sku >"$work/products.out" || fail "push products: $(cat "$work/products.out")"
# Prices are the pricing domain's (an update-only flow): found by SKU, then patched.
# An update-only flow writes only the fields it changes: the key (the SKU, from the domain's key on the
# Tryton item) goes beside each record, as the sync service will take it from the cross-reference.
"$syncloom" map "$mapping" --flow pricing --input "$work/erp-items.ndjson" >"$work/prices-only.ndjson" 2>>"$work/syncloom.log"
json 'import json,sys
items = [json.loads(l) for l in open(sys.argv[1])]
with open(sys.argv[3], "w") as out:
    for item, line in zip(items, open(sys.argv[2])):
        price = json.loads(line)
        price["sku"] = item["code"]
        out.write(json.dumps(price) + "\n")' "$work/erp-items.ndjson" "$work/prices-only.ndjson" "$work/prices.ndjson"
s push woo.product --input "$work/prices.ndjson" --mode update --key sku >"$work/prices.out" || fail "push prices: $(cat "$work/prices.out")"
echo "products: 2 Tryton items -> $(grep -c '"created":true' "$work/products.out") new store products, $(grep -c '"outcome":"ok"' "$work/prices.out") prices set"

# 2. Trade: two registered customers (created through the connector) and one guest, an order each.
for first in Ada Bo; do
  email="$(echo "$first" | tr A-Z a-z)$run@example.com"
  echo "{\"email\":\"$email\",\"first_name\":\"$first\",\"last_name\":\"E2E\",\"billing\":{\"first_name\":\"$first\",\"last_name\":\"E2E\",\"email\":\"$email\",\"address_1\":\"1 Main St\",\"city\":\"Springfield\",\"postcode\":\"12345\",\"country\":\"US\",\"state\":\"CA\"}}"
done >"$work/woo-customers.ndjson"
s push woo.customer --input "$work/woo-customers.ndjson" --mode create-if-absent --key email >"$work/woo-customers.out" \
  || fail "push customers to the store: $(cat "$work/woo-customers.out")"
json 'import json,sys,urllib.request
url, out = sys.argv[1], sys.argv[2]
def post(path, body):
    r = urllib.request.Request(url + path, json.dumps(body).encode(), {"Content-Type": "application/json"})
    return json.load(urllib.request.urlopen(r))
products = {json.loads(l)["key"]: int(json.loads(l)["id"]) for l in open(sys.argv[3])}
mug, tee = sorted(products.values())
orders = []
customers = {json.loads(l)["key"]: int(json.loads(l)["id"]) for l in open(sys.argv[5])}
for n, first in enumerate(["Ada", "Bo", "Cy"]):
    email = "%s%s@example.com" % (first.lower(), sys.argv[4])
    cid = customers.get(email, 0)  # Cy is a guest
    order = post("/__sim/orders", {"customer_id": cid, "billing": {"first_name": first, "last_name": "E2E", "email": email, "address_1": "1 Main St", "city": "Springfield", "postcode": "12345", "country": "US", "state": "CA"},
                 # Quantities whose line tax is not a half cent: there Tryton rounds to even, the shop up.
                 "line_items": [{"product_id": mug, "quantity": 2}, {"product_id": tee, "quantity": [1, 3, 4][n]}],
                 "shipping_lines": [{"method_id": "flat_rate", "method_title": "Flat rate", "total": "5.00"}]})
    orders.append(order["id"])
json.dump(orders, open(out, "w"))' "$woo_url" "$work/orders.json" "$work/products.out" "$run" "$work/woo-customers.out" || fail "placing orders"

# 3. Customers and guests from the store to Tryton; their ids become the refs of the orders flow.
s pull woo.customer >"$work/customers.ndjson"
"$syncloom" map "$mapping" --flow customers --input "$work/customers.ndjson" >"$work/parties.ndjson" 2>>"$work/syncloom.log"
s push erp.customer --input "$work/parties.ndjson" --mode create-if-absent --key code >"$work/parties.out" || fail "push customers: $(cat "$work/parties.out")"
s pull woo.order >"$work/orders.ndjson"
"$syncloom" map "$mapping" --flow guests --input "$work/orders.ndjson" >"$work/guests.ndjson" 2>>"$work/syncloom.log"
s push erp.customer --input "$work/guests.ndjson" --mode create-if-absent --key code >"$work/guests.out" || fail "push guests: $(cat "$work/guests.out")"
echo "customers: $(wc -l <"$work/parties.out") store customers and $(wc -l <"$work/guests.out") guest -> Tryton parties"
json 'import json,sys
def emails(mapped, results):
    out = {}
    records = [json.loads(l) for l in open(mapped)]
    for l in open(results):
        r = json.loads(l)
        party = records[r["line"] - 1]
        email = [c["value"] for c in party["contact_mechanisms"] if c["type"] == "email"][0]
        out[email] = int(r["id"])
    return out
w = sys.argv
items = {json.loads(l)["code"]: json.loads(l)["id"] for l in open(w[5])}
json.dump({"customers": emails(w[1], w[2]), "guests": emails(w[3], w[4]), "products": items}, open(w[6], "w"))' \
  "$work/parties.ndjson" "$work/parties.out" "$work/guests.ndjson" "$work/guests.out" "$work/erp-items.ndjson" "$work/refs.json"

# 4. Orders to sales, twice: the second run finds every sale by its reference and creates none.
"$syncloom" map "$mapping" --flow orders --refs "$work/refs.json" --input "$work/orders.ndjson" >"$work/sales.ndjson" 2>>"$work/syncloom.log"
[ "$(wc -l <"$work/sales.ndjson")" -eq 3 ] || fail "expected 3 mapped orders: $(cat "$work/sales.ndjson")"
s push erp.salesOrder --input "$work/sales.ndjson" --mode create-if-absent --key reference >"$work/sales.out" || fail "push sales: $(cat "$work/sales.out")"
s push erp.salesOrder --input "$work/sales.ndjson" --mode create-if-absent --key reference >"$work/sales-again.out" || fail "second push: $(cat "$work/sales-again.out")"
json 'import json,sys
first = [json.loads(l) for l in open(sys.argv[1])]
again = [json.loads(l) for l in open(sys.argv[2])]
assert all(r["created"] for r in first), first
assert not any(r["created"] for r in again), again
assert [r["id"] for r in first] == [r["id"] for r in again], (first, again)' "$work/sales.out" "$work/sales-again.out" \
  || fail "the second push was not idempotent"
echo "orders: 3 store orders -> 3 Tryton sales; pushed again: 0 created (found by reference)"

# 5. The sales in Tryton: processing, with the web orders' tax and total to the cent.
ids=$(json 'import json,sys; print(" ".join("--id " + json.loads(l)["id"] for l in open(sys.argv[1])))' "$work/sales.out")
# shellcheck disable=SC2086
s pull erp.salesOrder $ids >"$work/erp-sales.ndjson"
json 'import json,sys
from decimal import Decimal
load = lambda line: json.loads(line, parse_float=Decimal)
orders = {"WOO-%d" % o["id"]: o for o in map(load, open(sys.argv[1]))}
assert all(Decimal(o["total_tax"]) > 0 for o in orders.values()), "the orders should carry tax"
for sale in map(load, open(sys.argv[2])):
    o = orders[sale["reference"]]
    assert sale["state"] == "processing", sale
    assert sale["tax_amount"] == Decimal(o["total_tax"]), (sale["tax_amount"], o["total_tax"])
    assert sale["total_amount"] == Decimal(o["total"]), (sale["total_amount"], o["total"])
print("  %-10s %-8s %-11s %10s %8s   %s" % ("order", "sale", "state", "total", "tax", "web order"))
for sale in map(load, open(sys.argv[2])):
    o = orders[sale["reference"]]
    print("  %-10s %-8s %-11s %10s %8s   %s / %s" % (sale["reference"], sale.get("number") or sale["id"], sale["state"], sale["total_amount"], sale["tax_amount"], o["total"], o["total_tax"]))
print("sales: %d orders, all processing in Tryton, taxes and totals equal to the cent" % len(orders))' "$work/orders.ndjson" "$work/erp-sales.ndjson" \
  || fail "the sales in Tryton differ from the orders"

# 6. No log of the run shows a secret (request logs of every command, the simulator's log).
for secret in "$WOO_CONSUMER_KEY" "$WOO_CONSUMER_SECRET" "$WOO_WEBHOOK_SECRET"; do
  ! grep -rqF -- "$secret" "$work/syncloom.log" "$work/woosim.log" "$work/check.txt" || fail "a log contains a secret"
done
[ -s "$work/syncloom.log" ] || fail "no request log was written"
echo "pull | map | push: ok ($(grep -c ' -> ' "$work/syncloom.log") requests logged, none with a secret)"
