"""The checks and the summary of tests/e2e/trading_day.py: both systems read directly (Tryton over its
JSON-RPC, the store through the simulator's control API, the service's store file read-only)."""
import json
import re
import sqlite3
import time
from collections import Counter
from decimal import Decimal, ROUND_FLOOR


def store_db(day):
    db = sqlite3.connect("file:%s/syncloom.db?mode=ro" % day.work, uri=True, timeout=30)
    db.row_factory = sqlite3.Row
    return db


def unfinished(day):
    with store_db(day) as db:
        return db.execute("SELECT count(*) FROM work WHERE state IN ('pending', 'running', 'waiting')").fetchone()[0]


def wait_idle(day, timeout):
    """Until the store has delivered every webhook and the service has finished every work item, for 8 s
    in a row (Tryton's listings lag its clock by up to 2 s, and both systems are polled within that)."""
    deadline, quiet = time.time() + timeout, 0
    while time.time() < deadline:
        drained = day.sim("POST", "deliveries/drain", {"timeout_ms": 2000}).get("drained")
        quiet = quiet + 1 if drained and unfinished(day) == 0 else 0
        if quiet >= 8:
            return True
        time.sleep(1)
    return False


def check(day, ok, what):
    if not ok:
        day.failures.append(what)
    return ok


def verify(day):
    t = day.tryton
    woo = {o["id"]: o for o in day.sim("GET", "dump")["orders"]}
    sales = t.search_read("sale.sale", [["reference", "like", "WOO-%"]],
                          ["reference", "state", "untaxed_amount", "tax_amount", "total_amount", "party"])
    by_ref = Counter(s["reference"] for s in sales)
    sale_of = {s["reference"]: s for s in sales}
    money_ok = 0
    for oid, expect in day.orders.items():
        ref, order = "WOO-%d" % oid, woo[oid]
        if expect != "eligible":
            check(day, by_ref[ref] == 0, "%s (%s) should not be in Tryton" % (ref, expect))
            continue
        if not check(day, by_ref[ref] == 1, "%s is in Tryton %d times" % (ref, by_ref[ref])):
            continue
        s, total, tax = sale_of[ref], Decimal(order["total"]), Decimal(order["total_tax"])
        if check(day, (s["untaxed_amount"], s["tax_amount"], s["total_amount"]) == (total - tax, tax, total),
                 "%s: Tryton untaxed/tax/total %s/%s/%s, the store %s/%s/%s" % (
                     ref, s["untaxed_amount"], s["tax_amount"], s["total_amount"], total - tax, tax, total)):
            money_ok += 1
        check(day, s["state"] in ("processing", "done"), "%s is %s in Tryton" % (ref, s["state"]))
    day.money_ok = money_ok

    # One party per e-mail.
    mechanisms = t.search_read("party.contact_mechanism", [["type", "=", "email"], ["value", "like", "%%.%s@example.com" % day.run_id]],
                               ["value", "party"])
    per_email = Counter(m["value"] for m in mechanisms)
    dupes = [e for e, n in per_email.items() if n > 1]
    check(day, not dupes, "duplicate parties for %s" % dupes[:5])
    ordered = {woo[o]["billing"]["email"].lower() for o, e in day.orders.items() if e == "eligible"}
    check(day, ordered <= set(per_email), "no party for %s" % sorted(ordered - set(per_email))[:5])
    day.parties = len(per_email)

    # The store's stock is Tryton's forecast less the safety buffer.
    items = t.call("product.product.read", list(day.items[c] for c in day.codes), ["code", "forecast_quantity"])
    products = {p["sku"]: p for p in day.sim("GET", "dump")["products"] if p.get("sku")}
    expected_stock = {}  # code -> what the store should show, also the Tryton side of the stock total below
    for item in items:
        want = max(0, int(Decimal(item["forecast_quantity"]).to_integral_value(ROUND_FLOOR)) - 2)
        expected_stock[item["code"]] = want
        got = products[item["code"]]["stock_quantity"]
        check(day, got == want, "%s: store stock %s, Tryton forecast %s (expected %s)" % (
            item["code"], got, item["forecast_quantity"], want))

    # Tryton's list prices are the store's regular prices (the pricing domain), changed ones included.
    templates = t.call("product.product.read", list(day.items[c] for c in day.codes), ["code", "list_price"])
    prices_ok = 0
    for item in templates:
        want = Decimal(item["list_price"]).quantize(Decimal("0.01"))
        got = products[item["code"]]["regular_price"]
        if check(day, got != "" and Decimal(got) == want, "%s: store regular price %r, Tryton list price %s" % (
                item["code"], got, item["list_price"])):
            prices_ok += 1
    day.prices_ok = prices_ok

    # The day's totals, to the cent: orders (eligible orders against their Tryton sales) and stock.
    eligible = [oid for oid, e in day.orders.items() if e == "eligible"]
    day.totals = {
        "orders_store": sum((Decimal(woo[o]["total"]) for o in eligible), Decimal(0)),
        "orders_tryton": sum((Decimal(sale_of["WOO-%d" % o]["total_amount"]) for o in eligible
                              if "WOO-%d" % o in sale_of), Decimal(0)),
        "stock_store": sum(products[i["code"]]["stock_quantity"] or 0 for i in items),
        "stock_tryton": sum(expected_stock.values()),
    }
    check(day, day.totals["orders_store"] == day.totals["orders_tryton"],
          "order totals: the store %(orders_store)s, Tryton %(orders_tryton)s" % day.totals)

    # Shipped sales completed their web orders.
    for oid in day.shipped:
        check(day, woo[oid]["status"] == "completed", "WOO-%d shipped in Tryton but is %s in the store" % (oid, woo[oid]["status"]))

    # Forged deliveries were refused (401) and counted; every genuine one was accepted.
    deliveries = day.sim("GET", "deliveries")
    deliveries = deliveries.get("deliveries", deliveries) if isinstance(deliveries, dict) else deliveries
    answered = [d for d in deliveries if d.get("response_code")]
    forged = [d for d in answered if d.get("forged")]
    check(day, all(d["response_code"] == 401 for d in forged),
          "forged deliveries answered %s" % sorted({d["response_code"] for d in forged}))
    # While its store restarts the service cannot make a delivery durable and answers 503 ("not stored"),
    # which is right: the change still arrives by the poll, and the lost-documents check proves it.
    accepted = {200, 503} if getattr(day, "store_restarted", False) else {200}
    check(day, all(d["response_code"] in accepted for d in answered if not d.get("forged") and d.get("kind") != "ping"),
          "genuine deliveries answered %s" % sorted({d["response_code"] for d in answered if not d.get("forged")}))
    refused = sum(float(line.split()[-1]) for line in day.metrics.decode().splitlines()
                  if line.startswith("syncloom_webhooks_refused_total{"))
    day.forged = len(forged)
    if forged:
        check(day, refused > 0, "forged deliveries were refused but not counted in /metrics")

    # Invalid orders are dead letters with their reasons; ineligible ones were counted as filtered.
    with store_db(day) as db:
        letters = {r["key"]: r for r in db.execute("SELECT key, reason, error FROM dead_letter WHERE domain = 'orders'")}
        filtered = {r[0] for r in db.execute("SELECT source_id FROM inbox WHERE dedupe_scope = 'orders/filtered'")}
    for oid, expect in day.orders.items():
        ref = "WOO-%d" % oid
        if expect == "filtered":
            check(day, str(oid) in filtered, "%s (%s) was not counted as filtered" % (ref, woo[oid]["status"]))
        elif expect != "eligible":
            letter = letters.get(ref)
            check(day, letter is not None and expect in letter["error"],
                  "%s should be a dead letter saying `%s`: %s" % (ref, expect, dict(letter) if letter else "none"))


def summary(day):
    with store_db(day) as db:
        done = db.execute("SELECT domain, outcome, count(*) n FROM work WHERE state = 'done' GROUP BY domain, outcome").fetchall()
        letters = db.execute("SELECT domain, reason, error FROM dead_letter WHERE status = 'open'").fetchall()
    # One line per kind of rejection: the same error at another line index or after another wait is one kind.
    kinds = Counter()
    for r in letters:
        text = re.sub(r"\(waited \d+ s", "(waited N s", re.sub(r"\[\d+\]", "[i]", r["error"]))
        kinds[(r["domain"], r["reason"], text)] += 1
    dead = [{"domain": d, "reason": why, "n": n, "example": text} for (d, why, text), n in
            sorted(kinds.items(), key=lambda kv: (kv[0][0], -kv[1]))]
    with store_db(day) as db:
        intake = db.execute("SELECT dedupe_scope, count(*) n FROM inbox GROUP BY dedupe_scope").fetchall()
        lag = db.execute("SELECT domain, max(finished_at - created_at) worst, avg(finished_at - created_at) mean FROM work"
                         " WHERE state = 'done' AND outcome IN ('synced', 'awaiting', 'done') GROUP BY domain").fetchall()
    per = {}
    for r in done:
        per.setdefault(r["domain"], Counter())[r["outcome"]] = r["n"]
    lags = {r["domain"]: r for r in lag}
    counts = Counter(day.orders.values())
    print()
    print("== trading day: %d orders (%d eligible, %d not eligible, %d invalid), %d customers, %d SIGKILL(s), "
          "%d ERP outage(s), %d forged deliveries refused" % (
              len(day.orders), counts["eligible"], counts["filtered"],
              len(day.orders) - counts["eligible"] - counts["filtered"], len(day.people), day.kills, day.outages,
              getattr(day, "forged", 0)))
    print("  %-16s %7s %9s %9s %11s %11s" % ("domain", "synced", "unchanged", "filtered", "mean lag", "worst lag"))
    filtered = {r["dedupe_scope"].split("/")[0]: r["n"] for r in intake if r["dedupe_scope"].endswith("/filtered")}
    for domain in sorted(set(per) | set(filtered)):
        c, l = per.get(domain, Counter()), lags.get(domain)
        # A workflow's items are its steps: one that wrote and now awaits, or one that finished the instance.
        print("  %-16s %7d %9d %9d %10.1fs %10.1fs" % (domain, c["synced"] + c["awaiting"] + c["done"],
                                                     c["unchanged"] + c["coalesced"],
                                                     filtered.get(domain, 0), (l["mean"] or 0) / 1000 if l else 0,
                                                     (l["worst"] or 0) / 1000 if l else 0))
    print("  rejected (dead-letter queue):")
    for r in dead:
        print("    %-8s %3d x %-21s %s" % (r["domain"], r["n"], r["reason"], r["example"][:110]))
    if not dead:
        print("    none")
    print("  orders in Tryton with the store's untaxed amount, tax and total to the cent: %d of %d" % (
        getattr(day, "money_ok", 0), counts["eligible"]))
    totals = getattr(day, "totals", None)
    if totals:
        print("  totals: orders %s in the store, %s in Tryton; stock %d in the store, %d in Tryton (forecast less"
              " the buffer)" % (totals["orders_store"], totals["orders_tryton"], totals["stock_store"], totals["stock_tryton"]))
    print("  prices: %d of %d store regular prices are Tryton's list price (%d changed late in the day)" % (
        getattr(day, "prices_ok", 0), len(getattr(day, "codes", [])), len(getattr(day, "price_changes", {}))))
    reconciled = getattr(day, "reconciled", None)
    if reconciled:
        print("  reconciliation (end of day, field by field, exact decimals):")
        for domain, r in reconciled.items():
            print("    %-10s %5d records, %5d compared, %d drifted, %d missing in %s, %d missing in %s, money"
                  " difference %s, %.1fs (%.1fs in the APIs)" % (
                      domain, r["owner_records"], r["compared"], r["drifted"], r["missing_in_target"], r["target"],
                      r["missing_in_owner"], r["owner"], r["money_difference"], r["total_seconds"], r["api_seconds"]))
    repaired = getattr(day, "repaired", None)
    if repaired:
        print("  drift made behind the service's back, found and repaired in the owner's direction: %s; then 0 drift" % (
            ", ".join("%s %s" % (d, ", ".join(sorted(r["by_field"]))) for d, r in repaired.items())))
    r = getattr(day, "returns", None)
    if r:
        print("  refunds: %d (%d whole orders), %d Tryton return sales and credit notes to the cent; refunded %s in"
              " the store, %s in Tryton return sales, %s in credit notes; returns instances %s" % (
                  r["refunds"], len(day.full_refunds), r["agreed"], r["store"], r["tryton"], r["credit"],
                  ", ".join("%s %d" % kv for kv in sorted(r["instances"].items()))))
    print("  parties: %d (one per e-mail); shipped in Tryton and completed in the store: %d" % (
        getattr(day, "parties", 0), len(day.shipped)))
    print("  while it ran: metrics at %s/metrics, admin API at %s/v1/admin/status (Bearer token from" % (day.base(), day.base()))
    print("    $SYNCLOOM_ADMIN_TOKEN), logs as JSON lines in %s/run.log" % day.work)
    print("  afterwards:   syncloom status --store %s/syncloom.db" % day.work)
    print("                syncloom dlq list --store %s/syncloom.db" % day.work)


# The domains reconciled at the end of the day: every one whose owner's records the other system copies.
RECONCILED = ("customers", "products", "inventory", "pricing", "orders")


def reconcile(day, repair=True):
    """End of day: a reconcile pass of each domain through the admin API, as an operator would ask for one
    (report only: after the day everything should already agree). Owned fields must show 0 drift."""
    day.reconciled = {}
    for domain in RECONCILED:
        status, answer = day.admin("POST", "/v1/admin/reconcile/%s?wait=true" % domain)
        if status != 200:
            day.failures.append("reconcile %s: %s %s" % (domain, status, str(answer)[:300]))
            continue
        report = answer["report"]
        day.reconciled[domain] = report
        if report["drift_total"]:
            day.failures.append("reconcile %s: %d record(s) drifted (%s), money difference %s; first: %s" % (
                domain, report["drift_total"], ", ".join("%s %d" % kv for kv in sorted(report["by_field"].items())),
                report["money_difference"], json.dumps(report["examples"][:2])[:600]))
    status, answer = day.admin("GET", "/v1/admin/reconcile/inventory")
    check(day, status == 200 and answer["last"]["trigger"] == "admin",
          "GET /v1/admin/reconcile/inventory shows the last pass (%s %s)" % (status, str(answer)[:200]))
    if repair and not day.failures:
        repair_drift(day)


def pass_of(day, domain, repair):
    status, answer = day.admin("POST", "/v1/admin/reconcile/%s?wait=true&repair=%s" % (domain, "true" if repair else "false"))
    if status != 200:
        day.failures.append("reconcile %s: %s %s" % (domain, status, str(answer)[:300]))
        return None
    return answer["report"]


def repair_drift(day):
    """Drift made behind the service's back, on both sides, found field by field and repaired in the
    owner's direction: a product's stock and price edited in the store (Tryton owns both), a party's name
    edited in Tryton (the store owns it). After the repairs a pass finds nothing."""
    product = next(p for p in day.sim("GET", "dump")["products"] if p.get("sku") in day.codes)
    price = Decimal(product["regular_price"])
    day.sim("POST", "products/%d" % product["id"], {"stock_quantity": int(product["stock_quantity"]) + 5,
                                                    "regular_price": str(price + Decimal("1.25"))})
    with store_db(day) as db:
        party = db.execute("SELECT target_id FROM xref WHERE domain = 'customers' ORDER BY key LIMIT 1").fetchone()[0]
    day.tryton.call("party.party.write", [int(party)], {"name": "Edited behind the service's back"})

    stock = pass_of(day, "inventory", True)
    prices = pass_of(day, "pricing", True)
    people = pass_of(day, "customers", True)
    if not (stock and prices and people):
        return
    check(day, stock["by_field"] == {"stock_quantity": 1} and stock["repairs_queued"] == 1,
          "reconcile inventory finds the edited stock and queues one repair: %s" % json.dumps(stock, default=str)[:400])
    # The money difference is the owner's price less the store's: -1.25, exact.
    check(day, prices["by_field"] == {"regular_price": 1} and Decimal(str(prices["money_difference"])) == Decimal("-1.25")
          and prices["repairs_queued"] == 1,
          "reconcile pricing finds the edited price, -1.25: %s" % json.dumps(prices, default=str)[:400])
    check(day, people["by_field"].get("name") == 1 and people["repairs_queued"] == 1,
          "reconcile customers finds the party's name edited in Tryton: %s" % json.dumps(people, default=str)[:400])
    if not wait_idle(day, 120):
        day.failures.append("the reconcile repairs did not finish within 120 s")
        return
    after = {d: pass_of(day, d, False) for d in ("inventory", "pricing", "customers")}
    for domain, report in after.items():
        check(day, report is not None and report["drift_total"] == 0,
              "after the repairs reconcile %s finds no drift: %s" % (domain, json.dumps(report, default=str)[:400]))
    fixed = next(p for p in day.sim("GET", "dump")["products"] if p["id"] == product["id"])
    check(day, Decimal(fixed["regular_price"]) == price and int(fixed["stock_quantity"]) == int(product["stock_quantity"]),
          "the store's product is Tryton's again: %s %s" % (fixed["regular_price"], fixed["stock_quantity"]))
    name = day.tryton.call("party.party.read", [int(party)], ["name"])[0]["name"]
    check(day, name != "Edited behind the service's back", "the party's name is the store's again (%s)" % name)
    day.repaired = {"inventory": stock, "pricing": prices, "customers": people}
    metrics = day.admin("GET", "/metrics")[1].decode()
    check(day, 'syncloom_reconcile_repairs_total{domain="pricing"} 1' in metrics,
          "syncloom_reconcile_repairs_total counts the pricing repair")


def workflow_counts(day):
    with store_db(day) as db:
        return dict(db.execute("SELECT status, count(*) FROM workflow_instance WHERE workflow = 'returns' GROUP BY status"))


def wait_returns(day, timeout):
    """Until every refund has its instance waiting for the parcel (the return sale is in Tryton)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        c = workflow_counts(day)
        if c.get("awaiting", 0) + c.get("done", 0) + c.get("failed", 0) >= len(day.refunds) and unfinished(day) == 0:
            return True
        time.sleep(1)
    return False


def verify_returns(day):
    """Each refund is one Tryton return sale with its credit note, both to the refund's amount to the cent;
    each instance is done once its parcel came back; the refund totals agree."""
    t = day.tryton
    sales = t.search_read("sale.sale", [["reference", "like", "WOO-R-%"]],
                          ["reference", "state", "total_amount", "invoices"])
    by_ref = Counter(s["reference"] for s in sales)
    sale_of = {s["reference"]: s for s in sales}
    store_total, tryton_total, credit_total, agreed = Decimal(0), Decimal(0), Decimal(0), 0
    for refund_id, (order_id, amount) in day.refunds.items():
        ref = "WOO-R-%d-%d" % (order_id, refund_id)
        store_total += Decimal(amount)
        if not check(day, by_ref[ref] == 1, "%s is in Tryton %d times" % (ref, by_ref[ref])):
            continue
        s = sale_of[ref]
        tryton_total += -s["total_amount"]
        check(day, s["state"] in ("processing", "done"), "%s is %s in Tryton" % (ref, s["state"]))
        notes = t.call("account.invoice.read", s["invoices"], ["total_amount"]) if s["invoices"] else []
        credit = sum((n["total_amount"] for n in notes), Decimal(0))
        credit_total += -credit
        if check(day, s["total_amount"] == -Decimal(amount) and credit == -Decimal(amount),
                 "%s: the store refunded %s, Tryton's return sale is %s and its credit notes %s" % (
                     ref, amount, s["total_amount"], credit)):
            agreed += 1
    check(day, len(sales) == len(day.refunds), "%d return sales in Tryton for %d refunds" % (len(sales), len(day.refunds)))
    check(day, store_total == tryton_total == credit_total,
          "refund totals: the store %s, Tryton return sales %s, credit notes %s" % (store_total, tryton_total, credit_total))
    counts = workflow_counts(day)
    check(day, counts.get("done", 0) == len(day.refunds), "returns instances by status: %s" % counts)
    day.returns = {"refunds": len(day.refunds), "agreed": agreed, "store": store_total, "tryton": tryton_total,
                   "credit": credit_total, "instances": counts}
