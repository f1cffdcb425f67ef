"""Waits until a trytond at URL answers JSON-RPC (common.server.version on the root URL).

usage: rpc_ready.py URL PID SECONDS   exit 0 when it answers, 1 when PID exits first, 2 on timeout.
One process polling every 50 ms: starting a Python per attempt would cost more than the server's start.
"""
import json, os, sys, time, urllib.request

url, pid, deadline = sys.argv[1], int(sys.argv[2]), time.monotonic() + float(sys.argv[3])
body = json.dumps({"id": 0, "method": "common.server.version", "params": []}).encode()
while time.monotonic() < deadline:
    try:
        os.kill(pid, 0)
    except OSError:
        sys.exit(1)
    try:
        request = urllib.request.Request(url, body, {"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=1) as answer:
            if "result" in json.load(answer):
                sys.exit(0)
    except Exception:
        pass
    time.sleep(0.05)
sys.exit(2)
