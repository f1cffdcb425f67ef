"""Contract: webhook deliveries. The creation ping (form body, no X-WC headers), WooCommerce's headers and
User-Agent, the signature (verified with openssl and with python's hmac), wp_json_encode bodies, the payload
built at send time, coalescing, disabling on the 7th consecutive failure, and the delivery faults."""
import base64, hashlib, hmac, json, subprocess, time
from woosim import *


def wait_for(fn, what, seconds=10):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if fn():
            return True
        time.sleep(0.05)
    return check(False, "timed out waiting for " + what)


def openssl_signature(body, secret):
    out = subprocess.run(["openssl", "dgst", "-sha256", "-hmac", secret, "-binary"], input=body, capture_output=True, check=True).stdout
    return base64.b64encode(out).decode()


# The documented test vector (API-FACTS.md), checked against openssl here so that the tool itself is trusted.
check(openssl_signature(b'{"id":727,"status":"processing","total":"29.35"}', "wc-erp-test-secret") == "U0s4o96y0dJkmcticyx35vqL6gfiN8CJ6PFz1N7Wtgc=",
      "openssl reproduces the documented signature")

rx = Receiver()
with Sim() as sim:
    p = sim.api("POST", "/products", {"name": "Tee", "regular_price": "10.00"}).json()
    hook = sim.api("POST", "/webhooks", {"name": "products", "topic": "product.updated", "delivery_url": rx.url, "secret": "s3cret"}).json()
    wait_for(lambda: rx.posts, "the ping")
    ping = rx.posts[0]
    check(ping["body"] == f"webhook_id={hook['id']}".encode(), f"ping body: {ping['body']!r}")
    check(not any(k.startswith("X-WC-") for k in ping["headers"]), "the ping has no X-WC-Webhook headers")
    check(ping["headers"]["User-Agent"].startswith("WooCommerce/") and "Hookshot (WordPress/" in ping["headers"]["User-Agent"], "ping User-Agent")

    sim.api("PUT", f"/products/{p['id']}", {"regular_price": "11.00"})
    wait_for(lambda: rx.deliveries(), "a delivery")
    d = rx.deliveries()[0]
    h = d["headers"]
    check(h["X-WC-Webhook-Topic"] == "product.updated" and h["X-WC-Webhook-Resource"] == "product" and h["X-WC-Webhook-Event"] == "updated", "topic headers")
    check(h["X-WC-Webhook-ID"] == str(hook["id"]) and h["X-WC-Webhook-Source"] == sim.base + "/" and len(h["X-WC-Webhook-Delivery-ID"]) == 32, "id/source headers")
    check(h["Content-Type"] == "application/json", "content type")
    check(h["X-WC-Webhook-Signature"] == openssl_signature(d["body"], "s3cret"), "signature = base64(HMAC-SHA256(raw body)) per openssl")
    check(hmac.compare_digest(h["X-WC-Webhook-Signature"], base64.b64encode(hmac.new(b"s3cret", d["body"], hashlib.sha256).digest()).decode()), "per python hmac")
    check(b'"permalink":"http:\\/\\/127.0.0.1' in d["body"] and not d["body"].endswith(b"\n"), "wp_json_encode body: slashes escaped, trimmed")
    check(json.loads(d["body"]) == sim.api("GET", f"/products/{p['id']}").json(), "the payload is the resource's GET body")

    # Coalescing and payload at send time: with deliveries delayed, three edits give one delivery with the last state.
    sim.control("POST", "faults", {"delay_ms": 400})
    n = len(rx.deliveries())
    for price in ("12.00", "13.00", "14.00"):
        sim.api("PUT", f"/products/{p['id']}", {"regular_price": price})
    sim.control("POST", "deliveries/drain", {"timeout_ms": 5000})
    got = rx.deliveries()[n:]
    check(len(got) == 1 and json.loads(got[0]["body"])["regular_price"] == "14.00", f"coalesced into one delivery with the latest state: {len(got)}")
    sim.control("POST", "faults", {"delay_ms": 0})

    # Reorder: with deliveries held back, the newest change is sent first.
    q = sim.api("POST", "/products", {"name": "Other", "regular_price": "1.00"}).json()
    sim.control("POST", "deliveries/drain", {"timeout_ms": 5000})
    sim.control("POST", "faults", {"delay_ms": 300, "reorder": True})
    n = len(rx.deliveries())
    sim.api("PUT", f"/products/{p['id']}", {"regular_price": "14.50"})
    sim.api("PUT", f"/products/{q['id']}", {"regular_price": "1.50"})
    sim.control("POST", "deliveries/drain", {"timeout_ms": 5000})
    order = [json.loads(x["body"])["id"] for x in rx.deliveries()[n:]]
    check(order == [q["id"], p["id"]], f"reorder fault sends newest first: {order}")
    sim.control("DELETE", "faults")

    # Forged signature and duplicates.
    sim.control("POST", "faults", {"forge_share": 1, "duplicate_share": 1})
    n = len(rx.deliveries())
    sim.api("PUT", f"/products/{p['id']}", {"regular_price": "15.00"})
    sim.control("POST", "deliveries/drain", {"timeout_ms": 5000})
    got = rx.deliveries()[n:]
    check(len(got) == 2 and got[0]["body"] == got[1]["body"], f"duplicate fault sends twice: {len(got)}")
    check(got and got[0]["headers"]["X-WC-Webhook-Signature"] != openssl_signature(got[0]["body"], "s3cret"), "forged signature does not verify")
    sim.control("DELETE", "faults")
    sim.control("POST", "faults", {"drop_share": 1})
    n = len(rx.deliveries())
    sim.api("PUT", f"/products/{p['id']}", {"regular_price": "16.00"})
    sim.control("POST", "deliveries/drain", {"timeout_ms": 5000})
    check(len(rx.deliveries()) == n and sim.control("GET", "deliveries")[-1]["outcome"] == "dropped", "drop fault")
    sim.control("DELETE", "faults")

    # Failures: 200..302 succeed; the 7th consecutive failure disables; a success resets the count.
    rx.status = 302
    sim.api("PUT", f"/products/{p['id']}", {"regular_price": "17.00"})
    sim.control("POST", "deliveries/drain", {"timeout_ms": 5000})
    check(sim.control("GET", "webhooks")[0]["failure_count"] == 0, "302 counts as success")
    rx.status = 500
    counts = []
    for i in range(7):
        sim.api("PUT", f"/products/{p['id']}", {"regular_price": f"{20 + i}.00"})
        sim.control("POST", "deliveries/drain", {"timeout_ms": 5000})
        state = sim.control("GET", "webhooks")[0]
        counts.append((state["failure_count"], state["status"]))
    check(counts[:6] == [(i, "active") for i in range(1, 7)] and counts[6] == (6, "disabled"), f"failure counts: {counts}")
    check(sim.api("GET", f"/webhooks/{hook['id']}").json()["status"] == "disabled", "the API shows it disabled")
    n = len(rx.posts)
    sim.api("PUT", f"/products/{p['id']}", {"regular_price": "30.00"})
    sim.control("POST", "deliveries/drain", {"timeout_ms": 2000})
    check(len(rx.posts) == n, "a disabled webhook delivers nothing")
    # Re-activation keeps the count: one more failure disables it again; a success clears it.
    sim.api("PUT", f"/webhooks/{hook['id']}", {"status": "active"})
    sim.api("PUT", f"/products/{p['id']}", {"regular_price": "30.50"})
    sim.control("POST", "deliveries/drain", {"timeout_ms": 5000})
    check(sim.control("GET", "webhooks")[0]["status"] == "disabled", "re-activated with 6 failures: the next failure disables")
    rx.status = 200
    sim.api("PUT", f"/webhooks/{hook['id']}", {"status": "active"})
    sim.api("PUT", f"/products/{p['id']}", {"regular_price": "31.00"})
    sim.control("POST", "deliveries/drain", {"timeout_ms": 5000})
    check(sim.control("GET", "webhooks")[0] ["failure_count"] == 0 and rx.deliveries()[-1]["headers"]["X-WC-Webhook-Topic"] == "product.updated",
          "re-enabled webhook delivers again")
    # order.updated fires on refunds; deleted sends {"id":N}.
    oh = sim.api("POST", "/webhooks", {"topic": "order.updated", "delivery_url": rx.url}).json()
    dh = sim.api("POST", "/webhooks", {"topic": "product.deleted", "delivery_url": rx.url}).json()
    o = sim.api("POST", "/orders", {"line_items": [{"product_id": p["id"], "quantity": 1}], "set_paid": True}).json()
    sim.control("POST", "deliveries/drain", {"timeout_ms": 5000})
    n = len(rx.deliveries())
    sim.api("POST", f"/orders/{o['id']}/refunds", {"amount": "1.00", "api_refund": False})
    sim.control("POST", "deliveries/drain", {"timeout_ms": 5000})
    new = [json.loads(x["body"]) for x in rx.deliveries()[n:] if x["headers"]["X-WC-Webhook-Topic"] == "order.updated"]
    check(new and new[-1]["refunds"][0]["total"] == "-1.00", "order.updated on refund with the refund in the payload")
    sim.api("DELETE", f"/products/{p['id']}", query={"force": "true"})
    sim.control("POST", "deliveries/drain", {"timeout_ms": 5000})
    gone = [x for x in rx.deliveries() if x["headers"]["X-WC-Webhook-Topic"] == "product.deleted"]
    check(gone and gone[-1]["body"] == json.dumps({"id": p["id"]}, separators=(",", ":")).encode(), "deleted payload is {\"id\":N}")
    check(sim.api("POST", "/webhooks", {"topic": "order.shipped", "delivery_url": rx.url}).json()["code"] == "woocommerce_rest_webhook_invalid_topic", "invalid topic")
    check(sim.api("POST", "/webhooks", {"topic": "order.created", "delivery_url": "ftp://x"}).json()["code"] == "woocommerce_rest_webhook_invalid_delivery_url", "invalid url")
rx.close()

# A receiver that never answers must not hold the simulator's shutdown for the delivery timeout.
import socket
hang = socket.socket()
hang.bind(("127.0.0.1", 0))
hang.listen(4)
sim = Sim("--webhook-timeout-ms", "30000")
with sim:
    sim.api("POST", "/webhooks", {"topic": "order.created", "delivery_url": f"http://127.0.0.1:{hang.getsockname()[1]}/"})
    time.sleep(0.3)  # the ping is now waiting for an answer
    started = time.time()
check(sim.code == 0 and time.time() - started < 5, f"shutdown with a hanging delivery took {time.time() - started:.1f}s")
hang.close()
finish()
