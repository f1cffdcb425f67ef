"""A small Tryton 6.0 JSON-RPC client (python3 stdlib only) for test set-up and checks: independent of
syncloom's connector, so a check made through it does not share the connector's mistakes."""
import base64
import datetime
import json
import urllib.request
from decimal import Decimal


def _encode(value):
    if isinstance(value, Decimal):
        return {"__class__": "Decimal", "decimal": str(value)}
    if isinstance(value, datetime.datetime):
        return {"__class__": "datetime", "year": value.year, "month": value.month, "day": value.day,
                "hour": value.hour, "minute": value.minute, "second": value.second, "microsecond": value.microsecond}
    if isinstance(value, datetime.date):
        return {"__class__": "date", "year": value.year, "month": value.month, "day": value.day}
    raise TypeError(repr(value))


def _decode(obj):
    kind = obj.get("__class__")
    if kind == "Decimal":
        return Decimal(obj["decimal"])
    if kind == "date":
        return datetime.date(obj["year"], obj["month"], obj["day"])
    if kind == "datetime":
        return datetime.datetime(obj["year"], obj["month"], obj["day"], obj.get("hour", 0), obj.get("minute", 0),
                                 obj.get("second", 0), obj.get("microsecond", 0))
    return obj


class Tryton:
    def __init__(self, url, database, user="admin", password="admin"):
        self.endpoint = url.rstrip("/") + "/" + database + "/"
        uid, session = self._post("common.db.login", [user, {"password": password}, "en"], None)
        self.auth = "Session " + base64.b64encode(("%s:%s:%s" % (user, uid, session)).encode()).decode()
        self.context = self._post("model.res.user.get_preferences", [True, {}], self.auth)

    def _post(self, method, params, auth):
        body = json.dumps({"id": 1, "method": method, "params": params}, default=_encode).encode()
        headers = {"Content-Type": "application/json"}
        if auth:
            headers["Authorization"] = auth
        request = urllib.request.Request(self.endpoint, body, headers)
        with urllib.request.urlopen(request, timeout=120) as answer:
            reply = json.loads(answer.read(), object_hook=_decode, parse_float=Decimal)
        if reply.get("error"):
            raise RuntimeError("%s: %s" % (method, reply["error"]))
        return reply["result"]

    def call(self, model_method, *args):
        return self._post("model." + model_method, list(args) + [self.context], self.auth)

    def search_read(self, model, domain, fields, order=None):
        return self.call(model + ".search_read", domain, 0, None, order, fields)

    def create(self, model, values):
        return self.call(model + ".create", values)
