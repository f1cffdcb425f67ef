"""Contract: with --tls-cert/--tls-key the simulator serves HTTPS; Basic auth then works without any forwarded
header, OAuth base strings use https://, and a client that verifies certificates refuses an untrusted one."""
import base64, os, ssl, subprocess, tempfile, urllib.error, urllib.request
from woosim import *

with tempfile.TemporaryDirectory() as tmp:
    cert, key = os.path.join(tmp, "cert.pem"), os.path.join(tmp, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True)
    trusted = ssl.create_default_context(cafile=cert)
    with Sim("--tls-cert", cert, "--tls-key", key, context=trusted) as sim:
        check(sim.base.startswith("https://127.0.0.1:"), f"prints an https URL: {sim.base}")
        basic = {"Authorization": "Basic " + base64.b64encode(f"{KEY}:{SECRET}".encode()).decode()}
        r = sim.request("GET", "/wp-json/wc/v3/orders", headers=basic)
        check(r.status == 200, f"Basic auth over real TLS: {r.status}")
        r = sim.oauth("GET", "/orders", {"per_page": "2"})
        check(r.status == 200, f"OAuth signed over https://: {r.status}")
        p = sim.request("POST", "/wp-json/wc/v3/products", {"name": "Secure"}, headers=basic).json()
        check(p["_links"]["self"][0]["href"].startswith(sim.base), "links use the https site URL")
        try:
            urllib.request.urlopen(sim.base + "/wp-json/wc/v3", timeout=10, context=ssl.create_default_context())
            check(False, "an untrusted certificate is refused by a verifying client")
        except urllib.error.URLError as e:
            check("CERTIFICATE_VERIFY_FAILED" in str(e), f"verification failure: {e}")
    check(sim.code == 0, "clean exit")
    r = subprocess.run([BINARY, "--port", "0", "--tls-cert", cert, "--tls-key", cert], capture_output=True, text=True, timeout=10)
    check(r.returncode == 1 and "cannot use --tls-cert" in r.stderr, f"bad key file: {r.returncode} {r.stderr!r}")
finish()
