"""Contract: bodies of the wrong shape get 400s (never a crash or a 500), and a refused write leaves the store as
it was."""
import itertools, json
from woosim import *

ODD = [None, True, 0, -1, 1.5, "", "x", [], [1], {}, {"a": 1}, [{"id": "x"}], [None], "9" * 30]
FIELDS = {
    "/orders": ["status", "customer_id", "billing", "line_items", "shipping_lines", "fee_lines", "coupon_lines", "meta_data", "set_paid"],
    "/products": ["name", "type", "regular_price", "sku", "manage_stock", "stock_quantity", "attributes", "images", "categories", "dimensions"],
    "/customers": ["email", "billing", "first_name", "meta_data"],
    "/coupons": ["code", "amount", "discount_type", "usage_limit"],
    "/webhooks": ["topic", "delivery_url", "status", "secret"],
}

with Sim("--seed", "5") as sim:
    dump = sim.control("GET", "dump")
    order_id, product_id = dump["orders"][0]["id"], dump["products"][0]["id"]
    fivehundreds = []
    for route, fields in FIELDS.items():
        for field, value in itertools.product(fields, ODD):
            for method, path in (("POST", route), ("PUT", f"{route}/{ {'/orders': order_id, '/products': product_id}.get(route, 1)}")):
                r = sim.api(method, path, {field: value})
                if r.status >= 500:
                    fivehundreds.append(f"{method} {path} {field}={value!r}: {r.status} {r.raw[:120]!r}")
    for body in ([], "x", {"create": "x"}, {"update": [1, "a", None]}, {"delete": [{"id": "a"}, -5, None]}):
        r = sim.api("POST", "/orders/batch", body)
        if r.status >= 500:
            fivehundreds.append(f"batch {body!r}: {r.status}")
    for body in ({"amount": "abc"}, {"line_items": "x"}, {"line_items": [{"id": "x"}]}, {"line_items": [{"id": 1, "quantity": "lots"}]}, {"amount": 1.5}):
        r = sim.api("POST", f"/orders/{order_id}/refunds", body)
        if r.status >= 500 and r.json().get("code") != "woocommerce_rest_cannot_create_order_refund":
            fivehundreds.append(f"refund {body!r}: {r.status} {r.raw[:120]!r}")
    for f in fivehundreds:
        check(False, f)
    check(sim.api("GET", "/orders", query={"per_page": 1}).status == 200, "still answering")
    # A refused update changes nothing.
    before = sim.api("GET", f"/orders/{order_id}").raw
    r = sim.api("PUT", f"/orders/{order_id}", {"billing": {"first_name": "Changed"}, "line_items": [{"product_id": 999999, "quantity": 1}]})
    check(r.status == 400 and sim.api("GET", f"/orders/{order_id}").raw == before, "a refused order update leaves the order unchanged")
    # Refused creates draw no ids: the next record gets the id it would have had.
    a = sim.api("POST", "/products", {"name": "A", "sku": "UNIQ-1", "meta_data": [{"key": "k", "value": "v"}]}).json()
    check(sim.api("POST", "/products", {"name": "B", "sku": "UNIQ-1", "meta_data": [{"key": "k", "value": "v"}]}).status == 400, "duplicate sku refused")
    b = sim.api("POST", "/products", {"name": "C", "meta_data": [{"key": "k", "value": "v"}]}).json()
    check(b["id"] == a["id"] + 1 and b["meta_data"][0]["id"] == a["meta_data"][0]["id"] + 1, f"no ids leak from a refused create: {a['id']} {b['id']}")
    o1 = sim.api("POST", "/orders", {"line_items": [{"product_id": a["id"], "quantity": 1}]}).json()
    check(sim.api("POST", "/orders", {"line_items": [{"product_id": a["id"], "quantity": 1}, {"product_id": 999999}]}).status == 400, "bad line refused")
    o2 = sim.api("POST", "/orders", {"line_items": [{"product_id": a["id"], "quantity": 1}]}).json()
    check(o2["id"] == o1["id"] + 1 and o2["line_items"][0]["id"] == o1["tax_lines"][0]["id"] + 1, "nor from a refused order")
finish()
