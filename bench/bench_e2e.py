#!/usr/bin/env python3
"""End to end for scripts/bench-service: paid orders from the store simulator into a real Tryton through
`syncloom run`, set up as tests/e2e/trading_day.py does (its own Tryton, items and stock, the catalogue
synced to the store, registered customers). Once that has settled, N paid orders are placed as fast as
the simulator takes them; /metrics is sampled every 50 ms until every work item is finished. Prints
orders/s, the time spent inside Tryton's answers against syncloom's own CPU time, and how busy the ERP
connector's concurrency budget was while work was pending.

  bench_e2e.py --syncloom B --woosim B --repo R [--orders 60] [--customers 20] [--work DIR]
"""
import argparse
import os
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "e2e"))
import day_checks  # noqa: E402
import day_trade  # noqa: E402
from trading_day import Day, http  # noqa: E402


def metrics(day):
    status, text = http("GET", day.base() + "/metrics", timeout=10)
    values = {}
    for line in (text.decode() if isinstance(text, bytes) else str(text)).splitlines():
        if line.startswith("#") or " " not in line:
            continue
        name, value = line.rsplit(" ", 1)
        values[name] = float(value)
    return values


def queued(m):
    return sum(v for k, v in m.items() if k.startswith("syncloom_queue_depth"))


def cpu_seconds(pid):
    fields = open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def place_paid_order(day, n):
    """A paid order, eligible for the ERP: a registered customer or (every third) a guest."""
    person = day.people[n % len(day.people)]
    codes = [day.codes[(n + i) % len(day.codes)] for i in range(1 + n % 3)]
    body = {"customer_id": person["id"], "billing": person["billing"], "set_paid": True,
            "line_items": [{"product_id": day.woo_ids[c], "quantity": 1 + (n + i) % 3} for i, c in enumerate(codes)],
            "shipping_lines": [{"method_id": "flat_rate", "method_title": "Flat rate", "total": "5.00"}]}
    day.orders[day.sim("POST", "orders", body)["id"]] = "eligible"


def settle(day, timeout):
    if not day_checks.wait_idle(day, timeout):
        raise RuntimeError("the set-up did not settle within %d s" % timeout)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--syncloom", required=True)
    p.add_argument("--woosim", required=True)
    p.add_argument("--repo", required=True)
    p.add_argument("--orders", type=int, default=60)
    p.add_argument("--customers", type=int, default=20)
    p.add_argument("--erp-concurrency", type=int, default=4, help="the ERP connector's budget (the trading day's: 4)")
    p.add_argument("--work")
    p.add_argument("--timeout", type=int, default=900)
    a = p.parse_args()
    a.tryton_dir, a.seed, a.ref_wait = None, 7, 60
    day = Day(a)
    try:
        day.start_woosim()
        day.write_config()
        with open(day.config) as f:
            text = f.read().replace("budget: {concurrency: 4, rate: 100/s}", "budget: {concurrency: %d, rate: 100/s}" % a.erp_concurrency)
        with open(day.config, "w") as f:
            f.write(text)
        day_trade.seed_tryton(day)
        day.start_sync()
        day.syncloom("connectors", "webhooks", "--apply", "--delivery-url", day.base() + "/webhooks/woo", "-c", day.config)
        day_trade.wait_for_catalogue(day)
        day_trade.customers(day, a.customers)
        settle(day, a.timeout)

        samples, stop = [], threading.Event()

        def sample():
            while not stop.is_set():
                try:
                    samples.append((time.time(), metrics(day)))
                except OSError:
                    pass
                time.sleep(0.05)

        before, cpu_before = metrics(day), cpu_seconds(day.sync.pid)
        sampler = threading.Thread(target=sample, daemon=True)
        start = time.time()
        sampler.start()
        for n in range(a.orders):
            place_paid_order(day, n)
        placed = time.time()
        day.sim("POST", "deliveries/drain", {"timeout_ms": 30000})
        deadline = placed + a.timeout
        while time.time() < deadline and (day_checks.unfinished(day) > 0 or not samples or queued(samples[-1][1]) > 0):
            time.sleep(0.05)
        end = time.time()
        stop.set()
        sampler.join()
        after, cpu_after = metrics(day), cpu_seconds(day.sync.pid)
        with day_checks.store_db(day) as db:
            synced = db.execute("SELECT count(DISTINCT key) FROM work WHERE domain = 'orders' AND state = 'done'"
                                " AND created_at >= ?", (int(start * 1000),)).fetchone()[0]
            dead = db.execute("SELECT count(DISTINCT key) FROM work WHERE domain = 'orders' AND state = 'dead'"
                              " AND created_at >= ?",
                              (int(start * 1000),)).fetchone()[0]

        erp = '{system="erp"}'
        wall = end - start
        in_tryton = after["syncloom_connector_request_seconds" + erp] - before["syncloom_connector_request_seconds" + erp]
        requests = after["syncloom_connector_requests" + erp] - before["syncloom_connector_requests" + erp]
        budget = after["syncloom_connector_budget_concurrency" + erp]
        busy = [m["syncloom_connector_in_flight" + erp] for t, m in samples if queued(m) > 0]
        syncloom_cpu = cpu_after - cpu_before
        print("| what | measured |")
        print("|---|---|")
        print("| orders placed (%.1f s to place them) | %d |" % (placed - start, a.orders))
        print("| orders synced into Tryton / dead-lettered | %d / %d |" % (synced, dead))
        print("| wall time, first order placed to every work item finished | %.1f s |" % wall)
        print("| **orders/s** | **%.2f** |" % (synced / wall))
        print("| ERP requests | %d (%.1f per order) |" % (requests, requests / max(1, synced)))
        print("| time inside Tryton's answers, summed over the %d concurrent slots | %.1f s |" % (budget, in_tryton))
        print("| share of the budget's time (slots x wall) inside Tryton | %.0f %% |" % (100 * in_tryton / (budget * wall)))
        print("| syncloom run's CPU time (all threads) | %.1f s |" % syncloom_cpu)
        print("| Tryton time / syncloom CPU time | %.1fx |" % (in_tryton / max(syncloom_cpu, 1e-9)))
        if busy:
            print("| budget in use while work was pending: mean in flight / %d | %.0f %% (%d samples every 50 ms) |"
                  % (budget, 100 * sum(busy) / (budget * len(busy)), len(busy)))
            print("| samples with every slot in flight | %.0f %% |" % (100 * sum(1 for b in busy if b >= budget) / len(busy)))
        return 0
    finally:
        day.close()


if __name__ == "__main__":
    sys.exit(main())
