#!/usr/bin/env python3
"""The workers benchmark (bench/README.md "Issue 11: several workers"): throughput of 1, 2 and 4 `syncloom run`
processes sharing one store, against a fast target (the store simulator), as a scaling ratio.

Each row: a fresh store is loaded with N paid-order webhooks (bench_intake, signed) by a service whose target
is a closed port, so that nothing is written yet; that service stops (SIGTERM), then K services start on the
same store with the real target and the clock runs until every work item is finished. Every item is one
search and one create of a customer in the simulator (bench/workers.loom). The row also checks the result:
exactly N customers in the simulator (no item written twice, none lost).

  bench/bench_workers.py --build build [--store postgres|sqlite] [--workers 1,2,4] [--count N] [--threads T]

--store postgres starts a throwaway cluster with scripts/pg (and stops it); --store sqlite runs one process
only, the embedded default as a baseline (`syncloom run` refuses a second process on one SQLite file: tried
before that, two processes sharing a file drained 1,000 items in more than 10 minutes, against 14 s for one,
each waiting on the other's write lock). Loopback only.
"""
import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def wait_ready(port, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            urllib.request.urlopen("http://127.0.0.1:%d/ready" % port, timeout=2).read()
            return True
        except Exception:
            time.sleep(0.1)
    return False


class Bench:
    def __init__(self, a):
        self.a = a
        self.work = tempfile.mkdtemp(prefix="bench-workers-", dir=a.work)
        os.chmod(self.work, 0o755)  # the PostgreSQL server runs as `postgres` (scripts/pg) and keeps its data here
        self.procs = []
        self.env = dict(os.environ, SYNCLOOM_ADMIN_TOKEN="adm_bench", WOO_CONSUMER_KEY="ck_bench",
                        WOO_CONSUMER_SECRET="cs_bench", WOO_WEBHOOK_SECRET="wh_bench_workers")
        self.pg_dir = None

    def start(self, args, log):
        p = subprocess.Popen(args, stdout=open(log, "w"), stderr=subprocess.STDOUT, env=self.env)
        self.procs.append(p)
        return p

    def stop(self, p, sig=signal.SIGTERM):
        if p.poll() is None:
            p.send_signal(sig)
            try:
                p.wait(60)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()

    def close(self):
        for p in self.procs:
            if p.poll() is None:
                p.kill()
                p.wait()
        if self.pg_dir:
            subprocess.run([os.path.join(self.a.repo, "scripts", "pg"), "stop", self.pg_dir], check=False,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def start_sim(self):
        self.sim_port = free_port()
        self.sim_proc = self.start([self.a.woosim, "--port", str(self.sim_port), "--key", "ck_bench", "--secret", "cs_bench",
                               "--webhook-secret", "wh_bench_workers", "--threads", str(self.a.sim_threads)],
                               os.path.join(self.work, "woosim.log"))
        deadline = time.time() + 20
        while time.time() < deadline:
            try:
                urllib.request.urlopen("http://127.0.0.1:%d/__sim/stats" % self.sim_port, timeout=2).read()
                return
            except Exception:
                time.sleep(0.1)
        raise RuntimeError("the simulator did not start")

    def sim(self, method, path):
        req = urllib.request.Request("http://127.0.0.1:%d/__sim/%s" % (self.sim_port, path), method=method)
        return json.loads(urllib.request.urlopen(req, timeout=120).read() or b"null")

    def fresh_store(self, row):
        if self.a.store == "sqlite":
            return os.path.join(self.work, "row%d.db" % row)
        if not self.pg_dir:
            self.pg_dir = os.path.join(self.work, "pg")
            out = subprocess.run([os.path.join(self.a.repo, "scripts", "pg"), "start", self.pg_dir], check=True,
                                 capture_output=True, text=True).stdout.strip().splitlines()[-1]
            self.pg_url = out
        db = "bench_row%d" % row
        subprocess.run(["psql", self.pg_url, "-qc", "CREATE DATABASE %s" % db], check=True, stdout=subprocess.DEVNULL)
        return self.pg_url.rsplit("/", 1)[0] + "/" + db

    def config(self, store, port, target_port, name):
        path = os.path.join(self.work, name)
        with open(path, "w") as f:
            f.write("""mappings: [%(repo)s/bench/workers.loom]
store: %(store)s
listen: 127.0.0.1:%(port)d
admin_token: ${SYNCLOOM_ADMIN_TOKEN}
workers: %(threads)d
lease: 10s
systems:
  woo:
    url: http://127.0.0.1:%(sim)d
    consumer_key: ${WOO_CONSUMER_KEY}
    consumer_secret: ${WOO_CONSUMER_SECRET}
    webhook_secret: ${WOO_WEBHOOK_SECRET}
  copy:
    url: http://127.0.0.1:%(target)d
    consumer_key: ${WOO_CONSUMER_KEY}
    consumer_secret: ${WOO_CONSUMER_SECRET}
    budget: {concurrency: %(threads)d, rate: 100000/s}
""" % {"repo": self.a.repo, "store": store, "port": port, "threads": self.a.threads, "sim": self.sim_port,
       "target": target_port})
        return path

    def unfinished(self, config):
        out = subprocess.run([self.a.syncloom, "status", "--config", config, "--format", "json"], capture_output=True,
                             text=True, env=self.env)
        if out.returncode != 0:
            return None
        doc = json.loads(out.stdout)
        return sum(d["pending"] + d["running"] + d["waiting"] for d in doc["domains"]), \
            sum(d["dead"] for d in doc["domains"])

    def row(self, n_workers, row):
        store = self.fresh_store(row)
        # Load: the target is a closed port, so every item stays queued.
        port = free_port()
        load_cfg = self.config(store, port, free_port(), "load%d.yaml" % row)
        loader = self.start([self.a.syncloom, "run", "--config", load_cfg], os.path.join(self.work, "load%d.log" % row))
        if not wait_ready(port):
            raise RuntimeError("the loading service did not start (see %s)" % self.work)
        first = 1 + row * self.a.count * 10
        subprocess.run([os.path.join(self.a.build, "bench", "bench_intake"), "--port", str(port), "--secret",
                        "wh_bench_workers", "--connections", "16", "--count", str(self.a.count), "--first-id",
                        str(first)], check=True, stdout=subprocess.DEVNULL)
        self.stop(loader)
        before = len(self.sim("GET", "dump")["customers"])
        # Drain: K services on the same store, the real target.
        configs = [self.config(store, free_port(), self.sim_port, "run%d-%d.yaml" % (row, k)) for k in range(n_workers)]
        t0 = time.time()
        workers = [self.start([self.a.syncloom, "run", "--config", c], os.path.join(self.work, "run%d-%d.log" % (row, k)))
                   for k, c in enumerate(configs)]
        deadline = t0 + self.a.timeout
        while time.time() < deadline:
            left = self.unfinished(configs[0])
            if left is not None and left[0] == 0:
                break
            time.sleep(0.2)
        elapsed = time.time() - t0
        for w in workers:
            self.stop(w)
        left, dead = self.unfinished(configs[0]) or (None, None)
        made = len(self.sim("GET", "dump")["customers"]) - before
        ok = left == 0 and dead == 0 and made == self.a.count
        return {"workers": n_workers, "seconds": elapsed, "per_s": self.a.count / elapsed, "made": made,
                "dead": dead, "left": left, "ok": ok}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--build", default="build")
    p.add_argument("--repo", default=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    p.add_argument("--store", choices=["postgres", "sqlite"], default="postgres")
    p.add_argument("--workers", default="1,2,4")
    p.add_argument("--count", type=int, default=4000)
    p.add_argument("--threads", type=int, default=4, help="workers per process (the service's `workers`)")
    p.add_argument("--timeout", type=int, default=600)
    p.add_argument("--sim-threads", type=int, default=64,
                   help="the simulator's server threads: each keeps one keep-alive connection, so fewer threads than "
                        "the workers' connections make every extra connection wait out a 5 s keep-alive")
    p.add_argument("--work", default=None)
    a = p.parse_args()
    a.build = os.path.abspath(a.build)
    a.syncloom = os.path.join(a.build, "cli", "syncloom")
    a.woosim = os.path.join(a.build, "simulator", "woocommerce", "syncloom-woosim")
    if a.store == "sqlite":
        a.workers = "1"
    b = Bench(a)
    rows = []
    try:
        b.start_sim()
        for i, k in enumerate(int(x) for x in a.workers.split(",")):
            r = b.row(k, i)
            rows.append(r)
            print("  %d worker(s) x %d threads on %s: %d items in %.1f s = %.0f items/s%s" % (
                k, a.threads, a.store, a.count, r["seconds"], r["per_s"],
                "" if r["ok"] else "  WRONG: %d customers made, %s dead, %s unfinished" % (r["made"], r["dead"], r["left"])),
                flush=True)
    finally:
        b.close()
    base = rows[0]["per_s"] if rows else 0
    print("scaling against %d worker(s): %s" % (rows[0]["workers"] if rows else 0,
                                                ", ".join("%d: %.2fx" % (r["workers"], r["per_s"] / base) for r in rows)))
    print("(%d cores here; the simulator, the store and the workers share them)" % os.cpu_count())
    return 0 if rows and all(r["ok"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
