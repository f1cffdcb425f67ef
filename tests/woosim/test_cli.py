"""Contract: the command line. Usage errors exit 2, an unknown time zone exits 1, --assume-https, --scope,
--control-token, --site-url and --timezone do what docs/woosim.md says."""
import base64, calendar, subprocess
from woosim import *

r = subprocess.run([BINARY], capture_output=True, text=True, timeout=10)
check(r.returncode == 2 and "--port is required" in r.stderr and "usage:" in r.stderr, f"no --port: {r.returncode} {r.stderr!r}")
r = subprocess.run([BINARY, "--port", "0", "--bogus", "1"], capture_output=True, text=True, timeout=10)
check(r.returncode == 2 and "unknown option --bogus" in r.stderr, "unknown option")
r = subprocess.run([BINARY, "--port", "0", "--timezone", "Mars/Olympus"], capture_output=True, text=True, timeout=10)
check(r.returncode == 1 and "unknown time zone" in r.stderr, f"bad zone: {r.stderr!r}")
r = subprocess.run([BINARY, "--help"], capture_output=True, text=True, timeout=10)
check(r.returncode == 0 and "--webhook-secret" in r.stdout, "--help")

basic = {"Authorization": "Basic " + base64.b64encode(f"{KEY}:{SECRET}".encode()).decode()}
with Sim("--assume-https", "--scope", "read", "--control-token", "tok", "--site-url", "https://shop.example.com/",
         "--timezone", "Europe/Berlin") as sim:
    r = sim.request("GET", "/wp-json/wc/v3/products", headers=basic)
    check(r.status == 200, "--assume-https accepts Basic without X-Forwarded-Proto")
    r = sim.request("POST", "/wp-json/wc/v3/products", {"name": "x"}, headers=basic)
    check(r.status == 401 and r.json()["message"] == "The API key provided does not have write permissions.", "--scope read")
    check(sim.request("GET", "/__sim/health").status == 403, "--control-token guards the control API")
    h = sim.request("GET", "/__sim/health", headers={"X-Woosim-Token": "tok"})
    check(h.status == 200 and h.json()["site"] == "https://shop.example.com", "token accepted; --site-url trimmed")
    sim.request("POST", "/__sim/clock", {"set": "2026-07-01T10:00:00"}, headers={"X-Woosim-Token": "tok"})
    sim.request("POST", "/__sim/keys", {"consumer_key": "ck_rw", "consumer_secret": "cs_rw"}, headers={"X-Woosim-Token": "tok"})
    rw = {"Authorization": "Basic " + base64.b64encode(b"ck_rw:cs_rw").decode()}
    p = sim.request("POST", "/wp-json/wc/v3/products", {"name": "Berlin"}, headers=rw).json()
    check(p["date_created"] == "2026-07-01T12:00:00" and p["date_created_gmt"] == "2026-07-01T10:00:00", f"--timezone (CEST): {p['date_created']}")
    check(p["_links"]["self"][0]["href"] == f"https://shop.example.com/wp-json/wc/v3/products/{p['id']}", "links use --site-url")
    # OAuth base strings use the site URL with the request's scheme (https here).
    path = "/wp-json/wc/v3/products"
    now = calendar.timegm((2026, 7, 1, 10, 0, 0))  # the simulator's frozen clock
    q = oauth_params("GET", "https://shop.example.com" + path, {}, key="ck_rw", secret="cs_rw", timestamp=now)
    check(sim.request("GET", path, query=q).status == 200, "OAuth signed over the site URL")
check(sim.code == 0, "clean exit")
finish()
