"""The trading of tests/e2e/trading_day.py: Tryton's items and stock, the store's customers and orders,
stock received and sales shipped in Tryton."""
import datetime
import json
import os
import time
from decimal import Decimal

PRICES = ["12.50", "19.90", "7.35", "3.99", "24.00", "5.55", "49.95", "0.99", "15.15", "8.45", "33.30", "2.65"]
FIRST = ["Ada", "Bo", "Cy", "Dee", "Eli", "Fay", "Gus", "Hal", "Ivy", "Jo", "Kit", "Lu", "Mo", "Ned", "Oz", "Pia"]
LAST = ["Lovelace", "Hopper", "Turing", "Noether", "Curie", "Meitner", "Knuth", "Liskov"]


def seed_tryton(day):
    """Salable goods with stock, and one item that is not salable (the products domain filters it out)."""
    t, s = day.tryton, day.setup
    day.codes = ["TD%s-%02d" % (day.run_id, i + 1) for i in range(len(PRICES))]
    templates = [{"name": "Day item %d" % (i + 1), "type": "goods", "list_price": Decimal(price), "default_uom": 1,
                  "salable": True, "sale_uom": 1, "account_category": s["product_category"],
                  "products": [["create", [{"suffix_code": code, "cost_price": Decimal("1.00")}]]]}
                 for i, (code, price) in enumerate(zip(day.codes, PRICES))]
    templates.append({"name": "Internal supply", "type": "goods", "list_price": Decimal("1.00"), "default_uom": 1,
                      "salable": False, "account_category": s["product_category"],
                      "products": [["create", [{"suffix_code": "TD%s-INT" % day.run_id}]]]})
    t.create("product.template", templates)
    day.items = {p["code"]: p["id"] for p in t.search_read("product.product", [["code", "like", "TD%s-%%" % day.run_id]],
                                                            ["id", "code"])}
    receive_stock(day, {code: day.rng.randrange(150, 260) for code in day.codes})
    time.sleep(2.1)  # Tryton's listings end a second before its whole-second clock (docs/tryton.md)


def receive_stock(day, quantities):
    s = day.setup
    moves = day.tryton.create("stock.move", [{
        "product": day.items[code], "from_location": s["supplier_location"], "to_location": s["storage_location"],
        "quantity": float(q), "uom": 1, "unit_price": Decimal("1.00"), "currency": s["currency"],
        "company": s["company"], "planned_date": datetime.date.today()} for code, q in quantities.items()])
    day.tryton.call("stock.move.do", moves)


def store_products(day):
    return {p["sku"]: p for p in day.sim("GET", "dump")["products"] if p.get("sku") is not None}


def wait_for_catalogue(day, timeout=120):
    """Until every salable item is in the store, priced and stocked (the first sweeps of a new install)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        products = store_products(day)
        ready = [c for c in day.codes if c in products and products[c]["regular_price"] and products[c]["manage_stock"]]
        if len(ready) == len(day.codes):
            day.woo_ids = {c: products[c]["id"] for c in day.codes}
            return
        time.sleep(0.5)
    raise RuntimeError("the catalogue did not reach the store: %d of %d items" % (len(ready), len(day.codes)))


def store_only_products(day):
    """What the store sells that Tryton does not know: gift wrap without a SKU, a product with a SKU of its own."""
    path = os.path.join(day.work, "store-only.ndjson")
    with open(path, "w") as f:
        f.write(json.dumps({"name": "Gift wrap", "type": "simple", "regular_price": "3.00", "status": "publish"}) + "\n")
        f.write(json.dumps({"name": "Store-only poster", "type": "simple", "sku": "POSTER-%s" % day.run_id,
                            "regular_price": "9.00", "status": "publish"}) + "\n")
    out = day.syncloom("push", "woo.product", "--input", path, "--mode", "create", "-c", day.config)
    ids = [json.loads(line)["id"] for line in out.splitlines()]
    day.gift_wrap, day.poster = int(ids[0]), int(ids[1])


def customers(day, count):
    """Registered customers (pushed to the store, which announces them by webhook) and guests."""
    registered = int(count * 0.7)
    people = []
    for i in range(count):
        first, last = FIRST[i % len(FIRST)], LAST[(i // len(FIRST)) % len(LAST)]
        email = "%s.%s.%d.%s@example.com" % (first.lower(), last.lower(), i, day.run_id)
        people.append({"first_name": first, "last_name": last, "email": email, "registered": i < registered,
                       "billing": {"first_name": first, "last_name": last, "email": email, "address_1": "%d Main St" % (i + 1),
                                   "city": "Springfield", "postcode": "%05d" % (10000 + i), "country": "US", "state": "CA",
                                   "phone": "555-01%02d" % i if i % 3 else ""}})
    path = os.path.join(day.work, "customers.ndjson")
    with open(path, "w") as f:
        for p in people[:registered]:
            f.write(json.dumps({k: p[k] for k in ("email", "first_name", "last_name", "billing")}) + "\n")
    out = day.syncloom("push", "woo.customer", "--input", path, "--mode", "create-if-absent", "--key", "email", "-c", day.config)
    for p, line in zip(people, out.splitlines()):
        p["id"] = int(json.loads(line)["id"])
    for p in people[registered:]:
        p["id"] = 0
    day.people = people


def place_order(day):
    """One order: mostly paid, some on hold, some unpaid, failed or cancelled, a few invalid."""
    rng = day.rng
    person = day.people[min(int(rng.paretovariate(1.2)) - 1, len(day.people) - 1)] if rng.random() < 0.6 \
        else rng.choice(day.people)
    kind = rng.choices(["processing", "on-hold", "pending", "failed", "cancelled", "no-sku", "currency", "unknown-sku"],
                       [78, 8, 5, 3, 2, 2, 1, 1])[0]
    lines = [{"product_id": day.woo_ids[c], "quantity": rng.randrange(1, 5)} for c in rng.sample(day.codes, rng.randrange(1, 4))]
    body = {"customer_id": person["id"], "billing": person["billing"], "line_items": lines,
            "shipping_lines": [{"method_id": "flat_rate", "method_title": "Flat rate", "total": "5.00"}]
            if rng.random() < 0.7 else []}
    if rng.random() < 0.05:
        body["fee_lines"] = [{"name": "Handling", "total": "1.50"}]
    if kind == "no-sku":
        lines.append({"product_id": day.gift_wrap, "quantity": 1})
    if kind == "unknown-sku":
        lines.append({"product_id": day.poster, "quantity": 1})
    if kind == "currency":
        body["currency"] = "EUR"
    if kind in ("processing", "no-sku", "currency", "unknown-sku"):
        body["set_paid"] = True
    else:
        body["set_paid"] = False
        if kind != "pending":
            body["status"] = kind
    order = day.sim("POST", "orders", body)
    expect = {"processing": "eligible", "on-hold": "eligible", "no-sku": "a line has no SKU",
              "currency": "no currency.currency id", "unknown-sku": "is not synced yet"}.get(kind, "filtered")
    day.orders[order["id"]] = expect


def ship_some(day, count):
    """Ships `count` web sales in Tryton (assign, pick, pack, done), as the warehouse would."""
    t = day.tryton
    sales = t.search_read("sale.sale", [["reference", "like", "WOO-%"], ["state", "=", "processing"],
                                        ["shipment_method", "=", "order"]], ["id", "reference", "shipments"])
    day.rng.shuffle(sales)
    shipped = 0
    for sale in sales:
        if shipped >= count or not sale["shipments"]:
            continue
        ids = sale["shipments"]
        states = {s["state"] for s in t.call("stock.shipment.out.read", ids, ["state"])}
        if states != {"waiting"}:
            continue
        if not t.call("stock.shipment.out.assign_try", ids):
            continue
        for step in ("pick", "pack", "done"):
            t.call("stock.shipment.out." + step, ids)
        day.shipped.add(int(sale["reference"][4:]))
        shipped += 1
    return shipped


def refund_some(day, count, full=0):
    """Refunds in the store of `count` orders that reached Tryton, restocked in the store as customer service
    does: `full` of them refunded whole (every line with its tax, and the shipping), the others one unit of
    one line with its share of the line's tax."""
    t = day.tryton
    in_tryton = {s["reference"] for s in t.search_read("sale.sale", [["reference", "like", "WOO-%"],
                                                                   ["state", "=", "processing"]], ["reference"])}
    orders = [o for o in day.sim("GET", "dump")["orders"]
              if day.orders.get(o["id"]) == "eligible" and "WOO-%d" % o["id"] in in_tryton and o["id"] not in day.shipped
              and not o.get("refunds")]
    day.rng.shuffle(orders)
    for n, order in enumerate(orders[:count]):
        if n < full:
            body = {"amount": order["total"], "reason": "order returned", "api_refund": False, "api_restock": True,
                    "line_items": [{"id": l["id"], "quantity": l["quantity"], "refund_total": l["total"],
                                    "refund_tax": [{"id": t_["id"], "refund_total": t_["total"]} for t_ in l["taxes"]]}
                                   for l in order["line_items"]]}
            day.full_refunds.add(order["id"])
        else:
            line = day.rng.choice(order["line_items"])
            body = {"line_item_id": line["id"], "quantity": 1, "reason": "returned item"}
        refund = day.sim("POST", "orders/%d/refunds" % order["id"], body)
        day.refunds[refund["id"]] = (order["id"], refund["amount"])
    return len(day.refunds)


def change_prices(day, count):
    """The back office changes the list price of `count` items in Tryton (the owner of prices); the pricing
    domain's nightly batch takes them to the store."""
    t = day.tryton
    codes = day.rng.sample(day.codes, count)
    templates = {p["code"]: p["template"] for p in t.call("product.product.read", [day.items[c] for c in codes],
                                                          ["code", "template"])}
    for code in codes:
        price = (Decimal(day.rng.randrange(99, 6000)) / 100).quantize(Decimal("0.01"))
        t.call("product.template.write", [templates[code]], {"list_price": price})
        day.price_changes[code] = price
    return codes


def receive_returns(day):
    """The warehouse receives the parcels of the return sales made by workflow returns (receive, done):
    every return shipment still in draft (the day makes no others)."""
    t = day.tryton
    # Tryton processes a confirmed sale (making its shipments) after the call that confirmed it may have
    # answered: wait until each refund's return shipment is there.
    deadline = time.time() + 120
    while True:
        ids = [r["id"] for r in t.search_read("stock.shipment.out.return", [["state", "=", "draft"]], ["id"])]
        if len(ids) >= len(day.refunds) or time.time() > deadline:
            break
        time.sleep(1)
    for i in ids:
        t.call("stock.shipment.out.return.receive", [i])
        t.call("stock.shipment.out.return.done", [i])
    return len(ids)
