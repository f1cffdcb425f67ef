"""Contract: every resource the simulator answers has the documented sample's field names, in the same order,
with the same JSON types; money is a string with 2 decimals (line_items[].price a number); dates carry no offset."""
import re, sys
from woosim import *

NULLABLE = {"date_paid", "date_paid_gmt", "date_completed", "date_completed_gmt", "date_on_sale_from", "date_on_sale_from_gmt",
            "date_on_sale_to", "date_on_sale_to_gmt", "image", "stock_quantity", "date_expires", "date_expires_gmt",
            "usage_limit", "usage_limit_per_user", "limit_usage_to_x_items"}
MONEY = {"discount_total", "discount_tax", "shipping_total", "shipping_tax", "cart_tax", "total", "total_tax", "subtotal",
         "subtotal_tax", "tax_total", "shipping_tax_total", "amount", "regular_price", "minimum_amount", "maximum_amount",
         "discount"}
DATE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$")


def walk(value, path, fn):
    fn(path, value)
    if isinstance(value, dict):
        for k, v in value.items():
            walk(v, f"{path}.{k}", fn)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            walk(v, f"{path}[{i}]", fn)


def formats(path, value):
    leaf = path.rsplit(".", 1)[-1]
    if leaf in MONEY and ".taxes[" not in path and isinstance(value, str) and value != "":
        check(re.match(r"^-?\d+\.\d\d$", value), f"{path} = {value!r} is not a 2-decimal money string")
    if leaf.startswith("date_") and value is not None:
        check(isinstance(value, str) and DATE.match(value), f"{path} = {value!r} is not an ISO 8601 date without offset")
    if leaf == "price" and "line_items[" in path:
        check(isinstance(value, (int, float)) and not isinstance(value, bool), f"{path} must be a JSON number, is {value!r}")


def same_shape(sample_name, actual, what, pick=lambda s: s):
    diffs = shape_diff(pick(sample(sample_name)), actual, what, NULLABLE)
    for d in diffs:
        check(False, d)
    walk(actual, what, formats)


with Sim("--seed", "3") as sim:
    dump = sim.control("GET", "dump")
    variation_order = next(o for o in dump["orders"] if any(l["variation_id"] for l in o["line_items"]))
    same_shape("order.json", sim.api("GET", f"/orders/{variation_order['id']}").json(), "order")
    refunded = [r for r in dump["refunds"] if r["line_items"]]
    check(refunded, "the seed makes a refund with line items")
    if refunded:
        rid = refunded[0]["id"]
        order_id = int(refunded[0]["_links"]["up"][0]["href"].rsplit("/", 1)[1])
        same_shape("refunds-list.json", sim.api("GET", f"/orders/{order_id}/refunds/{rid}").json(), "refund", lambda s: s[1])
        item = sim.api("GET", f"/orders/{order_id}/refunds/{rid}").json()["line_items"][0]
        check(item["quantity"] < 0 and item["total"].startswith("-") and item["meta_data"][0]["key"] == "_refunded_item_id",
              "refund lines carry negative quantity/totals and _refunded_item_id")
        order = sim.api("GET", f"/orders/{order_id}").json()
        check(order["refunds"] and order["refunds"][0]["total"].startswith("-"), "an order lists its refunds with negative totals")
    amount_only = [r for r in dump["refunds"] if not r["line_items"]]
    if amount_only:
        oid = int(amount_only[0]["_links"]["up"][0]["href"].rsplit("/", 1)[1])
        same_shape("refund.json", sim.api("GET", f"/orders/{oid}/refunds/{amount_only[0]['id']}").json(), "refund")
    simple = next(p for p in dump["products"] if p["type"] == "simple")
    same_shape("product.json", sim.api("GET", f"/products/{simple['id']}").json(), "product")
    variable = next(p for p in dump["products"] if p["type"] == "variable")
    same_shape("product-variable.json", sim.api("GET", f"/products/{variable['id']}").json(), "variable")
    vid = variable["variations"][0]
    same_shape("variation.json", sim.api("GET", f"/products/{variable['id']}/variations/{vid}").json(), "variation")
    same_shape("customer.json", sim.api("GET", f"/customers/{dump['customers'][0]['id']}").json(), "customer")
    same_shape("coupon.json", sim.api("GET", f"/coupons/{dump['coupons'][0]['id']}").json(), "coupon")
    hook = sim.api("POST", "/webhooks", {"topic": "order.updated", "delivery_url": "http://127.0.0.1:9/none", "status": "paused"})
    check(hook.status == 201 and hook.header("Location", ).endswith(f"/webhooks/{hook.json()['id']}"), "webhook create: 201 with Location")
    same_shape("webhook.json", hook.json(), "webhook")
    check("secret" not in hook.json(), "the webhook secret is never returned")
    # products/batch: the sample's create/update/delete with the answers' shapes.
    batch = sim.api("POST", "/products/batch", {"create": [{"name": "Woo Single #1", "type": "simple", "regular_price": "21.99"}],
                                                 "update": [{"id": variable["id"], "default_attributes": [{"id": 0, "name": "Color", "option": "Green"}]}],
                                                 "delete": [[p for p in dump["products"] if p["type"] == "simple"][-1]["id"]]})
    same_shape("products-batch-response.json", batch.json(), "batch")
    listing = sim.api("GET", "/orders", query={"per_page": 3})
    for i, o in enumerate(listing.json()):
        same_shape("order.json", o, f"orders[{i}]")
    same_shape("error-rest-no-route.json", sim.api("GET", "/nothing-here").json(), "no_route")
    nf = sim.api("GET", "/orders/999999")
    check(nf.status == 404 and nf.json() == {"code": "woocommerce_rest_shop_order_invalid_id", "message": "Invalid ID.", "data": {"status": 404}},
          f"unknown order: {nf.status} {nf.raw!r}")
    pnf = sim.api("GET", "/products/999999").json()
    check(pnf["code"] == "woocommerce_rest_product_invalid_id", f"unknown product code {pnf}")
    # The wire bytes are wp_json_encode's: slashes escaped.
    raw = sim.api("GET", f"/products/{simple['id']}").raw.decode()
    check('"permalink":"http:\\/\\/127.0.0.1:' in raw, "slashes are escaped as \\/ like wp_json_encode")
    cafe = sim.api("POST", "/products", {"name": "Caf\u00e9 \U0001F600", "regular_price": "2.50"})
    check('"name":"Caf\\u00e9 \\ud83d\\ude00"' in cafe.raw.decode(), f"non-ASCII is written as \\uXXXX (UTF-16): {cafe.raw[:80]!r}")
    check(cafe.json()["name"] == "Caf\u00e9 \U0001F600", "and reads back as the same text")
    index = sim.request("GET", "/wp-json/wc/v3")
    check(index.status == 200 and index.json()["namespace"] == "wc/v3" and "/wc/v3/orders" in index.json()["routes"], "the namespace index needs no auth")
finish()
