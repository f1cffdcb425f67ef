"""Test harness for syncloom-woosim: starts a simulator on a free loopback port, signs requests (Basic over
"HTTPS", OAuth 1.0a written here independently of the simulator), runs a webhook receiver, and stops it all."""
import base64, hashlib, hmac, http.server, json, os, random, socket, subprocess, sys, threading, time
import urllib.parse, urllib.request, urllib.error

BINARY = os.environ.get("WOOSIM_BINARY", "")
SAMPLES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "samples")
KEY, SECRET = "ck_test_key", "cs_test_secret"
FAILURES = []


def check(cond, what):
    if not cond:
        FAILURES.append(what)
        print("FAIL:", what, file=sys.stderr)
    return cond


def finish():
    if FAILURES:
        print(f"{len(FAILURES)} check(s) failed", file=sys.stderr)
        sys.exit(1)
    print("ok")


def sample(name):
    with open(os.path.join(SAMPLES, name)) as f:
        return json.load(f)


class Response:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.raw = status, headers, body

    def json(self):
        return json.loads(self.raw)

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None


def rfc3986(s):
    return urllib.parse.quote(str(s), safe="-_.~")


def oauth_params(method, url, query, secret=SECRET, key=KEY, algo="HMAC-SHA256", timestamp=None, nonce=None):
    """RFC 5849 one-legged signature as WooCommerce checks it: all query params plus oauth_*, sorted, key `secret&`."""
    params = dict(query)
    params.update({"oauth_consumer_key": key, "oauth_timestamp": str(timestamp if timestamp is not None else int(time.time())),
                   "oauth_nonce": nonce or "%032x" % random.getrandbits(128), "oauth_signature_method": algo})
    pairs = sorted((rfc3986(k), rfc3986(v)) for k, v in params.items())
    base = "&".join([method, rfc3986(url), rfc3986("&".join(f"{k}={v}" for k, v in pairs))])
    digest = hashlib.sha1 if algo == "HMAC-SHA1" else hashlib.sha256
    params["oauth_signature"] = base64.b64encode(hmac.new((secret + "&").encode(), base.encode(), digest).digest()).decode()
    return params


class Sim:
    def __init__(self, *extra, context=None):
        self.context = context  # an ssl.SSLContext for a --tls-cert simulator
        self.args = [BINARY, "--port", "0", "--key", KEY, "--secret", SECRET, "--webhook-secret", "wh-secret",
                     "--webhook-timeout-ms", "2000", *extra]

    def __enter__(self):
        self.proc = subprocess.Popen(self.args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline().strip()
        if not (line.startswith("woosim listening on http://127.0.0.1:") or line.startswith("woosim listening on https://127.0.0.1:")):
            self.proc.kill()
            raise RuntimeError("simulator did not start: " + line + self.proc.stderr.read())
        self.base = line.split(" ")[-1]
        self.port = int(self.base.rsplit(":", 1)[1])
        return self

    def __exit__(self, *exc):
        self.proc.terminate()
        try:
            self.code = self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.code = self.proc.wait()

    def request(self, method, path, body=None, query=None, headers=None, raw=None):
        url = self.base + path + (("?" + urllib.parse.urlencode(query)) if query else "")
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
        if data is not None and "Content-Type" not in (headers or {}):
            req.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(req, timeout=30, context=self.context) as r:
                return Response(r.status, r.getheaders(), r.read())
        except urllib.error.HTTPError as e:
            return Response(e.code, e.headers.items(), e.read())

    def api(self, method, route, body=None, query=None, **kw):
        """Basic auth over "HTTPS" (X-Forwarded-Proto), the way a TLS-terminating proxy presents it."""
        token = base64.b64encode(f"{KEY}:{SECRET}".encode()).decode()
        headers = {"Authorization": "Basic " + token, "X-Forwarded-Proto": "https"}
        headers.update(kw.pop("headers", {}))
        return self.request(method, "/wp-json/wc/v3" + route, body, query, headers, **kw)

    def oauth(self, method, route, query=None, body=None, **kw):
        path = "/wp-json/wc/v3" + route
        return self.request(method, path, body, oauth_params(method, self.base + path, query or {}, **kw))

    def control(self, method, path, body=None):
        r = self.request(method, "/__sim/" + path, body)
        return r.json()


class Receiver:
    """A webhook endpoint on loopback recording every POST; answers `status` (changeable)."""

    def __init__(self, status=200):
        self.status, self.posts, self.lock = status, [], threading.Lock()
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with outer.lock:
                    outer.posts.append({"headers": dict(self.headers.items()), "body": body, "path": self.path})
                self.send_response(outer.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *a):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()

    def deliveries(self):
        with self.lock:
            return [p for p in self.posts if "X-WC-Webhook-Topic" in p["headers"]]


def shape_diff(sample_value, actual, path="$", nullable=()):
    """Differences in field names, their order and JSON types between a sample and an answer."""
    out = []
    kind = lambda v: "null" if v is None else "bool" if isinstance(v, bool) else "number" if isinstance(v, (int, float)) \
        else "string" if isinstance(v, str) else "array" if isinstance(v, list) else "object"
    if isinstance(sample_value, dict) and isinstance(actual, dict):
        if list(sample_value.keys()) != list(actual.keys()):
            out.append(f"{path}: keys {list(actual.keys())} != sample {list(sample_value.keys())}")
        for k in sample_value:
            if k in actual:
                out += shape_diff(sample_value[k], actual[k], f"{path}.{k}", nullable)
    elif isinstance(sample_value, list) and isinstance(actual, list):
        if sample_value and actual:
            out += shape_diff(sample_value[0], actual[0], path + "[0]", nullable)
    elif kind(sample_value) != kind(actual):
        leaf = path.rsplit(".", 1)[-1]
        if not ({kind(sample_value), kind(actual)} <= {"null", "string", "object", "number"} and "null" in {kind(sample_value), kind(actual)} and leaf in nullable):
            out.append(f"{path}: type {kind(actual)} != sample {kind(sample_value)}")
    return out
