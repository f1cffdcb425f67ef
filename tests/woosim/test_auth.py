"""Contract: authentication as WC_REST_Authentication does it. Basic and query keys only over HTTPS, OAuth 1.0a
(signed here with python's hmac, independently of the simulator) over plain HTTP, key scopes, WooCommerce's 401s."""
import base64, time
from woosim import *


def code(r):
    try:
        return r.status, r.json().get("code"), r.json().get("message")
    except Exception:
        return r.status, None, r.raw


with Sim() as sim:
    basic = {"Authorization": "Basic " + base64.b64encode(f"{KEY}:{SECRET}".encode()).decode()}
    check(code(sim.request("GET", "/wp-json/wc/v3/orders")) == (401, "woocommerce_rest_cannot_view", "Sorry, you cannot list resources."), "no credentials: cannot_view")
    check(code(sim.request("GET", "/wp-json/wc/v3/orders", headers=basic))[:2] == (401, "woocommerce_rest_cannot_view"),
          "Basic auth over plain HTTP is ignored, as is_ssl() is false")
    check(sim.request("GET", "/wp-json/wc/v3/orders", headers={**basic, "X-Forwarded-Proto": "https"}).status == 200, "Basic over HTTPS (forwarded)")
    bad = {"Authorization": "Basic " + base64.b64encode(f"{KEY}:wrong".encode()).decode(), "X-Forwarded-Proto": "https"}
    r = sim.request("GET", "/wp-json/wc/v3/orders", headers=bad)
    check(code(r) == (401, "woocommerce_rest_authentication_error", "Consumer secret is invalid."), f"bad secret: {code(r)}")
    check((r.header("WWW-Authenticate") or "").startswith('Basic realm="WooCommerce API.'), "bad Basic secret sends WWW-Authenticate")
    check(sim.request("GET", "/wp-json/wc/v3/orders", query={"consumer_key": KEY, "consumer_secret": SECRET}, headers={"X-Forwarded-Proto": "https"}).status == 200,
          "query-string keys over HTTPS")
    check(sim.request("GET", "/wp-json/wc/v3/orders", query={"consumer_key": KEY, "consumer_secret": SECRET}).status == 401,
          "query-string keys over plain HTTP are refused")

    for algo in ("HMAC-SHA1", "HMAC-SHA256"):
        r = sim.oauth("GET", "/orders", {"per_page": "5", "status": "any"}, algo=algo)
        check(r.status == 200, f"OAuth {algo} in the query: {code(r)}")
    # OAuth in an Authorization header.
    path = "/wp-json/wc/v3/products"
    params = oauth_params("GET", sim.base + path, {})
    header = "OAuth " + ", ".join(f'{k}="{rfc3986(v)}"' for k, v in params.items())
    check(sim.request("GET", path, headers={"Authorization": header}).status == 200, "OAuth in the Authorization header")
    # A POST signs its query only; the JSON body is not signed.
    r = sim.oauth("POST", "/customers", body={"email": "oauth@example.com"})
    check(r.status == 201, f"OAuth POST: {code(r)}")
    # Failures.
    p = oauth_params("GET", sim.base + "/wp-json/wc/v3/orders", {}, secret="not-the-secret")
    check(code(sim.request("GET", "/wp-json/wc/v3/orders", query=p)) == (401, "woocommerce_rest_authentication_error", "Invalid signature - provided signature does not match."),
          "OAuth wrong secret")
    p = oauth_params("GET", sim.base + "/wp-json/wc/v3/orders", {}, key="ck_unknown")
    check(code(sim.request("GET", "/wp-json/wc/v3/orders", query=p))[2] == "Consumer key is invalid.", "OAuth unknown key")
    p = oauth_params("GET", sim.base + "/wp-json/wc/v3/orders", {})
    del p["oauth_nonce"]
    check(code(sim.request("GET", "/wp-json/wc/v3/orders", query=p)) == (401, "woocommerce_rest_authentication_missing_parameter", "Missing OAuth parameter oauth_nonce"),
          "OAuth missing nonce")
    p = oauth_params("GET", sim.base + "/wp-json/wc/v3/orders", {}, algo="PLAINTEXT")
    check(code(sim.request("GET", "/wp-json/wc/v3/orders", query=p))[2] == "Invalid signature - signature method is invalid.", "OAuth PLAINTEXT refused")
    p = oauth_params("GET", sim.base + "/wp-json/wc/v3/orders", {}, timestamp=int(time.time()) - 16 * 60)
    check(code(sim.request("GET", "/wp-json/wc/v3/orders", query=p))[2] == "Invalid timestamp.", "OAuth timestamp 16 minutes old")
    p = oauth_params("GET", sim.base + "/wp-json/wc/v3/orders", {}, timestamp=int(time.time()) - 14 * 60)
    check(sim.request("GET", "/wp-json/wc/v3/orders", query=p).status == 200, "OAuth timestamp 14 minutes old is accepted")
    check(code(sim.request("GET", "/wp-json/wc/v3/orders", query=p))[2] == "Invalid nonce - nonce has already been used.", "OAuth nonce replay")
    # The clock control moves "now": a timestamp 1 hour ahead becomes valid.
    future = int(time.time()) + 3600
    p = oauth_params("GET", sim.base + "/wp-json/wc/v3/orders", {}, timestamp=future)
    check(code(sim.request("GET", "/wp-json/wc/v3/orders", query=p))[2] == "Invalid timestamp.", "OAuth future timestamp")
    sim.control("POST", "clock", {"advance_seconds": 3600})
    p = oauth_params("GET", sim.base + "/wp-json/wc/v3/orders", {}, timestamp=future)
    check(sim.request("GET", "/wp-json/wc/v3/orders", query=p).status == 200, "OAuth timestamp valid after the clock moved")
    sim.control("POST", "clock", {"advance_seconds": -3600})
    # Scopes.
    sim.control("POST", "keys", {"consumer_key": "ck_ro", "consumer_secret": "cs_ro", "permissions": "read"})
    sim.control("POST", "keys", {"consumer_key": "ck_wo", "consumer_secret": "cs_wo", "permissions": "write"})
    ro = sim.oauth("POST", "/customers", body={"email": "ro@example.com"}, key="ck_ro", secret="cs_ro")
    check(code(ro) == (401, "woocommerce_rest_authentication_error", "The API key provided does not have write permissions."), f"read key writing: {code(ro)}")
    check(sim.oauth("GET", "/orders", key="ck_ro", secret="cs_ro").status == 200, "read key reading")
    wo = sim.oauth("GET", "/orders", key="ck_wo", secret="cs_wo")
    check(code(wo)[2] == "The API key provided does not have read permissions.", "write key reading")
    check(code(sim.request("GET", "/wp-json/wc/v3/orders", query={"per_page": 500}))[:2] == (400, "rest_invalid_param"),
          "arguments are validated before permissions, as WordPress does")
    # Unauthenticated writes name their operation.
    check(code(sim.request("POST", "/wp-json/wc/v3/orders", {}))[1] == "woocommerce_rest_cannot_create", "no auth create")
    check(code(sim.request("POST", "/wp-json/wc/v3/orders/batch", {}))[1] == "woocommerce_rest_cannot_batch", "no auth batch")
    check(code(sim.request("DELETE", "/wp-json/wc/v3/orders/1"))[1] == "woocommerce_rest_cannot_delete", "no auth delete")
finish()
