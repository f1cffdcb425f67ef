"""Contract: list paging (per_page bounds, page, offset, X-WP-Total/-TotalPages, Link next/prev), filters
(modified_after with dates_are_gmt, include/exclude, status, sku, search) and ordering with the id tie-break;
batch limits, per-item errors and forced deletes."""
import re
from woosim import *

with Sim("--timezone", "America/Los_Angeles") as sim:
    sim.control("POST", "clock", {"set": "2026-01-10T12:00:00"})
    ids = []
    for i in range(25):
        r = sim.api("POST", "/products", {"name": f"Item {i:02d}", "regular_price": "1.00", "sku": f"SKU-{i:02d}"})
        ids.append(r.json()["id"])
        if i % 5 == 4:
            sim.control("POST", "clock", {"advance_seconds": 60})  # five products share each second
    r = sim.api("GET", "/products", query={"per_page": 101})
    check(r.status == 400 and r.json()["code"] == "rest_invalid_param" and "per_page" in r.json()["data"]["params"], f"per_page 101: {r.raw[:200]}")
    check(sim.api("GET", "/products", query={"per_page": 0}).status == 400, "per_page 0")
    check(sim.api("GET", "/products", query={"orderby": "nonsense"}).json()["code"] == "rest_invalid_param", "bad orderby")
    r = sim.api("GET", "/products")
    check(len(r.json()) == 10 and r.header("X-WP-Total") == "25" and r.header("X-WP-TotalPages") == "3", "default per_page 10 and totals")
    seen, page, url_pages = [], 1, 0
    while page and url_pages < 10:
        r = sim.api("GET", "/products", query={"per_page": 10, "page": page, "orderby": "date", "order": "desc"})
        seen += [p["id"] for p in r.json()]
        link = r.header("Link") or ""
        if page > 1:
            check(re.search(rf'<[^>]*[?&]page={page - 1}(&[^>]*)?>; rel="prev"', link), f"page {page} has prev: {link}")
        m = re.search(r'<([^>]*)>; rel="next"', link)
        page = int(re.search(r"[?&]page=(\d+)", m.group(1)).group(1)) if m else 0
        url_pages += 1
    check(sorted(seen) == sorted(ids) and len(seen) == 25, "following Link next visits every product once")
    # Same date_created: WooCommerce breaks ties by id in the same direction.
    check(seen == sorted(ids, key=lambda i: (ids.index(i) // 5, i), reverse=True), f"date desc with id tie-break: {seen}")
    asc = [p["id"] for p in sim.api("GET", "/products", query={"per_page": 100, "orderby": "id", "order": "asc"}).json()]
    check(asc == sorted(ids), "orderby id asc")
    off = [p["id"] for p in sim.api("GET", "/products", query={"per_page": 5, "offset": 3, "orderby": "id", "order": "asc"}).json()]
    check(off == sorted(ids)[3:8], "offset")
    inc = [p["id"] for p in sim.api("GET", "/products", query={"include": f"{ids[4]},{ids[1]},{ids[7]}", "orderby": "include"}).json()]
    check(inc == [ids[4], ids[1], ids[7]], f"orderby include keeps the include order: {inc}")
    exc = sim.api("GET", "/products", query={"exclude": f"{ids[0]}", "per_page": 100}).json()
    check(len(exc) == 24, "exclude")
    check([p["id"] for p in sim.api("GET", "/products", query={"sku": "SKU-07"}).json()] == [ids[7]], "sku filter")
    check(len(sim.api("GET", "/products", query={"search": "item 1"}).json()) == 10, "search matches names")
    # modified_after in GMT vs site time (Los Angeles is UTC-8 in January).
    sim.control("POST", "clock", {"set": "2026-01-10T13:00:00"})
    sim.api("PUT", f"/products/{ids[3]}", {"regular_price": "2.00"})
    got = sim.api("GET", "/products", query={"modified_after": "2026-01-10T12:30:00", "dates_are_gmt": "true"}).json()
    check([p["id"] for p in got] == [ids[3]], f"modified_after GMT: {[p['id'] for p in got]}")
    check(got and got[0]["date_modified_gmt"] == "2026-01-10T13:00:00" and got[0]["date_modified"] == "2026-01-10T05:00:00",
          "date_modified in site time and date_modified_gmt in UTC")
    got = sim.api("GET", "/products", query={"modified_after": "2026-01-10T04:30:00"}).json()
    check([p["id"] for p in got] == [ids[3]], "modified_after in site time (dates_are_gmt false)")
    check(sim.api("GET", "/products", query={"modified_after": "yesterday"}).json()["code"] == "rest_invalid_param", "bad date")
    orderby_mod = [p["id"] for p in sim.api("GET", "/products", query={"orderby": "modified", "order": "desc", "per_page": 1}).json()]
    check(orderby_mod == [ids[3]], "orderby modified")

    # Batch.
    too_many = {"create": [{"name": f"x{i}"} for i in range(60)], "update": [{"id": ids[0]}] * 30, "delete": ids[:11]}
    r = sim.api("POST", "/products/batch", too_many)
    check(r.status == 413 and r.json()["code"] == "woocommerce_rest_request_entity_too_large", f"101 items: {r.status}")
    check(sim.api("GET", "/products", query={"per_page": 1}).header("X-WP-Total") == "25", "a refused batch changes nothing")
    r = sim.api("POST", "/products/batch", {"create": [{"name": "New A", "sku": "SKU-01"}, {"name": "New B", "regular_price": "3.50"}],
                                           "update": [{"id": ids[2], "regular_price": "9.99"}, {"id": 999999, "regular_price": "1.00"}],
                                           "delete": [ids[5], 999998]})
    b = r.json()
    check(r.status == 200 and list(b.keys()) == ["create", "update", "delete"], f"batch answers 200 with create/update/delete: {r.status}")
    check(b["create"][0] == {"id": 0, "error": {"code": "product_invalid_sku", "message": "Invalid or duplicated SKU.", "data": {"status": 400, "resource_id": ids[1], "unique_sku": "SKU-01-1"}}},
          f"duplicate SKU inside a batch: {b['create'][0]}")
    check(b["create"][1]["price"] == "3.50", "batch create answers the record")
    check(b["update"][0]["regular_price"] == "9.99" and b["update"][1]["id"] == 999999 and b["update"][1]["error"]["code"] == "woocommerce_rest_product_invalid_id"
          and b["update"][1]["error"]["data"] == {"status": 400}, f"batch update per-item error: {b['update'][1]}")
    check(b["delete"][0]["id"] == ids[5] and b["delete"][1]["error"]["code"] == "woocommerce_rest_product_invalid_id", "batch delete per-item error")
    check(sim.api("GET", f"/products/{ids[5]}").status == 404, "batch delete is forced (no trash)")
    # Single delete without force trashes; a second time is 410.
    check(sim.api("DELETE", f"/products/{ids[6]}").json()["status"] == "trash", "delete without force trashes")
    check(sim.api("DELETE", f"/products/{ids[6]}").status == 410, "trashing twice is 410")
    check(sim.api("DELETE", f"/products/{ids[6]}", query={"force": "true"}).status == 200 and sim.api("GET", f"/products/{ids[6]}").status == 404, "force deletes")
    check(sim.api("DELETE", f"/customers/1").json()["code"] in ("woocommerce_rest_invalid_id", "woocommerce_rest_trash_not_supported"), "customers need force")
    # Variations batch with stock.
    parent = sim.api("POST", "/products", {"name": "Var", "type": "variable", "attributes": [{"name": "Size", "variation": True, "options": ["S", "M"]}]}).json()
    vb = sim.api("POST", f"/products/{parent['id']}/variations/batch", {"create": [
        {"regular_price": "5.00", "attributes": [{"name": "Size", "option": "S"}], "manage_stock": True, "stock_quantity": 3},
        {"regular_price": "6.00", "attributes": [{"name": "Size", "option": "M"}], "stock_quantity": 9}]}).json()
    check(vb["create"][0]["stock_quantity"] == 3 and vb["create"][1]["stock_quantity"] is None, "stock_quantity applies only when manage_stock")
    vid = vb["create"][0]["id"]
    vu = sim.api("POST", f"/products/{parent['id']}/variations/batch", {"update": [{"id": vid, "stock_quantity": 0}]}).json()["update"][0]
    check(vu["stock_status"] == "outofstock", "stock 0 without backorders is outofstock")
    vu = sim.api("PUT", f"/products/{parent['id']}/variations/{vid}", {"backorders": "notify"}).json()
    check(vu["stock_status"] == "onbackorder" and vu["backorders_allowed"] is True, "backorders allowed: onbackorder")
    p = sim.api("GET", f"/products/{parent['id']}").json()
    check(p["variations"] == sorted(v["id"] for v in vb["create"]) and p["price"] == "5.00", "parent lists variations and the lowest price")
finish()
