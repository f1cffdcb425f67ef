"""Contract: order totals and taxes computed as WooCommerce does (one 7.5 % rate, rate_id 75, per-line tax rounded
half-up, shipping untaxed), coupons, fees; stock taken by set_paid and given back by refunds with api_restock;
refund validation and the refunded status. Expected values are computed by hand in the comments."""
from woosim import *

MONEY_FIELDS = ["discount_total", "discount_tax", "shipping_total", "shipping_tax", "cart_tax", "total", "total_tax"]

with Sim() as sim:
    single = sim.api("POST", "/products", {"name": "Woo Single #1", "regular_price": "3.00", "manage_stock": True, "stock_quantity": 10}).json()
    ship = sim.api("POST", "/products", {"name": "Ship Your Idea", "type": "variable",
                                          "attributes": [{"name": "Color", "variation": True, "options": ["Black"]}]}).json()
    var = sim.api("POST", f"/products/{ship['id']}/variations", {"regular_price": "12.00", "sku": "Bar3", "attributes": [{"name": "Color", "option": "Black"}]}).json()
    base = {"payment_method": "bacs", "payment_method_title": "Direct Bank Transfer", "set_paid": True,
            "billing": {"first_name": "John", "last_name": "Doe", "email": "john.doe@example.com"},
            "line_items": [{"product_id": single["id"], "quantity": 2}, {"product_id": ship["id"], "variation_id": var["id"], "quantity": 1}],
            "shipping_lines": [{"method_id": "flat_rate", "method_title": "Flat Rate", "total": "10.00"}]}
    r = sim.api("POST", "/orders", base)
    check(r.status == 201, f"create order: {r.status} {r.raw[:300]}")
    order = r.json()
    want = sample("order.json")
    # samples/order.json: 2 x 3.00 + 1 x 12.00 + 10.00 shipping; tax 0.45 + 0.90 = 1.35; total 29.35.
    for f in MONEY_FIELDS:
        check(order[f] == want[f], f"{f}: {order[f]} != sample {want[f]}")
    for got, exp in zip(order["line_items"], want["line_items"]):
        for f in ["quantity", "subtotal", "subtotal_tax", "total", "total_tax", "taxes", "price"]:
            check(got[f] == exp[f], f"line {got['id']} {f}: {got[f]!r} != sample {exp[f]!r}")
    tl = {k: v for k, v in order["tax_lines"][0].items() if k != "id"}
    check(tl == {k: v for k, v in want["tax_lines"][0].items() if k != "id"}, f"tax_lines: {tl}")
    check([{k: v for k, v in s.items() if k != "id"} for s in order["shipping_lines"]] ==
          [{k: v for k, v in s.items() if k != "id"} for s in want["shipping_lines"]], "shipping_lines")
    check(order["status"] == "processing" and order["date_paid_gmt"], "set_paid: processing with a payment date")
    check(order["line_items"][1]["sku"] == "Bar3" and order["line_items"][1]["name"] == "Ship Your Idea - Black", "variation line name and sku")
    check(sim.api("GET", f"/products/{single['id']}").json()["stock_quantity"] == 8, "set_paid reduces managed stock (10 - 2)")

    # Percent coupon 10 %: lines 5.40 and 10.80; taxes 0.405 -> 0.41 and 0.81 = 1.22; total 16.20 + 10 + 1.22 = 27.42.
    sim.api("POST", "/coupons", {"code": "TEN", "discount_type": "percent", "amount": "10"})
    o = sim.api("POST", "/orders", {**base, "set_paid": False, "coupon_lines": [{"code": "ten"}]}).json()
    check([l["total"] for l in o["line_items"]] == ["5.40", "10.80"] and [l["total_tax"] for l in o["line_items"]] == ["0.41", "0.81"], "percent coupon lines")
    check((o["discount_total"], o["discount_tax"], o["cart_tax"], o["total"]) == ("1.80", "0.13", "1.22", "27.42"),
          f"percent coupon totals: {o['discount_total']} {o['discount_tax']} {o['cart_tax']} {o['total']}")
    check(o["line_items"][0]["taxes"] == [{"id": 75, "total": "0.41", "subtotal": "0.45"}], f"line taxes keep subtotal tax: {o['line_items'][0]['taxes']}")
    check(o["coupon_lines"][0]["code"] == "ten" and o["coupon_lines"][0]["discount"] == "1.80" and o["coupon_lines"][0]["discount_tax"] == "0.14",
          f"coupon line: {o['coupon_lines']}")  # 0.60 * 7.5 % = 0.045 -> 0.05, 1.20 * 7.5 % = 0.09
    # fixed_cart 5.00 spread by price: floor(600*500/1800)=166, floor(1200*500/1800)=333, 1 cent left to the first line.
    sim.api("POST", "/coupons", {"code": "fiveoff", "discount_type": "fixed_cart", "amount": "5.00"})
    o = sim.api("POST", "/orders", {**base, "set_paid": False, "coupon_lines": [{"code": "fiveoff"}]}).json()
    check([l["total"] for l in o["line_items"]] == ["4.33", "8.67"], f"fixed_cart split: {[l['total'] for l in o['line_items']]}")
    check((o["cart_tax"], o["total"]) == ("0.97", "23.97"), f"fixed_cart totals {o['cart_tax']} {o['total']}")  # 0.32 + 0.65; 13.00 + 10 + 0.97
    bad = sim.api("POST", "/orders", {**base, "coupon_lines": [{"code": "nope"}]})
    check(bad.status == 400 and bad.json()["code"] == "woocommerce_rest_invalid_coupon", "unknown coupon")
    # A taxable fee is taxed; an untaxed product is not.
    free = sim.api("POST", "/products", {"name": "Gift card", "regular_price": "20.00", "tax_status": "none"}).json()
    o = sim.api("POST", "/orders", {"line_items": [{"product_id": free["id"], "quantity": 1}], "fee_lines": [{"name": "Gift wrap", "total": "2.00"}]}).json()
    check(o["line_items"][0]["taxes"] == [] and o["fee_lines"][0]["total_tax"] == "0.15" and o["total"] == "22.15", f"fee tax: {o['fee_lines']} {o['total']}")
    # Updating a line's quantity recalculates: 3 x 3.00 + 12.00 = 21.00, tax 0.68 + 0.90, total 31.58.
    upd = sim.api("PUT", f"/orders/{order['id']}", {"line_items": [{"id": order["line_items"][0]["id"], "quantity": 3}]}).json()
    check((upd["line_items"][0]["subtotal"], upd["cart_tax"], upd["total"]) == ("9.00", "1.58", "32.58"),
          f"recalculated: {upd['line_items'][0]['subtotal']} {upd['cart_tax']} {upd['total']}")  # 9.00*7.5% = 0.675 -> 0.68
    upd = sim.api("PUT", f"/orders/{order['id']}", {"line_items": [{"id": order["line_items"][0]["id"], "quantity": 2}]}).json()
    check(upd["total"] == "29.35", "back to the sample's totals")
    check(sim.api("POST", "/orders", {"status": "shipped"}).json()["code"] == "rest_invalid_param", "unknown status")
    check(sim.api("POST", "/orders", {"customer_id": 4242}).json()["code"] == "woocommerce_rest_invalid_customer_id", "unknown customer")
    check(sim.api("PUT", "/orders/999999", {}).status == 400, "update of an unknown order is 400")

    # Refunds.
    oid = order["id"]
    line = order["line_items"][0]
    r = sim.api("POST", f"/orders/{oid}/refunds", {"amount": "-1.00"})
    check(r.status == 400 and r.json()["code"] == "woocommerce_rest_invalid_order_refund", f"negative refund: {r.raw}")
    r = sim.api("POST", f"/orders/{oid}/refunds", {"amount": "29.36", "api_refund": False})
    check(r.status == 500 and r.json()["code"] == "woocommerce_rest_cannot_create_order_refund" and r.json()["message"] == "Invalid refund amount.", "refund over the total")
    r = sim.api("POST", f"/orders/{oid}/refunds", {"api_refund": False, "reason": "damaged",
                                                   "line_items": [{"id": line["id"], "quantity": 1, "refund_total": "3.00", "refund_tax": [{"id": 75, "refund_total": "0.23"}]}]})
    check(r.status == 201, f"line refund: {r.status} {r.raw[:200]}")
    ref = r.json()
    check(ref["amount"] == "3.23" and ref["refunded_payment"] is False and ref["reason"] == "damaged", f"refund amount from lines: {ref['amount']}")
    rl = ref["line_items"][0]
    check((rl["quantity"], rl["subtotal"], rl["total"], rl["total_tax"], rl["price"]) == (-1, "-3.00", "-3.00", "-0.23", -3), f"refund line: {rl}")
    check(rl["taxes"] == [{"id": 75, "total": "-0.23", "subtotal": "-0.23"}] and rl["meta_data"][0]["value"] == str(line["id"]), "refund line taxes and _refunded_item_id")
    check(sim.api("GET", f"/products/{single['id']}").json()["stock_quantity"] == 9, "api_restock gives one back (8 + 1)")
    o = sim.api("GET", f"/orders/{oid}").json()
    check(o["refunds"] == [{"id": ref["id"], "reason": "damaged", "total": "-3.23"}] and o["status"] == "processing", f"order refunds: {o['refunds']}")
    r = sim.api("POST", f"/orders/{oid}/refunds", {"amount": "26.12", "api_refund": False, "api_restock": False})
    check(r.status == 201 and sim.api("GET", f"/orders/{oid}").json()["status"] == "refunded", "a full refund makes the order refunded")
    check(sim.api("GET", f"/orders/{oid}/refunds").header("X-WP-Total") == "2", "refund list total")
    check(sim.api("DELETE", f"/orders/{oid}/refunds/{ref['id']}").status == 501, "refund delete needs force")
    check(sim.api("DELETE", f"/orders/{oid}/refunds/{ref['id']}", query={"force": "true"}).status == 200 and
          len(sim.api("GET", f"/orders/{oid}").json()["refunds"]) == 1, "forced refund delete")
    # Cancelling a paid order gives its stock back.
    o2 = sim.api("POST", "/orders", {**base}).json()
    before = sim.api("GET", f"/products/{single['id']}").json()["stock_quantity"]
    sim.api("PUT", f"/orders/{o2['id']}", {"status": "cancelled"})
    check(sim.api("GET", f"/products/{single['id']}").json()["stock_quantity"] == before + 2, "cancelling restores stock")
    # The control API places and refunds orders too.
    placed = sim.control("POST", "orders", {"line_items": [{"product_id": single["id"], "quantity": 1}]})
    check(placed["status"] == "processing" and placed["created_via"] == "checkout" and placed["total"] == "3.23", f"placed order: {placed.get('total')}")
    lr = sim.control("POST", f"orders/{placed['id']}/refunds", {"line_item_id": placed["line_items"][0]["id"]})
    check(lr.get("amount") == "3.23" and sim.api("GET", f"/orders/{placed['id']}").json()["status"] == "refunded", f"control line refund: {lr}")
    # GET /refunds (WooCommerce 9.0+): every order's refunds, each naming its order in parent_id.
    everything = sim.api("GET", "/refunds", query={"per_page": "100"})
    listed = everything.json()
    check(everything.status == 200 and int(everything.header("X-WP-Total")) == len(listed) and len(listed) >= 2,
          f"all refunds: {everything.status} {len(listed)}")
    check(any(r["id"] == lr["id"] and r["parent_id"] == placed["id"] for r in listed), "a listed refund names its order")
    check(all("parent_id" in r and r["line_items"] is not None for r in listed), "every listed refund has parent_id")
    only = sim.api("GET", "/refunds", query={"parent": str(placed["id"])}).json()
    check([r["id"] for r in only] == [lr["id"]], f"parent filter: {[r['id'] for r in only]}")
    check(all(r["parent_id"] != placed["id"] for r in sim.api("GET", "/refunds", query={"parent_exclude": str(placed["id"])}).json()),
          "parent_exclude filter")
    check(sim.api("POST", "/refunds", {"amount": "1.00"}).status == 404, "refunds are created below their order only")
finish()
