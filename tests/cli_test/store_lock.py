#!/usr/bin/env python3
"""One `syncloom run` per SQLite store file: a second is refused with a message naming the holder's pid,
`run --check` beside it is not, and after the first is killed with SIGKILL a new one starts at once (the
kernel released the flock; no stale lock file blocks it). Nothing here needs a reachable system: the
connectors point at a closed loopback port, and the service only has to open."""
import argparse, os, signal, socket, subprocess, sys, tempfile, time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def log_of(proc):
    name = getattr(proc, "log_name", None)
    return open(name).read() if name else ""


def wait_for_lock(path, proc, seconds=60):
    """The lock file holds the pid once the service has it; the runtime opens everything else after."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        if proc.poll() is not None:
            raise SystemExit("FAIL: syncloom run exited with %s before taking the lock: %s" % (proc.returncode, log_of(proc)))
        try:
            if open(path).read().strip() == str(proc.pid):
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise SystemExit("FAIL: %s never named pid %d" % (path, proc.pid))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--syncloom", required=True)
    p.add_argument("--repo", required=True)
    a = p.parse_args()
    a.repo = os.path.abspath(a.repo)
    work = tempfile.mkdtemp(prefix="syncloom-lock-")
    store = os.path.join(work, "syncloom.db")
    config = os.path.join(work, "syncloom.yaml")
    with open(config, "w") as f:
        f.write("""mappings: [%s/mappings/woocommerce-tryton.loom]
store: %s
listen: 127.0.0.1:%d
admin_token: ${SYNCLOOM_ADMIN_TOKEN}
poll_interval: 1h
systems:
  woo:
    url: http://127.0.0.1:1
    consumer_key: ${WOO_CONSUMER_KEY}
    consumer_secret: ${WOO_CONSUMER_SECRET}
    webhook_secret: ${WOO_WEBHOOK_SECRET}
  erp:
    url: http://127.0.0.1:1
    database: none
    user: admin
    password: ${TRYTON_PASSWORD}
""" % (a.repo, store, free_port()))
    env = dict(os.environ, SYNCLOOM_ADMIN_TOKEN="t" * 32, WOO_CONSUMER_KEY="ck_x", WOO_CONSUMER_SECRET="cs_x",
               WOO_WEBHOOK_SECRET="w" * 32, TRYTON_PASSWORD="p", SYNCLOOM_CACHE_DIR=os.path.join(work, "jit"))
    run = [a.syncloom, "run", "--config", config]
    lock = store + ".run.lock"
    def start(name):
        log = os.path.join(work, name + ".log")
        proc = subprocess.Popen(run, env=env, stdout=subprocess.DEVNULL, stderr=open(log, "w"))
        proc.log_name = log
        return proc

    first = start("first")
    third = None
    try:
        wait_for_lock(lock, first)
        second = subprocess.run(run, env=env, capture_output=True, text=True, timeout=60)
        if second.returncode != 2:
            raise SystemExit("FAIL: a second run on the store exited %d, not 2:\n%s" % (second.returncode, second.stderr))
        want = "%s: service.store: %s is in use by another syncloom run (pid %d)" % (config, store, first.pid)
        if want not in second.stderr:
            raise SystemExit("FAIL: the refusal does not say\n  %s\nit says\n  %s" % (want, second.stderr))
        print("ok  a second run is refused: " + second.stderr.strip().splitlines()[0])

        check = subprocess.run(run + ["--check"], env=env, capture_output=True, text=True, timeout=60)
        if "store %s: opens" % store not in check.stdout:
            raise SystemExit("FAIL: run --check beside the service did not open the store:\n%s%s" % (check.stdout, check.stderr))
        print("ok  run --check beside the service opens the store")

        first.send_signal(signal.SIGKILL)
        first.wait()
        third = start("third")
        wait_for_lock(lock, third)
        print("ok  after SIGKILL of the holder a new run takes the store (pid %d)" % third.pid)
        third.send_signal(signal.SIGTERM)
        if third.wait(timeout=60) != 0:
            raise SystemExit("FAIL: the new run did not stop cleanly on SIGTERM (exit %s)" % third.returncode)
    finally:
        for proc in (first, third):
            if proc and proc.poll() is None:
                proc.kill()
                proc.wait()
    import shutil
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
