#!/usr/bin/env python3
"""The crash test: `syncloom run` SIGKILLed at least 20 times while orders flow, restarted each time on the
same store, between the store simulator and a real Tryton of its own.

Tryton is reached through a small proxy in this script, so that some kills land exactly where a crash hurts
most: a sale's or a party's `create` has reached Tryton (and is committed there) but syncloom has not
recorded it yet, either before the answer comes back or a few milliseconds after it did. With
--drop-answers the proxy also drops the connection of some creates after Tryton committed them, the
service alive: the HTTP layer must not resend such a request by itself (libcurl does, on a reused
connection), and the engine's retry must find the sale by its reference. The other kills
land at seeded random instants (during start-up, while webhooks arrive, while sweeps run). After the last
restart it waits until everything is synced and checks, reading Tryton over its own JSON-RPC and the
store file read-only:
- every eligible order is exactly one sale in Tryton (by reference), with the store's amounts; every
  other order is counted as filtered or is a dead letter with its reason: nothing lost (day_checks.verify);
- one party per e-mail;
- the cross-reference of each sale names that sale; no work item was audited as written twice, and the
  audit trail has exactly one `write` per work item that completed as synced;
- nothing is left pending, running or waiting.

  crash_test.py --syncloom B --woosim B --repo R [--kills 20] [--seed 7] [--drop-answers] [--work DIR]
Exit 0 when every check holds; 1 with the failed checks listed.
"""
import argparse
import http.client
import http.server
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import day_checks  # noqa: E402
import day_trade  # noqa: E402
from trading_day import Day, log  # noqa: E402

CREATES = ("model.sale.sale.create", "model.party.party.create")


class TrytonProxy:
    """Forwards JSON-RPC to Tryton; when armed, SIGKILLs syncloom around the next call of a method."""

    def __init__(self, upstream):
        self.upstream = urllib.parse.urlsplit(upstream)
        self.lock = threading.Lock()
        self.armed = None  # (method, "before" | "after", delay seconds)
        self.fired = threading.Event()
        self.victim = None  # the pid to kill
        self.fired_log = []
        self.dropped = []
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                try:
                    method = json.loads(body).get("method", "")
                except ValueError:
                    method = ""
                plan = proxy.take(method)
                status, headers, answer = proxy.forward(self.command, self.path, self.headers, body)
                if plan and plan[1] in ("before", "drop"):
                    if plan[1] == "before":
                        proxy.kill(method, "before the answer")  # written in Tryton, never answered
                    else:
                        proxy.dropped.append(method)  # the connection drops; the service lives on
                        proxy.fired.set()
                    self.close_connection = True
                    return
                self.send_response(status)
                for name, value in headers:
                    if name.lower() not in ("transfer-encoding", "connection", "content-length"):
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)
                self.wfile.flush()
                if plan:
                    time.sleep(plan[2])
                    proxy.kill(method, "%.0f ms after the answer" % (plan[2] * 1000))

            do_GET = do_POST

        class Server(http.server.ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request, client_address):
                pass  # a killed client's broken connection is the point of the exercise

        self.server = Server(("127.0.0.1", 0), Handler)
        self.url = "http://127.0.0.1:%d" % self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def take(self, method):
        with self.lock:
            if self.armed and self.armed[0] == method:
                plan, self.armed = self.armed, None
                return plan
        return None

    def arm(self, method, when, delay):
        with self.lock:
            self.fired.clear()
            self.armed = (method, when, delay)

    def disarm(self):
        with self.lock:
            self.armed = None

    def kill(self, method, when):
        with self.lock:
            pid, self.victim = self.victim, None
        if pid:
            try:
                os.kill(pid, signal.SIGKILL)
                self.fired_log.append("%s, %s" % (method, when))
            except ProcessLookupError:
                pass
        self.fired.set()

    def forward(self, command, path, headers, body):
        connection = http.client.HTTPConnection(self.upstream.hostname, self.upstream.port, timeout=120)
        try:
            send = {k: v for k, v in headers.items() if k.lower() not in ("host", "connection", "content-length")}
            connection.request(command, path, body=body if command == "POST" else None, headers=send)
            answer = connection.getresponse()
            return answer.status, answer.getheaders(), answer.read()
        finally:
            connection.close()

    def close(self):
        self.server.shutdown()


def restart(day, proxy):
    day.start_sync()
    proxy.victim = day.sync.pid
    # The store disables a webhook after failed deliveries: enable it again, as an operator would.
    day.apply_webhooks()
    if day.sync.poll() is not None:  # /ready answered by someone else: a service left over on the port
        raise RuntimeError("syncloom run exited with %s right after start (see %s/run.log)" % (day.sync.returncode, day.work))


def crash_loop(day, proxy, kills):
    rng = day.rng
    # At least `kills` SIGKILLs, a quarter of them inside a Tryton create (an armed kill that sees no create
    # within 10 s, because the orders placed were not eligible, becomes a random one).
    while (day.kills < kills or len(proxy.fired_log) < kills // 4) and day.kills < 2 * kills:
        mode = rng.choices(["in-write", "random", "start-up"], [5, 4, 1])[0]
        if mode == "start-up":
            # Killed while starting: recovery of a store that was itself being recovered. The running
            # service goes first: two services on one store and port are not what this test is about.
            day.kill_sync()
            day.sync = subprocess.Popen([day.a.syncloom, "run", "--config", day.config], env=day.env,
                                        stdout=day.sync_log, stderr=day.sync_log)
            time.sleep(rng.uniform(0.0, 0.4))
            day.kill_sync()
            log("kill %2d: during start-up" % day.kills)
            restart(day, proxy)
            continue
        if mode == "in-write":
            method = rng.choice(CREATES) if rng.random() < 0.4 else CREATES[0]
            when = rng.choice(["before", "after"] + (["drop"] if day.a.drop_answers else []))
            proxy.arm(method, when, rng.uniform(0.0, 0.03))
        for _ in range(rng.randrange(1, 4)):
            day_trade.place_order(day)
            time.sleep(rng.uniform(0.0, 0.2))
        if mode == "in-write" and when == "drop":
            if proxy.fired.wait(10):
                log("         %s: the connection dropped after Tryton committed it" % proxy.dropped[-1])
            proxy.disarm()
            continue
        if mode == "in-write" and proxy.fired.wait(10):
            day.sync.wait()
            day.kills += 1
            log("kill %2d: %s" % (day.kills, proxy.fired_log[-1]))
        else:
            proxy.disarm()
            time.sleep(rng.uniform(0.0, 1.2))
            day.kill_sync()
            log("kill %2d: at a random instant" % day.kills)
        # Trading goes on while the service is down.
        for _ in range(rng.randrange(0, 3)):
            day_trade.place_order(day)
        restart(day, proxy)


def audit_checks(day):
    with day_checks.store_db(day) as db:
        twice = db.execute("SELECT work_id, count(*) n FROM audit WHERE action = 'write' GROUP BY work_id HAVING n > 1").fetchall()
        day_checks.check(day, not twice, "work items audited as written more than once: %s" % [tuple(r) for r in twice[:5]])
        unaudited = db.execute("SELECT w.id, w.domain, w.key FROM work w WHERE w.state = 'done' AND w.outcome = 'synced'"
                               " AND NOT EXISTS (SELECT 1 FROM audit a WHERE a.work_id = w.id AND a.action = 'write')").fetchall()
        day_checks.check(day, not unaudited, "synced work items without a `write` in the audit trail: %s" % [tuple(r) for r in unaudited[:5]])
        stray = db.execute("SELECT a.work_id, w.state, w.outcome FROM audit a JOIN work w ON w.id = a.work_id"
                           " WHERE a.action = 'write' AND NOT (w.state = 'done' AND w.outcome = 'synced')").fetchall()
        day_checks.check(day, not stray, "`write` audited for items not synced: %s" % [tuple(r) for r in stray[:5]])
        xrefs = {r["key"]: r["target_id"] for r in db.execute("SELECT key, target_id FROM xref WHERE domain = 'orders'")}
        left = db.execute("SELECT count(*) FROM work WHERE state IN ('pending', 'running', 'waiting')").fetchone()[0]
        day_checks.check(day, left == 0, "%d work items unfinished" % left)
    sales = day.tryton.search_read("sale.sale", [["reference", "like", "WOO-%"]], ["id", "reference"])
    for s in sales:
        day_checks.check(day, xrefs.get(s["reference"]) == str(s["id"]),
                         "%s is sale %s in Tryton, the store's cross-reference says %s" % (s["reference"], s["id"], xrefs.get(s["reference"])))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--syncloom", required=True)
    p.add_argument("--woosim", required=True)
    p.add_argument("--repo", required=True)
    p.add_argument("--work")
    p.add_argument("--kills", type=int, default=20)
    p.add_argument("--customers", type=int, default=16)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--timeout", type=int, default=180)
    p.add_argument("--drop-answers", action="store_true",
                   help="also drop the connection of some Tryton creates after Tryton committed them, without a kill")
    a = p.parse_args()
    a.tryton_dir, a.ref_wait = None, 60
    day = Day(a)
    proxy = None
    try:
        day.start_woosim()
        day.write_config()
        proxy = TrytonProxy(day.setup["url"])
        text = open(day.config).read().replace("url: %s\n" % day.setup["url"].rstrip("/"), "url: %s\n" % proxy.url)
        open(day.config, "w").write(text)
        day_trade.seed_tryton(day)
        restart(day, proxy)
        day_trade.wait_for_catalogue(day)
        day_trade.store_only_products(day)
        day_trade.customers(day, a.customers)
        started = time.time()
        crash_loop(day, proxy, a.kills)
        log("%d SIGKILLs in %.0f s (%d inside a Tryton create); %d orders placed" % (
            day.kills, time.time() - started, len(proxy.fired_log), len(day.orders)))
        day_checks.check(day, len(proxy.fired_log) >= a.kills // 4,
                         "only %d kills landed inside a Tryton create" % len(proxy.fired_log))
        if not day_checks.wait_idle(day, a.timeout):
            day.failures.append("not everything was synced within %d s (%d unfinished)" % (a.timeout, day_checks.unfinished(day)))
        else:
            status, answer = day.admin("POST", "/v1/admin/sweep/inventory")
            day_checks.check(day, status == 200, "sweep inventory: %s %s" % (status, answer))
            if day_checks.wait_idle(day, a.timeout):
                day_checks.verify(day)
                audit_checks(day)
            else:
                day.failures.append("the stock sweep did not finish within %d s" % a.timeout)
        day_checks.summary(day)
    finally:
        day.close()
        if proxy:
            proxy.close()
    if day.failures:
        print("\nFAILED: %d check(s)" % len(day.failures))
        for f in day.failures[:40]:
            print("  - " + f)
        print("work directory: %s" % day.work)
        return 1
    print("\nall checks passed")
    if not a.work:
        shutil.rmtree(day.work, ignore_errors=True)  # Tryton's database and the store: nothing to look at
    return 0


if __name__ == "__main__":
    sys.exit(main())
