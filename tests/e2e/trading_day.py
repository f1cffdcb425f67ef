#!/usr/bin/env python3
"""A simulated trading day through `syncloom run`, between the store simulator and a real Tryton.

Seeds Tryton's items and stock, starts the service on SQLite, registers its webhooks, then trades:
registered and guest customers, orders in every status (and a few invalid ones), stock received in
Tryton, shipments made in Tryton. Optionally with webhook faults (duplicated, reordered, dropped), 30 %
429/5xx from the store, forged deliveries, an outage of Tryton late in the day, and a SIGKILL of the
service half way followed by a restart. Waits until
everything is synced, then checks both systems (independently of syncloom's connectors: Tryton over
its own JSON-RPC, the store through the simulator's control API) and prints a summary.

  trading_day.py --syncloom B --woosim B --repo R [--tryton-dir D] [--orders 200] [--customers 50]
                 [--kill-midway] [--faults] [--outage 60] [--seed 1] [--work DIR]
Exit 0 when every check holds; 1 with the failed checks listed.
"""
import argparse
import json
import os
import random
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from decimal import Decimal, ROUND_FLOOR

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tryton_rpc import Tryton  # noqa: E402

SAFETY_BUFFER = 2  # mappings/woocommerce-tryton.loom, domain inventory: stock_level(forecast, 2)
ELIGIBLE = ("processing", "on-hold")


def log(*parts):
    print(*parts, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http(method, url, body=None, headers=None, timeout=60):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data, {"Content-Type": "application/json", **(headers or {})}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            text = answer.read()
            return answer.status, json.loads(text, parse_float=Decimal) if text.strip().startswith((b"{", b"[")) else text
    except urllib.error.HTTPError as e:
        return e.code, e.read()


class Day:
    def __init__(self, a):
        self.a = a
        self.rng = random.Random(a.seed)
        # Unique per run, so runs against one Tryton never share a code, an e-mail or a reference.
        self.run_id = "%x" % (int(time.time() * 1000) % (1 << 40))
        self.work = os.path.abspath(a.work) if a.work else tempfile.mkdtemp(prefix="trading-day-")
        os.makedirs(self.work, exist_ok=True)
        self.env = dict(os.environ, WOO_CONSUMER_KEY="ck_day%d" % self.rng.randrange(10**9),
                        WOO_CONSUMER_SECRET="cs_day%d" % self.rng.randrange(10**9),
                        WOO_WEBHOOK_SECRET="wh_day%d" % self.rng.randrange(10**9),
                        TRYTON_PASSWORD=os.environ.get("TRYTON_ADMIN_PASSWORD", "admin"),
                        SYNCLOOM_ADMIN_TOKEN="adm_day%d" % self.rng.randrange(10**9))
        self.own_tryton = not a.tryton_dir
        if self.own_tryton:
            # A Tryton of its own: the store simulator's ids start again at every run, and so would the
            # parties' codes and the sales' references in a shared database.
            a.tryton_dir = os.path.join(self.work, "tryton")
            subprocess.run([os.path.join(a.repo, "scripts", "tryton"), "start", a.tryton_dir], check=True,
                           stdout=subprocess.DEVNULL)
        self.setup = json.load(open(os.path.join(a.tryton_dir, "setup.json")))
        self.tryton = Tryton(self.setup["url"], self.setup["database"], password=self.env["TRYTON_PASSWORD"])
        self.tryton.context["locations"] = [self.setup["warehouse"]]
        self.woosim = self.sync = None
        self.port = free_port()
        self.kills = 0
        self.outages = 0
        self.metrics = b""
        self.orders = {}      # woo order id -> what was meant: "eligible", "filtered", or the rejection expected
        self.shipped = set()  # woo order ids whose Tryton sale was shipped
        self.refunds = {}     # woo refund id -> (order id, amount), made by refund_some
        self.full_refunds = set()  # woo order ids refunded whole
        self.price_changes = {}    # item code -> the new Tryton list price
        self.failures = []

    # --- processes ---------------------------------------------------------------------------------
    def start_woosim(self):
        out = open(os.path.join(self.work, "woosim.out"), "w")
        self.woosim = subprocess.Popen([self.a.woosim, "--port", "0", "--key", self.env["WOO_CONSUMER_KEY"], "--secret",
                                        self.env["WOO_CONSUMER_SECRET"], "--webhook-secret", self.env["WOO_WEBHOOK_SECRET"]],
                                       stdout=out, stderr=open(os.path.join(self.work, "woosim.log"), "w"))
        for _ in range(200):
            text = open(os.path.join(self.work, "woosim.out")).read()
            if "listening on " in text:
                self.woo = text.split("listening on ")[1].split()[0].rstrip("/")
                return
            time.sleep(0.05)
        raise RuntimeError("the simulator did not start")

    def write_config(self):
        self.config = os.path.join(self.work, "syncloom.yaml")
        with open(self.config, "w") as f:
            f.write("""mappings: [%(repo)s/mappings/woocommerce-tryton.loom]
store: %(work)s/syncloom.db
listen: 127.0.0.1:%(port)d
admin_token: ${SYNCLOOM_ADMIN_TOKEN}
workers: 4
ref_wait: %(ref_wait)ds
poll_interval: 1s
lease: 5s
systems:
  woo:
    url: %(woo)s
    consumer_key: ${WOO_CONSUMER_KEY}
    consumer_secret: ${WOO_CONSUMER_SECRET}
    webhook_secret: ${WOO_WEBHOOK_SECRET}
    poll_interval: 5s
    budget: {concurrency: 4, rate: 200/s}
  erp:
    url: %(erp)s
    database: %(db)s
    user: admin
    password: ${TRYTON_PASSWORD}
    budget: {concurrency: 4, rate: 100/s}
""" % {"repo": self.a.repo, "work": self.work, "port": self.port, "woo": self.woo, "ref_wait": self.a.ref_wait,
       "erp": self.setup["url"].rstrip("/"), "db": self.setup["database"]})

    def syncloom(self, *args, check=True):
        p = subprocess.run([self.a.syncloom, *args], env=self.env, capture_output=True, text=True)
        if check and p.returncode != 0:
            raise RuntimeError("syncloom %s: %s%s" % (" ".join(args), p.stdout, p.stderr))
        return p.stdout

    def apply_webhooks(self):
        """`connectors webhooks --apply`, again after a 429 or 5xx (the store may be faulty on purpose)."""
        for attempt in range(20):
            p = subprocess.run([self.a.syncloom, "connectors", "webhooks", "--apply", "--delivery-url",
                                self.base() + "/webhooks/woo", "-c", self.config], env=self.env, capture_output=True, text=True)
            if p.returncode == 0:
                return
            time.sleep(0.5)
        raise RuntimeError("connectors webhooks --apply: %s%s" % (p.stdout, p.stderr))

    def start_sync(self):
        self.sync_log = open(os.path.join(self.work, "run.log"), "a")
        self.sync = subprocess.Popen([self.a.syncloom, "run", "--config", self.config], env=self.env,
                                     stdout=self.sync_log, stderr=self.sync_log)
        for _ in range(600):
            try:
                if http("GET", self.base() + "/ready", timeout=2)[0] == 200:
                    return
            except OSError:
                pass
            if self.sync.poll() is not None:
                raise RuntimeError("syncloom run exited with %s (see %s/run.log)" % (self.sync.returncode, self.work))
            time.sleep(0.1)
        raise RuntimeError("syncloom run did not become ready")

    def kill_sync(self):
        self.sync.send_signal(signal.SIGKILL)
        self.sync.wait()
        self.kills += 1

    def stop_sync(self):
        if self.sync and self.sync.poll() is None:
            self.sync.send_signal(signal.SIGTERM)
            try:
                code = self.sync.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.sync.kill()
                code = "killed after 60 s"
            if code != 0:
                self.failures.append("syncloom run did not exit 0 on SIGTERM: %s" % code)

    def close(self):
        self.stop_sync()
        if self.woosim and self.woosim.poll() is None:
            self.woosim.terminate()
            self.woosim.wait()
        if self.own_tryton:
            subprocess.run([os.path.join(self.a.repo, "scripts", "tryton"), "stop", self.a.tryton_dir],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def base(self):
        return "http://127.0.0.1:%d" % self.port

    def admin(self, method, path, body=None):
        return http(method, self.base() + path, body, {"Authorization": "Bearer " + self.env["SYNCLOOM_ADMIN_TOKEN"]})

    def sim(self, method, path, body=None):
        status, answer = http(method, self.woo + "/__sim/" + path, body)
        if status >= 300:
            raise RuntimeError("simulator %s %s: %s %s" % (method, path, status, answer))
        return answer


def realtime_api(day):
    """POST /v1/sync/DOMAIN: a record mapped and written within the request, answered with Tryton's id or
    the rejection; and refused without the bearer token."""
    email = "walk.in.%s@example.com" % day.run_id
    record = {"id": 9000, "email": email, "first_name": "Walk", "last_name": "In", "date_modified_gmt": "2026-12-01T10:00:00",
              "billing": {"first_name": "Walk", "last_name": "In", "company": "", "email": email, "phone": "",
                          "address_1": "1 Main St", "address_2": "", "city": "Springfield", "postcode": "12345",
                          "country": "US", "state": "CA"}}
    status, answer = day.admin("POST", "/v1/sync/customers", record)
    ok = status == 200 and isinstance(answer, dict) and answer.get("state") == "done" and answer.get("target_id")
    if not ok:
        day.failures.append("realtime sync of a customer: %s %s" % (status, answer))
        return
    parties = day.tryton.search_read("party.party", [["id", "=", int(answer["target_id"])]], ["name"])
    if not parties or parties[0]["name"] != "Walk In":
        day.failures.append("realtime sync answered party %s, Tryton has %s" % (answer["target_id"], parties))
    status, answer = day.admin("POST", "/v1/sync/customers", dict(record, id=9001, email=None))
    answer = json.loads(answer) if isinstance(answer, bytes) else answer
    if status != 422 or "email" not in answer.get("error", ""):
        day.failures.append("realtime sync of a customer without e-mail: %s %s" % (status, answer))
    status, _ = http("POST", day.base() + "/v1/sync/customers", record)
    if status != 401:
        day.failures.append("realtime sync without the token answered %s" % status)
    log("realtime API: a customer synced to party %s within the request; a bad one refused with 422" % parties[0]["id"])


def trade(day):
    import day_trade as trade_
    import day_checks as checks
    a = day.a
    day.start_woosim()
    day.write_config()
    trade_.seed_tryton(day)
    day.syncloom("run", "--config", day.config, "--check")
    day.start_sync()
    day.apply_webhooks()
    trade_.wait_for_catalogue(day)
    log("catalogue: %d Tryton items in the store, priced and stocked" % len(day.codes))
    realtime_api(day)
    trade_.store_only_products(day)
    trade_.customers(day, a.customers)
    if a.faults:
        # Webhooks duplicated, served newest first, some dropped; a third of API calls refused.
        day.sim("POST", "faults", {"seed": a.seed, "duplicate_share": 0.2, "reorder": True, "drop_share": 0.05,
                                   "forge_share": 0.05, "delay_ms": 20, "rate_limit_share": 0.15,
                                   "server_error_share": 0.15, "retry_after": 1})
    half = a.orders // 2
    for n in range(a.orders):
        trade_.place_order(day)
        if a.kill_midway and n == half:
            time.sleep(day.rng.uniform(0.5, 3.0))  # while work is in flight
            day.kill_sync()
            log("SIGKILL of syncloom run after %d orders; trading goes on while it is down" % (n + 1))
            for _ in range(5):
                trade_.place_order(day)
            day.start_sync()
            # The store disables a webhook after failed deliveries: enable it again, as an operator would.
            day.apply_webhooks()
            log("syncloom run restarted on the same store")
        if n == a.orders * 3 // 4:
            trade_.receive_stock(day, {c: day.rng.randrange(5, 40) for c in day.rng.sample(day.codes, 4)})
        if a.outage and n == a.orders * 4 // 5:
            outage_until = time.time() + a.outage
            subprocess.run([os.path.join(a.repo, "scripts", "tryton"), "stop", a.tryton_dir], check=True)
            log("Tryton is down for %d s; trading goes on" % a.outage)
        time.sleep(a.pace)
    if a.outage:
        time.sleep(max(0.0, outage_until - time.time()))
        subprocess.run([os.path.join(a.repo, "scripts", "tryton"), "restart", a.tryton_dir], check=True,
                       stdout=subprocess.DEVNULL)
        day.outages += 1
        log("Tryton is back")
    log("placed %d orders" % len(day.orders))
    if a.faults:
        # Refunds start their workflow from the order's webhook alone (no sweep re-reads refunds), so the
        # rest of the day keeps every fault but dropped deliveries.
        day.sim("POST", "faults", {"drop_share": 0})
    if not checks.wait_idle(day, a.timeout):
        day.failures.append("not everything was synced within %d s (%d work items unfinished)" % (a.timeout, checks.unfinished(day)))
        return
    shipped = trade_.ship_some(day, max(1, len(day.orders) // 8))
    log("shipped %d sales in Tryton" % shipped)
    # Returns: partial refunds in the store become Tryton return sales with their credit notes (workflow
    # returns); the warehouse then receives the parcels, which finishes each instance.
    if a.refunds:
        refunded = trade_.refund_some(day, a.refunds, a.full_refunds)
        log("refunded %d orders in the store: %d whole, the others one item" % (refunded, len(day.full_refunds)))
        if not checks.wait_returns(day, a.timeout):
            day.failures.append("the returns did not reach Tryton within %d s" % a.timeout)
            return
        log("received %d returned parcels in Tryton" % trade_.receive_returns(day))
    # Price changes in Tryton, the owner of list prices.
    if a.price_changes:
        trade_.change_prices(day, a.price_changes)
        log("changed the list price of %d items in Tryton" % len(day.price_changes))
    if a.faults:
        day.sim("DELETE", "faults")
    # End of day: the stock sweep (the mapping runs it every 15 minutes) and the nightly price batch, then
    # everything settles.
    for domain in ("inventory", "pricing"):
        status, answer = day.admin("POST", "/v1/admin/sweep/" + domain)
        if status != 200:
            day.failures.append("sweep %s: %s %s" % (domain, status, answer))
    if not checks.wait_idle(day, a.timeout):
        day.failures.append("the end-of-day sync did not finish within %d s" % a.timeout)
        return
    day.metrics = day.admin("GET", "/metrics")[1]
    checks.verify(day)
    if a.refunds:
        checks.verify_returns(day)
    checks.reconcile(day)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--syncloom", required=True)
    p.add_argument("--woosim", required=True)
    p.add_argument("--repo", required=True)
    p.add_argument("--tryton-dir", help="a running Tryton's folder (scripts/tryton start); default: start one")
    p.add_argument("--work")
    p.add_argument("--orders", type=int, default=200)
    p.add_argument("--customers", type=int, default=50)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--pace", type=float, default=0.02, help="seconds between orders")
    p.add_argument("--ref-wait", type=int, default=60, help="the service's ref_wait, seconds")
    p.add_argument("--timeout", type=int, default=600)
    p.add_argument("--kill-midway", action="store_true")
    p.add_argument("--faults", action="store_true")
    p.add_argument("--outage", type=int, default=0, help="seconds Tryton is down, late in the day")
    p.add_argument("--refunds", type=int, default=0, help="orders refunded after the day's sync")
    p.add_argument("--full-refunds", type=int, default=0, help="how many of the --refunds are whole orders")
    p.add_argument("--price-changes", type=int, default=0, help="items whose Tryton list price changes late in the day")
    p.add_argument("--keep", action="store_true", help="keep the temporary folder of a run that passed")
    a = p.parse_args()
    day = Day(a)
    import day_checks
    try:
        trade(day)
        day_checks.summary(day)
    finally:
        day.close()
    for secret in ("WOO_CONSUMER_KEY", "WOO_CONSUMER_SECRET", "WOO_WEBHOOK_SECRET", "SYNCLOOM_ADMIN_TOKEN"):
        for name in ("run.log", "woosim.log"):
            if day.env[secret] in open(os.path.join(day.work, name)).read():
                day.failures.append("%s contains the value of %s" % (name, secret))
    if not day.failures and not a.work and not a.keep:
        shutil.rmtree(day.work, ignore_errors=True)  # a temporary folder of a run that passed
    if day.failures:
        print("\nFAILED: %d check(s)" % len(day.failures))
        print("(everything of the run is in %s)" % day.work)
        for f in day.failures[:40]:
            print("  - " + f)
        return 1
    print("\nall checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
