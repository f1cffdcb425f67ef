#!/usr/bin/env python3
"""The chaos suite: `syncloom run` between the store simulator and a real Tryton of its own while everything
that can go wrong does, on SQLite and/or PostgreSQL; then nothing may be lost, doubled or out of order.

What it does to the service (seeded: the same --seed makes the same faults, orders and kill points):
- webhooks duplicated three times (the simulator's duplicate_share, then every genuine delivery replayed
  twice more by this script, shuffled) and reordered (the simulator serves its queue newest first);
- 30 % of the store's API answers 429 or 5xx (the simulator's faults);
- Tryton behind tests/chaos/fault_proxy.py: 30 % of JSON-RPC requests get a 429/5xx, are dropped, reset,
  delayed, or forwarded with only part of the answer written back;
- a 60-second Tryton outage (the proxy resets every connection) while orders flow;
- 10 SIGKILLs of `syncloom run` mid-batch, each followed by a restart (on PostgreSQL: two workers on one
  database, the kills alternate between them), and on PostgreSQL one server restart mid-run;
- orders updated after they synced (on-hold -> processing, a new customer note), so versions race;
- malformed payloads (signed, but no record) and forged signatures posted to the webhook endpoint.
Then, reading Tryton over its own JSON-RPC and the store directly:
- lost: eligible orders with no Tryton sale; duplicate: sales beyond one per order reference;
- out of order: a sale whose shipment method or comment is not the store's last version of the order, or
  an order key whose audit trail wrote an older version after a newer one (date_modified_gmt of the event);
- every malformed payload a dead letter (domain !malformed) with a reason; every forged delivery refused
  (401) and counted in /metrics; plus trading_day's checks (day_checks.verify: amounts, parties, stock...).

  chaos.py --syncloom B --woosim B --repo R [--store sqlite|postgres|both] [--seed N] [--orders 70]
Prints a table of figures per store; exit 0 only with 0 lost, 0 duplicate, 0 out of order, every malformed
payload dead-lettered and every forged one refused (and day_checks passing); 1 otherwise.
"""
import argparse
import base64
import hashlib
import hmac
import json
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
sys.path.insert(0, os.path.join(here, "..", "e2e"))
import day_checks  # noqa: E402
import day_trade  # noqa: E402
from fault_proxy import FaultProxy  # noqa: E402
from trading_day import Day, http, log, free_port  # noqa: E402
import pgstore  # noqa: E402

KILLS = 10
OUTAGE_S = 60
WOO_FAULTS = {"duplicate_share": 0.3, "reorder": True, "delay_ms": 20, "forge_share": 0.05,
              "rate_limit_share": 0.15, "server_error_share": 0.15, "retry_after": 1}
TRYTON_FAULTS = {"error": 0.15, "drop": 0.04, "reset": 0.04, "partial": 0.04, "delay": 0.03}
SHIP_WHEN = {"processing": "order", "on-hold": "invoice"}


class Chaos:
    """One run on one store: the Day of trading_day.py plus the proxy, the extra worker and the figures."""

    def __init__(self, a, store):
        self.a, self.store = a, store
        self.day = Day(argparse.Namespace(syncloom=a.syncloom, woosim=a.woosim, repo=a.repo, tryton_dir=None,
                                          ref_wait=a.ref_wait, seed=a.seed, work=None))
        self.rng = self.day.rng
        self.proxy = None
        self.pg = None
        self.workers = []         # [(process, config)] beyond the Day's own (PostgreSQL: the second worker)
        self.replayed_seq = set()
        self.f = Counter()        # figures
        self.malformed = []       # (nonce, body) posted
        self.forged_since_restart = 0
        self.violations = []

    # --- set-up ----------------------------------------------------------------------------------------
    def start(self):
        d = self.day
        d.start_woosim()
        d.write_config()
        self.proxy = FaultProxy(d.setup["url"], seed=self.a.seed)
        text = open(d.config).read().replace("url: %s\n" % d.setup["url"].rstrip("/"), "url: %s\n" % self.proxy.url)
        if self.store == "postgres":
            self.pg = pgstore.Cluster(self.a.repo, os.path.join(d.work, "pg"))
            url = self.pg.create_database("chaos")
            text = text.replace("store: %s/syncloom.db\n" % d.work, "store: %s\n" % url)
            day_checks.store_db = lambda day: pgstore.Db(url)  # the checks read the store through psql
        open(d.config, "w").write(text)
        day_trade.seed_tryton(d)
        d.start_sync()
        if self.store == "postgres":
            self.start_second_worker()
        d.apply_webhooks()
        day_trade.wait_for_catalogue(d)
        day_trade.store_only_products(d)
        day_trade.customers(d, self.a.customers)

    def start_second_worker(self):
        d = self.day
        config = os.path.join(d.work, "syncloom-2.yaml")
        port = free_port()
        open(config, "w").write(open(d.config).read().replace("listen: 127.0.0.1:%d\n" % d.port, "listen: 127.0.0.1:%d\n" % port))
        p = subprocess.Popen([self.a.syncloom, "run", "--config", config], env=d.env, stdout=d.sync_log, stderr=d.sync_log)
        for _ in range(600):
            try:
                if http("GET", "http://127.0.0.1:%d/ready" % port, timeout=2)[0] == 200:
                    break
            except OSError:
                pass
            if p.poll() is not None:
                raise RuntimeError("the second worker exited with %s" % p.returncode)
            time.sleep(0.1)
        self.workers = [(p, config)]

    # --- faults ----------------------------------------------------------------------------------------
    def faults_on(self):
        self.day.sim("POST", "faults", dict(WOO_FAULTS, seed=self.a.seed))
        self.proxy.set_rates(**TRYTON_FAULTS)

    def faults_off(self):
        for _ in range(20):
            try:
                self.day.sim("DELETE", "faults")
                break
            except RuntimeError:
                time.sleep(0.2)
        self.proxy.clear()

    def kill(self):
        """SIGKILL one worker while work is in flight, trade on while it is down, restart it."""
        d = self.day
        victim = 1 if self.workers and self.f["kills"] % 2 else 0
        if victim == 0:
            d.kill_sync()
        else:
            p, config = self.workers[0]
            p.kill()
            p.wait()
        self.f["kills"] += 1
        for _ in range(self.rng.randrange(0, 3)):
            day_trade.place_order(d)
        if victim == 0:
            d.start_sync()
            d.apply_webhooks()  # the store disables a webhook after failed deliveries
            self.forged_since_restart = 0
        else:
            self.start_second_worker()
        log("kill %2d: worker %d SIGKILLed mid-batch and restarted (%d orders so far)" % (self.f["kills"], victim + 1, len(d.orders)))

    # --- webhook traffic of our own ----------------------------------------------------------------------
    def post_webhook(self, body, topic, secret, resource="order", tries=50):
        headers = {"X-WC-Webhook-Topic": topic, "X-WC-Webhook-Resource": resource,
                   "X-WC-Webhook-Event": topic.split(".")[-1], "X-WC-Webhook-ID": "1",
                   "X-WC-Webhook-Source": self.day.woo + "/", "Content-Type": "application/json",
                   "X-WC-Webhook-Signature": base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()}
        for _ in range(tries):
            try:
                request = urllib.request.Request(self.day.base() + "/webhooks/woo", body, headers, method="POST")
                with urllib.request.urlopen(request, timeout=30) as answer:
                    return answer.status
            except urllib.error.HTTPError as e:
                if e.code < 500:
                    return e.code
            except OSError:
                pass  # the worker is being restarted
            time.sleep(0.2)
        return 0

    def replay(self, times=2):
        """Every genuine delivery the store made since the last call, `times` more, shuffled."""
        deliveries = self.day.sim("GET", "deliveries")
        fresh = [x for x in deliveries if x.get("kind") == "delivery" and not x.get("forged") and x["seq"] not in self.replayed_seq]
        self.replayed_seq.update(x["seq"] for x in fresh)
        batch = fresh * times
        self.rng.shuffle(batch)
        for x in batch:
            status = self.post_webhook(x["body"].encode(), x["topic"], self.day.env["WOO_WEBHOOK_SECRET"], x["resource"])
            self.f["replayed"] += 1
            self.f["replay_acked"] += status == 200

    def post_malformed(self):
        n = len(self.malformed)
        nonce = "chaos-%s-%d" % (self.day.run_id, n)
        kind = n % 4
        if kind == 0:
            body, topic = json.dumps({"nonce": nonce, "note": "no id"}), "order.updated"
        elif kind == 1:
            body, topic = json.dumps({"id": 10 ** 6 + n, "nonce": nonce}), "order.exploded"
        elif kind == 2:
            body, topic = json.dumps([n, nonce]), "order.updated"
        else:
            body, topic = '{"id": %d,, "nonce": "%s"}' % (n, nonce), "order.updated"  # invalid JSON, not cut off
        status = self.post_webhook(body.encode(), topic, self.day.env["WOO_WEBHOOK_SECRET"])
        self.malformed.append((nonce, body, status))

    def post_forged(self):
        orders = self.day.sim("GET", "dump")["orders"]
        body = json.dumps(self.rng.choice(orders), default=str).encode()
        wrong = "not-" + self.day.env["WOO_WEBHOOK_SECRET"] if self.rng.random() < 0.5 else "guess%d" % self.rng.randrange(10**6)
        status = self.post_webhook(body, "order.updated", wrong)
        self.f["forged_posted"] += 1
        self.f["forged_refused"] += status == 401
        self.forged_since_restart += 1

    def update_some(self):
        """New versions of synced orders: on-hold ones paid, processing ones given a customer note (twice)."""
        d = self.day
        eligible = [o for o, e in d.orders.items() if e == "eligible"]
        for oid in self.rng.sample(eligible, min(2, len(eligible))):
            order = d.sim("GET", "dump")["orders"]
            status = next(o["status"] for o in order if o["id"] == oid)
            if status == "on-hold":
                d.sim("POST", "orders/%d" % oid, {"status": "processing"})
            else:
                # Two versions a second or more apart: WooCommerce's date_modified counts whole seconds, and
                # the orders domain deduplicates on (id, date_modified_gmt), so two edits within one second
                # are one version to it (see --same-second).
                gap = self.rng.uniform(0.0, 0.9) if self.a.same_second else self.rng.uniform(1.1, 1.6)
                d.sim("POST", "orders/%d" % oid, {"customer_note": "chaos %d v1 of %d" % (self.f["updates"], oid)})
                time.sleep(gap)
                d.sim("POST", "orders/%d" % oid, {"customer_note": "chaos %d v2 of %d" % (self.f["updates"], oid)})
            self.f["updates"] += 1

    # --- the run -----------------------------------------------------------------------------------------
    def trade(self):
        d, n_orders = self.day, self.a.orders
        kill_at = set(self.rng.sample(range(4, n_orders - 2), KILLS))
        outage_at, restart_at = n_orders // 3, n_orders * 3 // 5
        self.faults_on()
        started = time.time()
        outage_until = 0
        for n in range(n_orders):
            day_trade.place_order(d)
            if n % 6 == 5:
                self.update_some()
            if n % 8 == 3:
                self.post_malformed()
            if n % 9 == 4:
                self.post_forged()
            if n % 10 == 9:
                self.replay()
            if n == outage_at:
                self.proxy.outage(OUTAGE_S, "refuse")
                outage_until = time.time() + OUTAGE_S
                log("Tryton unreachable for %d s (the proxy resets every connection); trading goes on" % OUTAGE_S)
            if n == restart_at and self.pg:
                self.pg.restart()
                self.day.store_restarted = True  # deliveries meanwhile are answered 503 (day_checks)
                self.f["pg_restarts"] += 1
                log("PostgreSQL restarted")
            # Kills land during the outage too: a restarted service into an outage spends no attempts on the
            # unreachable Tryton, and its ref() waits go on from their first miss (docs/testing.md "Chaos").
            if n in kill_at:
                time.sleep(self.rng.uniform(0.2, 1.5))  # work claimed and in flight
                self.kill()
            time.sleep(self.a.pace)
        # The backlog the outage left drains; then the faults stop and everything sent in the day is
        # received three times.
        time.sleep(max(0.0, outage_until - time.time()))
        self.faults_off()
        d.sim("POST", "deliveries/drain", {"timeout_ms": 20000})
        self.replay()
        for _ in range(4):
            self.post_malformed()
            self.post_forged()
        self.f["trade_s"] = time.time() - started
        log("traded %d orders in %.0f s; waiting for the sync to settle" % (len(d.orders), self.f["trade_s"]))
        if not self.settle(self.a.timeout):
            return False
        self.replay()  # deliveries of the settling sync, too
        self.settle(90)
        d.metrics = d.admin("GET", "/metrics")[1]
        return True

    def settle(self, timeout):
        """day_checks.wait_idle, saying which of its conditions never held (deliveries or work)."""
        d, deadline, quiet, seen = self.day, time.time() + timeout, 0, None
        while time.time() < deadline:
            drain = d.sim("POST", "deliveries/drain", {"timeout_ms": 2000})
            left = day_checks.unfinished(d)
            state = (bool(drain.get("drained")), left)
            if state != seen:
                log("  settling: store deliveries %s, %d work items unfinished" % (
                    "drained" if state[0] else "pending %s" % drain.get("pending"), left))
                seen = state
            quiet = quiet + 1 if state == (True, 0) else 0
            if quiet >= 8:
                return True
            time.sleep(1)
        self.violations.append("not everything was synced within %d s (store deliveries %s, %d work items unfinished)" % (
            timeout, "drained" if seen[0] else "pending", seen[1]))
        return False

    # --- the checks ----------------------------------------------------------------------------------------
    def check(self):
        d = self.day
        woo = {o["id"]: o for o in d.sim("GET", "dump")["orders"]}
        sales = d.tryton.search_read("sale.sale", [["reference", "like", "WOO-%"]], ["reference", "shipment_method", "comment"])
        per_ref = Counter(s["reference"] for s in sales)
        sale_of = {s["reference"]: s for s in sales}
        eligible = [o for o, e in d.orders.items() if e == "eligible"]
        self.f["orders"], self.f["eligible"] = len(d.orders), len(eligible)
        self.f["lost"] = sum(per_ref["WOO-%d" % o] == 0 for o in eligible)
        self.f["duplicate"] = sum(n - 1 for r, n in per_ref.items() if n > 1 and not r.startswith("WOO-R-"))
        stale = []
        for o in eligible:
            s, order = sale_of.get("WOO-%d" % o), woo[o]
            if s and (s["shipment_method"] != SHIP_WHEN.get(order["status"], s["shipment_method"])
                      or (s["comment"] or "") != (order["customer_note"] or "")):
                stale.append("WOO-%d: Tryton %s/%r, the store %s/%r" % (o, s["shipment_method"], s["comment"],
                                                                        order["status"], order["customer_note"]))
        # Per key, the versions written in the audit trail only go forward.
        with day_checks.store_db(d) as db:
            writes = db.execute("SELECT a.id, a.key, a.work_id, i.payload FROM audit a JOIN work w ON w.id = a.work_id"
                                " JOIN inbox i ON i.id = w.event_id WHERE a.action = 'write' AND a.domain = 'orders'"
                                " ORDER BY a.id").fetchall()
        last, backwards, per_item = {}, [], Counter()
        for r in writes:
            per_item[r["work_id"]] += 1
            try:
                version = json.loads(r["payload"]).get("date_modified_gmt")
            except (ValueError, AttributeError):
                version = None
            if version is None:
                continue
            if r["key"] in last and version < last[r["key"]]:
                backwards.append("%s: wrote %s after %s" % (r["key"], version, last[r["key"]]))
            last[r["key"]] = max(version, last.get(r["key"], version))
        self.f["out_of_order"] = len(stale) + len(backwards)
        self.f["written_twice"] = sum(n - 1 for n in per_item.values() if n > 1)
        self.f["versions_written"] = len(writes)
        for what, items in (("not the store's last version", stale), ("written backwards", backwards)):
            if items:
                self.violations.append("%d orders %s: %s" % (len(items), what, "; ".join(items[:5])))
        if self.f["written_twice"]:
            self.violations.append("%d order work items written more than once (audit)" % self.f["written_twice"])
        self.check_malformed()
        self.check_forged()
        before = len(d.failures)
        day_checks.verify(d)
        day_checks.reconcile(d, repair=False)  # after the faults, both systems agree field by field
        reconciled = getattr(d, "reconciled", {})
        self.f["reconciled"] = sum(r["compared"] for r in reconciled.values())
        self.f["drift"] = sum(r["drift_total"] for r in reconciled.values()) if reconciled else "-"
        self.violations += d.failures[before:]

    def check_malformed(self):
        status, listing = self.day.admin("GET", "/v1/admin/dlq?domain=%21malformed&all=true&limit=100000")
        letters = listing.get("dead_letters", []) if isinstance(listing, dict) else []
        found = {}
        for letter in letters:
            status, full = self.day.admin("GET", "/v1/admin/dlq/%s" % letter["id"])
            text = json.dumps(full, default=str)
            for nonce, _, _ in self.malformed:
                if nonce in text:
                    found[nonce] = (letter.get("reason") or "") + (letter.get("error") or "")
        self.f["malformed_posted"] = len(self.malformed)
        self.f["malformed_dlq"] = sum(1 for nonce, _, _ in self.malformed if found.get(nonce))
        missing = [(nonce, status) for nonce, _, status in self.malformed if not found.get(nonce)]
        if missing:
            self.violations.append("%d malformed payloads not in the dead-letter queue with a reason: %s" % (len(missing), missing[:5]))

    def check_forged(self):
        d = self.day
        deliveries = d.sim("GET", "deliveries")
        forged = [x for x in deliveries if x.get("forged") and x.get("response_code")]
        self.f["sim_forged"] = len(forged)
        self.f["sim_forged_refused"] = sum(x["response_code"] == 401 for x in forged)
        refused = sum(float(line.split()[-1]) for line in d.metrics.decode().splitlines()
                      if line.startswith("syncloom_webhooks_refused_total{") and 'reason="forged"' in line)
        self.f["forged_counted"] = int(refused)
        if self.f["forged_refused"] != self.f["forged_posted"]:
            self.violations.append("%d of %d forged posts refused" % (self.f["forged_refused"], self.f["forged_posted"]))
        if self.f["sim_forged_refused"] != self.f["sim_forged"]:
            self.violations.append("%d of %d forged store deliveries refused" % (self.f["sim_forged_refused"], self.f["sim_forged"]))
        if refused < self.forged_since_restart:
            self.violations.append("/metrics counts %d forged refusals, %d were posted since the last restart" % (refused, self.forged_since_restart))

    def close(self):
        for p, _ in self.workers:
            if p.poll() is None:
                p.terminate()
                p.wait(timeout=60)
        self.day.close()
        if self.proxy:
            self.f.update({"tryton_" + k: v for k, v in self.proxy.counts.items()})
            self.proxy.close()
        if self.pg:
            self.pg.stop()


def run(a, store):
    started = time.time()
    c = Chaos(a, store)
    log("== chaos on %s (seed %d), work in %s" % (store, a.seed, c.day.work))
    try:
        c.start()
        if c.trade():
            c.check()
    except Exception as e:  # a set-up failure is a failed run, reported with the others
        c.violations.append("%s: %s" % (type(e).__name__, e))
    finally:
        c.close()
    c.f["run_s"] = time.time() - started
    if not c.violations and not a.keep:
        shutil.rmtree(c.day.work, ignore_errors=True)
    return c


ROWS = [("orders placed / eligible", "orders", "eligible"), ("lost ERP documents", "lost", None),
        ("duplicate ERP documents", "duplicate", None), ("out-of-order ERP documents", "out_of_order", None),
        ("order versions written (audit)", "versions_written", None), ("updates of synced orders", "updates", None),
        ("malformed posted / dead-lettered", "malformed_posted", "malformed_dlq"),
        ("forged posted / refused 401", "forged_posted", "forged_refused"),
        ("store-forged deliveries / refused", "sim_forged", "sim_forged_refused"),
        ("deliveries replayed / acked", "replayed", "replay_acked"), ("SIGKILLs", "kills", None),
        ("PostgreSQL restarts", "pg_restarts", None), ("Tryton outage requests refused", "tryton_outage", None),
        ("Tryton 429/5xx injected", "tryton_error", None), ("Tryton drops / resets", "tryton_drop", "tryton_reset"),
        ("Tryton partial / delayed", "tryton_partial", "tryton_delay"), ("Tryton requests passed", "tryton_pass", None),
        ("reconciled records / drift", "reconciled", "drift"), ("trading / whole run (s)", "trade_s", "run_s")]


def table(runs):
    print("\n== chaos figures")
    print("  %-36s" % "" + "".join("%18s" % c.store for c in runs))
    for label, first, second in ROWS:
        cells = []
        for c in runs:
            v = "%.0f" % c.f[first] if isinstance(c.f[first], float) else str(c.f[first])
            if second:
                w = c.f[second]
                v += " / " + ("%.0f" % w if isinstance(w, float) else str(w))
            cells.append("%18s" % v)
        print("  %-36s" % label + "".join(cells))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--syncloom", required=True)
    p.add_argument("--woosim", required=True)
    p.add_argument("--repo", required=True)
    p.add_argument("--store", choices=["sqlite", "postgres", "both"], default="sqlite")
    p.add_argument("--seed", type=int, default=11)
    p.add_argument("--orders", type=int, default=70)
    p.add_argument("--customers", type=int, default=12)
    p.add_argument("--pace", type=float, default=0.3, help="seconds between orders")
    p.add_argument("--timeout", type=int, default=420, help="seconds for the sync to settle")
    p.add_argument("--ref-wait", type=int, default=120,
                   help="the service's ref_wait, seconds: longer than the outage, or orders of customers the outage held up die")
    p.add_argument("--same-second", action="store_true",
                   help="also make two versions of an order within one second (one date_modified_gmt)")
    p.add_argument("--keep", action="store_true", help="keep the work folder of a run that passed")
    a = p.parse_args()
    stores = ["sqlite", "postgres"] if a.store == "both" else [a.store]
    runs = [run(a, s) for s in stores]
    table(runs)
    failed = False
    for c in runs:
        if c.violations:
            failed = True
            print("\nFAILED on %s: %d violation(s) (work folder %s)" % (c.store, len(c.violations), c.day.work))
            for v in c.violations[:40]:
                print("  - " + v)
    if not failed:
        print("\nchaos: all checks passed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
