#!/usr/bin/env python3
"""Unit tests of tests/chaos/fault_proxy.py against a local HTTP echo server (a few seconds, stdlib only)."""
import http.client
import http.server
import os
import sys
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fault_proxy import FaultProxy  # noqa: E402


class Echo(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    seen = []

    def log_message(self, *args):
        pass

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        Echo.seen.append(body)
        answer = b'{"result": "' + body + b'", "pad": "' + b"x" * 200 + b'"}'
        self.send_response(200)
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)


def post(url, body, timeout=5):
    host, port = url.split("//")[1].split(":")
    c = http.client.HTTPConnection(host, int(port), timeout=timeout)
    try:
        c.request("POST", "/db/", body=body)
        r = c.getresponse()
        return r.status, r.read()
    finally:
        c.close()


class FaultProxyTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.echo = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Echo)
        threading.Thread(target=cls.echo.serve_forever, daemon=True).start()
        cls.upstream = "http://127.0.0.1:%d" % cls.echo.server_address[1]

    @classmethod
    def tearDownClass(cls):
        cls.echo.shutdown()

    def setUp(self):
        Echo.seen.clear()
        self.proxy = FaultProxy(self.upstream, seed=3, delay_s=0.3)

    def tearDown(self):
        self.proxy.close()

    def test_pass(self):
        status, body = post(self.proxy.url, b"hello")
        self.assertEqual(status, 200)
        self.assertIn(b'"result": "hello"', body)
        self.assertEqual(Echo.seen, [b"hello"])

    def test_error_never_reaches_upstream(self):
        self.proxy.set_rates(error=1.0)
        statuses = {post(self.proxy.url, b"e%d" % i)[0] for i in range(20)}
        self.assertTrue(statuses <= {429, 500, 502, 503, 504} and len(statuses) > 1, statuses)
        self.assertEqual(Echo.seen, [])

    def test_drop(self):
        self.proxy.set_rates(drop=1.0)
        with self.assertRaises((http.client.RemoteDisconnected, ConnectionError)):
            post(self.proxy.url, b"d")
        self.assertEqual(Echo.seen, [])

    def test_reset_is_an_rst(self):
        self.proxy.set_rates(reset=1.0)
        with self.assertRaises(ConnectionResetError):
            post(self.proxy.url, b"r")
        self.assertEqual(Echo.seen, [])

    def test_partial_write_after_upstream_ran(self):
        self.proxy.set_rates(partial=1.0)
        with self.assertRaises(http.client.IncompleteRead):
            post(self.proxy.url, b"p")
        self.assertEqual(Echo.seen, [b"p"])  # the write happened; the answer did not arrive whole

    def test_delay(self):
        self.proxy.set_rates(delay=1.0)
        started = time.time()
        self.assertEqual(post(self.proxy.url, b"s")[0], 200)
        self.assertGreaterEqual(time.time() - started, 0.3)

    def test_shares_are_seeded_and_repeatable(self):
        def fates(seed):
            p = FaultProxy(self.upstream, seed=seed)
            p.set_rates(error=0.15, drop=0.05, reset=0.05, partial=0.05)
            try:
                return [p.draw()[0] for _ in range(2000)]
            finally:
                p.close()
        a, b = fates(11), fates(11)
        self.assertEqual(a, b)
        faulty = sum(f != "pass" for f in a) / len(a)
        self.assertAlmostEqual(faulty, 0.30, delta=0.04)
        self.assertNotEqual(a, fates(12))

    def test_outage_refuse_then_back(self):
        self.proxy.outage(0.6, "refuse")
        with self.assertRaises(ConnectionError):
            post(self.proxy.url, b"o")
        time.sleep(0.7)
        self.assertEqual(post(self.proxy.url, b"o2")[0], 200)
        self.assertEqual(Echo.seen, [b"o2"])

    def test_outage_stall(self):
        self.proxy.outage(0.5, "stall")
        started = time.time()
        with self.assertRaises((http.client.RemoteDisconnected, ConnectionError)):
            post(self.proxy.url, b"st")
        self.assertGreaterEqual(time.time() - started, 0.45)
        self.assertEqual(Echo.seen, [])

    def test_rates_validated(self):
        with self.assertRaises(ValueError):
            self.proxy.set_rates(error=0.8, drop=0.4)
        with self.assertRaises(ValueError):
            self.proxy.set_rates(explode=0.1)


if __name__ == "__main__":
    unittest.main()
