#!/usr/bin/env python3
"""Lost webhooks, end to end: `syncloom run` between the store simulator and a real Tryton, with no
`modified_after` poll of the store at all, so only the service's own nets can find what the webhooks lose.

The service syncs a few orders; then it is stopped and orders go on being placed, every delivery failing,
until the store disables the order webhook (7 failures in a row, as WooCommerce does). Restarted, the service
must find the disabled webhook and re-enable it (syncloom_webhooks_reenabled_total), and its content-hash poll
must bring every order placed while it was down (syncloom_hash_poll_queued_total); then trading_day's checks
hold (every eligible order once in Tryton, to the cent) and a reconcile pass finds no drift.

  lost_webhooks.py --syncloom B --woosim B --repo R [--work DIR] [--seed 3]
Exit 0 when every check holds; 1 with the failed checks listed.
"""
import argparse
import os
import re
import shutil
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import day_checks as checks  # noqa: E402
import day_trade as trade_  # noqa: E402
import trading_day  # noqa: E402
from trading_day import log  # noqa: E402


class LossyDay(trading_day.Day):
    def write_config(self):
        super().write_config()
        text = open(self.config).read()
        # The store is not polled by date: its webhooks, the webhook watch and the content-hash poll only.
        text = text.replace("    poll_interval: 5s\n", "    webhook_check: 1s\n    hash_poll: 2s\n", 1)
        assert "webhook_check" in text
        open(self.config, "w").write(text)


def metric(text, name, **labels):
    """A series' value from the Prometheus text, its labels in any order."""
    for line in text.splitlines():
        if line.startswith(name + "{") and all('%s="%s"' % kv in line for kv in labels.items()):
            return float(line.split()[-1])
    return 0.0


def order_webhook(day):
    return [w for w in day.sim("GET", "webhooks") if w.get("topic") == "order.created"]


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--syncloom", required=True)
    p.add_argument("--woosim", required=True)
    p.add_argument("--repo", required=True)
    p.add_argument("--work")
    p.add_argument("--seed", type=int, default=3)
    a = p.parse_args()
    # What trading_day.Day reads of its arguments.
    for name, value in (("tryton_dir", None), ("customers", 6), ("pace", 0.05), ("ref_wait", 60), ("timeout", 300),
                        ("faults", False), ("orders", 0), ("refunds", 0), ("price_changes", 0), ("keep", False)):
        setattr(a, name, value)
    day = LossyDay(a)
    try:
        run(day)
    except Exception as e:  # noqa: BLE001 -- reported with the work folder, the processes stopped below
        day.failures.append("the run stopped: %r" % e)
    finally:
        day.close()
    if day.failures:
        print("\nFAILED: %d check(s)\n(everything of the run is in %s)" % (len(day.failures), day.work))
        for f in day.failures[:40]:
            print("  - " + f)
        return 1
    if not a.work:
        shutil.rmtree(day.work, ignore_errors=True)
    print("\nall checks passed")
    return 0


def run(day):
    day.start_woosim()
    day.write_config()
    trade_.seed_tryton(day)
    day.start_sync()
    day.apply_webhooks()
    trade_.wait_for_catalogue(day)
    trade_.customers(day, day.a.customers)
    for _ in range(3):
        trade_.place_order(day)
    if not checks.wait_idle(day, 120):
        day.failures.append("the first orders did not sync within 120 s")
        return
    log("%d orders synced by webhook; stopping the service" % len(day.orders))

    day.stop_sync()
    before = len(day.orders)
    for _ in range(30):
        trade_.place_order(day)
        time.sleep(0.05)
        hooks = order_webhook(day)
        if hooks and all(h["status"] == "disabled" for h in hooks):
            break
    hooks = order_webhook(day)
    if not hooks or any(h["status"] != "disabled" for h in hooks):
        day.failures.append("the store did not disable the order webhook: %s" % hooks)
        return
    lost = len(day.orders) - before
    # The ones the orders domain takes (the others are counted as filtered, with no work to queue).
    lost_eligible = sum(1 for oid in list(day.orders)[before:] if day.orders[oid] != "filtered")
    log("%d orders placed while the service was down; the store disabled the order webhook" % lost)

    day.start_sync()
    deadline = time.time() + 60
    while time.time() < deadline and any(h["status"] != "active" for h in order_webhook(day)):
        time.sleep(0.5)
    checks.check(day, all(h["status"] == "active" for h in order_webhook(day)),
                 "the service re-enabled the order webhook: %s" % order_webhook(day))
    if not checks.wait_idle(day, 180):
        day.failures.append("the orders placed while the service was down did not sync within 180 s")
        return
    metrics = day.admin("GET", "/metrics")[1].decode()
    reenabled = metric(metrics, "syncloom_webhooks_reenabled_total", system="woo", topic="order.created")
    queued = metric(metrics, "syncloom_hash_poll_queued_total", system="woo", record="order")
    checks.check(day, reenabled >= 1, "syncloom_webhooks_reenabled_total counts the re-enabled webhook (%s)" % reenabled)
    # Every order placed while it was down is a change no webhook brought (once each: its later updates
    # came by webhook again, or are duplicates).
    checks.check(day, queued >= lost_eligible, "the content-hash poll queued the %d lost orders the orders domain takes"
                 " (queued %s)" % (lost_eligible, queued))
    day.metrics = metrics.encode()
    checks.verify(day)
    checks.reconcile(day, repair=False)
    log("webhook re-enabled %d time(s); the content-hash poll queued %d change(s); %d orders in all" % (
        reenabled, queued, len(day.orders)))
    checks.summary(day)


if __name__ == "__main__":
    sys.exit(main())
