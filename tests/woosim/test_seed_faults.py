"""Contract: seeding is deterministic (same seed, same bytes; the clock does not matter), HTTP faults (429 with
Retry-After, 5xx, HTML with status 200, truncated JSON, slow answers, date_modified not bumped), rest_no_route,
the body limit, and a clean exit on SIGTERM."""
import json, time
from decimal import Decimal
from woosim import *

with Sim("--seed", "42") as a, Sim() as b:
    b.control("POST", "clock", {"set": "2031-05-05T05:05:05"})
    b.control("POST", "seed", {"seed": 42})
    da, db = a.request("GET", "/__sim/dump").raw, b.request("GET", "/__sim/dump").raw
    # Links name each simulator's own port: compare with the port taken out.
    check(da.replace(str(a.port).encode(), b"P") == db.replace(str(b.port).encode(), b"P"), "the same seed gives the same store byte for byte")
    summary = json.loads(da)
    check(len(summary["orders"]) == 20 and len(summary["variations"]) == 8 and len(summary["refunds"]) == 3, "default counts")
    b.control("POST", "seed", {"seed": 43, "orders": 5, "customers": 2})
    other = json.loads(b.request("GET", "/__sim/dump").raw)
    check(len(other["orders"]) == 5 and other["orders"] != summary["orders"][:5], "another seed, another store")
    for o in summary["orders"]:
        lines = sum(Decimal(l["total"]) + Decimal(l["total_tax"]) for l in o["line_items"])
        ship = sum(Decimal(s["total"]) for s in o["shipping_lines"])
        check(Decimal(o["total"]) == lines + ship, f"order {o['id']} total = lines + their tax + shipping")

    sim = a
    sim.control("DELETE", "stats")
    for _ in range(3):
        sim.api("GET", "/orders", query={"per_page": 1})
    st = sim.control("GET", "stats")
    check(st["api_requests"] == 3 and st["by_status"] == {"200": 3} and st["cpu_user_us"] >= 0, f"stats: {st}")
    check(st["connections"] == 3, "urllib opens one connection per request")
    import http.client
    conn = http.client.HTTPConnection("127.0.0.1", sim.port, timeout=10)
    for _ in range(4):
        conn.request("GET", "/wp-json/wc/v3")
        conn.getresponse().read()
    conn.close()
    st = sim.control("GET", "stats")
    check(st["api_requests"] == 7 and st["connections"] == 4, f"four requests on one kept-alive connection count once: {st}")
    r = sim.api("GET", "/nope")
    check(r.status == 404 and r.json()["code"] == "rest_no_route", "unknown route")
    check(sim.api("DELETE", "/orders").json()["code"] == "rest_no_route", "unknown method on a route")
    sim.control("POST", "faults", {"rate_limit_next": 1, "retry_after": 7})
    r = sim.api("GET", "/orders")
    check(r.status == 429 and r.header("Retry-After") == "7", "429 with Retry-After")
    check(sim.api("GET", "/orders").status == 200, "only the next request was limited")
    sim.control("POST", "faults", {"server_error_next": 1, "server_error_status": 502})
    check(sim.api("GET", "/orders").status == 502, "5xx")
    sim.control("POST", "faults", {"html_next": 1})
    r = sim.api("GET", "/orders")
    check(r.status == 200 and r.raw.lstrip().startswith(b"<!DOCTYPE html>") and "text/html" in r.header("Content-Type"), "HTML page with status 200")
    sim.control("POST", "faults", {"truncate_next": 1})
    r = sim.api("GET", "/orders")
    try:
        json.loads(r.raw)
        check(False, "a truncated body is not JSON")
    except ValueError:
        pass
    sim.control("POST", "faults", {"slow_share": 1, "slow_ms": 300})
    t = time.time()
    sim.api("GET", "/orders", query={"per_page": 1})
    check(time.time() - t >= 0.3, "slow answers")
    sim.control("DELETE", "faults")
    sim.control("POST", "faults", {"server_error_share": 0.5, "seed": 9})
    statuses = [sim.api("GET", "/orders", query={"per_page": 1}).status for _ in range(40)]
    check(10 < statuses.count(503) < 30 and statuses.count(200) + statuses.count(503) == 40, f"a share of 5xx: {statuses.count(503)}/40")
    sim.control("DELETE", "faults")
    check(sim.request("POST", "/__sim/faults", {"bogus": 1}).status == 400, "unknown fault names are refused")
    # date_modified not bumped.
    pid = summary["products"][0]["id"]
    before = sim.api("GET", f"/products/{pid}").json()["date_modified_gmt"]
    sim.control("POST", "faults", {"stale_modified": True})
    sim.control("POST", "clock", {"advance_seconds": 120})
    changed = sim.api("PUT", f"/products/{pid}", {"regular_price": "1.23"}).json()
    check(changed["regular_price"] == "1.23" and changed["date_modified_gmt"] == before, "stale_modified keeps date_modified")
    sim.control("DELETE", "faults")
    check(sim.api("PUT", f"/products/{pid}", {"regular_price": "1.24"}).json()["date_modified_gmt"] != before, "normally date_modified moves")
    # Bounded: a body over the limit is refused.
    big = sim.api("POST", "/orders", raw=b"{" + b" " * (5 * 1024 * 1024) + b"}")
    check(big.status == 413, f"body limit: {big.status}")
    check(sim.api("POST", "/orders", raw=b"{not json").json()["code"] == "rest_invalid_json", "invalid JSON body")
check(a.code == 0 and b.code == 0, f"SIGTERM exits cleanly: {a.code} {b.code}")
with Sim() as c:
    pass  # stopped the moment it says it listens
check(c.code == 0, f"a SIGTERM right after start-up still stops it cleanly: {c.code}")
finish()
