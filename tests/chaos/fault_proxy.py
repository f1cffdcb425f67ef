"""A small seeded fault proxy for HTTP/1.1 JSON-RPC (Tryton's), python3 stdlib only.

Every request that reaches it draws one fate from a generator seeded by `seed`:
- error:   an HTTP 429 (with Retry-After) or a 5xx answer from the proxy; the request never reaches upstream;
- drop:    the connection is closed without an answer; the request never reaches upstream;
- reset:   the connection is reset (SO_LINGER 0: an RST, not a FIN); the request never reaches upstream;
- partial: the request is forwarded (so upstream commits it), then only part of the answer is sent and the
           connection closed: the client cannot tell whether the write happened;
- delay:   forwarded after `delay_s` seconds;
- pass:    forwarded.
`outage(seconds, mode)` makes every connection fail for a while: "refuse" resets it at once, "stall" holds it
unanswered until the outage ends and then closes it. Counters per fate tell a test what happened.

  proxy = FaultProxy("http://127.0.0.1:8000", seed=7)
  proxy.set_rates(error=0.15, drop=0.04, reset=0.04, partial=0.04, delay=0.03)
  proxy.outage(60, "refuse")
"""
import http.client
import http.server
import random
import socket
import struct
import threading
import time
import urllib.parse
from collections import Counter

FATES = ("error", "drop", "reset", "partial", "delay")
ERROR_STATUSES = (429, 500, 502, 503, 504)


class FaultProxy:
    def __init__(self, upstream, seed=1, host="127.0.0.1", port=0, delay_s=1.5):
        self.upstream = urllib.parse.urlsplit(upstream)
        self.rng = random.Random(seed)
        self.lock = threading.Lock()
        self.rates = {}
        self.delay_s = delay_s
        self.outage_until = 0.0
        self.outage_mode = "refuse"
        self.counts = Counter()
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0) or 0))
                fate, status = proxy.draw()
                if fate == "outage":
                    proxy.fail_outage(self)
                    return
                if fate == "error":
                    text = b'{"error": "injected by the fault proxy"}'
                    self.send_response(status)
                    if status == 429:
                        self.send_header("Retry-After", "1")
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(text)))
                    self.end_headers()
                    self.wfile.write(text)
                    return
                if fate == "drop":
                    self.close_connection = True
                    return
                if fate == "reset":
                    reset(self.connection)
                    self.close_connection = True
                    return
                if fate == "delay":
                    time.sleep(proxy.delay_s)
                try:
                    status, headers, answer = proxy.forward(self.command, self.path, self.headers, body)
                except OSError:
                    proxy.count("upstream_down")
                    reset(self.connection)  # upstream unreachable: the client sees a broken connection
                    self.close_connection = True
                    return
                self.send_response(status)
                for name, value in headers:
                    if name.lower() not in ("transfer-encoding", "connection", "content-length"):
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(answer)))
                if fate == "partial":
                    self.send_header("Connection", "close")
                self.end_headers()
                if fate == "partial":
                    # Part of the body, then the end: Content-Length promised more than comes.
                    self.wfile.write(answer[:max(1, len(answer) // 2)])
                    self.wfile.flush()
                    self.close_connection = True
                    return
                self.wfile.write(answer)

            do_GET = do_POST

        class Server(http.server.ThreadingHTTPServer):
            daemon_threads = True
            allow_reuse_address = True

            def handle_error(self, request, client_address):
                pass  # broken client connections are what this proxy is for

        self.server = Server((host, port), Handler)
        self.url = "http://%s:%d" % (host, self.server.server_address[1])
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    # --- control ---------------------------------------------------------------------------------------
    def set_rates(self, **rates):
        """Shares of requests per fate (error, drop, reset, partial, delay); the rest pass. Replaces all."""
        unknown = set(rates) - set(FATES)
        if unknown or sum(rates.values()) > 1:
            raise ValueError("bad rates %s" % rates)
        with self.lock:
            self.rates = dict(rates)

    def clear(self):
        with self.lock:
            self.rates = {}
            self.outage_until = 0.0

    def outage(self, seconds, mode="refuse"):
        if mode not in ("refuse", "stall"):
            raise ValueError(mode)
        with self.lock:
            self.outage_mode = mode
            self.outage_until = time.time() + seconds

    def in_outage(self):
        return time.time() < self.outage_until

    def close(self):
        self.server.shutdown()
        self.server.server_close()

    # --- internals -------------------------------------------------------------------------------------
    def count(self, what):
        with self.lock:
            self.counts[what] += 1

    def draw(self):
        with self.lock:
            if time.time() < self.outage_until:
                self.counts["outage"] += 1
                return "outage", 0
            x, edge = self.rng.random(), 0.0
            for fate in FATES:
                edge += self.rates.get(fate, 0.0)
                if x < edge:
                    self.counts[fate] += 1
                    return fate, self.rng.choice(ERROR_STATUSES) if fate == "error" else 0
            self.counts["pass"] += 1
            return "pass", 0

    def fail_outage(self, handler):
        if self.outage_mode == "stall":
            while self.in_outage():
                time.sleep(0.2)
            handler.close_connection = True
            return
        reset(handler.connection)
        handler.close_connection = True

    def forward(self, command, path, headers, body):
        connection = http.client.HTTPConnection(self.upstream.hostname, self.upstream.port, timeout=120)
        try:
            send = {k: v for k, v in headers.items() if k.lower() not in ("host", "connection", "content-length")}
            connection.request(command, path, body=body if command == "POST" else None, headers=send)
            answer = connection.getresponse()
            return answer.status, answer.getheaders(), answer.read()
        finally:
            connection.close()


def reset(sock):
    """Close with an RST: SO_LINGER on with a zero timeout discards the send queue and resets."""
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.close()
    except OSError:
        pass
