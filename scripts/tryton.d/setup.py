"""The business set-up of syncloom's Tryton test database, over JSON-RPC (stdlib only).

usage: setup.py URL DATABASE   (password from TRYTON_ADMIN_PASSWORD, default "admin")
Prints the ids it created as JSON. Run once per seed by scripts/tryton on a freshly initialised database.

Why JSON-RPC rather than trytond's Python API: it is the API the connector speaks, it runs every model's
checks exactly as a client would, and it does not tie the set-up to trytond internals (Transaction, Pool).

What it creates (docs/tryton.md): currency USD, the company "Syncloom Test Shop", the minimal chart of
accounts, fiscal years for last, current and next year with their sequences and periods, the one customer
tax the store charges ("State Tax", 7.5 %, WooCommerce rate 75 "US-CA-STATE TAX"), the product category
"Shop goods" with accounts and that tax, and the default revenue/expense accounts that product-less sale
lines (shipping, fees) are invoiced to, and per-line tax rounding. Shipping carries no tax; a taxable fee
names the State Tax on its line. Tryton books each line's tax as the store charged it (on the line's
amount, half up) thanks to the module account_tax_half_up (scripts/tryton.d/modules), which trytond-admin
activates with sale before this script runs.
"""
import base64, datetime, json, os, sys, urllib.request

URL = sys.argv[1].rstrip("/") + "/" + sys.argv[2] + "/"
PASSWORD = os.environ.get("TRYTON_ADMIN_PASSWORD", "admin")


def encode(value):
    if isinstance(value, Dec):
        return {"__class__": "Decimal", "decimal": value.text}
    if isinstance(value, datetime.date):
        return {"__class__": "date", "year": value.year, "month": value.month, "day": value.day}
    raise TypeError(repr(value))


class Dec:
    """A Decimal sent with its exact text (the set-up never computes with money)."""
    def __init__(self, text):
        self.text = text


class Rpc:
    def __init__(self):
        self.auth, self.context = None, {}

    def __call__(self, method, *params, context=None):
        if self.auth:
            params = params + (dict(self.context, **(context or {})),)
        body = json.dumps({"id": 1, "method": method, "params": list(params)}, default=encode).encode()
        request = urllib.request.Request(URL, body, {"Content-Type": "application/json"})
        if self.auth:
            request.add_header("Authorization", "Session " + self.auth)
        with urllib.request.urlopen(request, timeout=120) as answer:
            reply = json.load(answer)
        if reply.get("error"):
            sys.exit("setup: %s failed: %s" % (method, reply["error"]))
        return reply["result"]

    def login(self):
        self.auth = None
        uid, key = self("common.db.login", "admin", {"password": PASSWORD}, "en")
        self.auth = base64.b64encode(("admin:%s:%s" % (uid, key)).encode()).decode()
        self.context = self("model.res.user.get_preferences", True)
        return uid

    def search(self, model, domain):
        return self("model.%s.search" % model, domain, 0, None, None)

    def create(self, model, values):
        return self("model.%s.create" % model, [values])[0]

    def xml_id(self, module, fs_id):
        rows = self("model.ir.model.data.search_read", [["module", "=", module], ["fs_id", "=", fs_id]],
                    0, None, None, ["db_id"])
        return rows[0]["db_id"]


rpc = Rpc()
uid = rpc.login()

# 1. Currency and company (the currency module ships no currency data).
usd = rpc.create("currency.currency", {"name": "US Dollar", "code": "USD", "symbol": "$", "digits": 2,
    "rates": [["create", [{"date": datetime.date(2000, 1, 1), "rate": Dec("1")}]]]})
party = rpc.create("party.party", {"name": "Syncloom Test Shop"})
company = rpc.create("company.company", {"party": party, "currency": usd})
rpc("model.res.user.write", [uid], {"companies": [["add", [company]]], "company": company})
rpc.login()  # the preferences context now names the company

# 2. Chart of accounts from the built-in minimal template.
template = rpc.search("account.account.template", [["parent", "=", None]])[0]
session, start, _ = rpc("wizard.account.create_chart.create")
rpc("wizard.account.create_chart.execute", session, {}, start)
account = {"company": company, "account_template": template}
rpc("wizard.account.create_chart.execute", session, {"account": account}, "create_account")
receivable = rpc.search("account.account", [["type.receivable", "=", True], ["party_required", "=", True]])[0]
payable = rpc.search("account.account", [["type.payable", "=", True], ["party_required", "=", True]])[0]
rpc("wizard.account.create_chart.execute", session, {"account": account, "properties": {
    "company": company, "account_receivable": receivable, "account_payable": payable}}, "create_properties")
rpc("wizard.account.create_chart.delete", session)
revenue = rpc.search("account.account", [["type.revenue", "=", True]])[0]
expense = rpc.search("account.account", [["type.expense", "=", True]])[0]
tax_account = rpc.search("account.account", [["name", "=", "Main Tax"]])[0]

# 3. Fiscal years around today, so invoices and credit notes can be posted whatever the test's date.
move_type = rpc.xml_id("account", "sequence_type_account_move")
invoice_type = rpc.xml_id("account_invoice", "sequence_type_account_invoice")
this_year = datetime.date.today().year
fiscal_years = {}
for year in (this_year - 1, this_year, this_year + 1):
    moves = rpc.create("ir.sequence", {"name": "Moves %d" % year, "company": company, "sequence_type": move_type})
    invoices = rpc.create("ir.sequence.strict", {"name": "Invoices %d" % year, "company": company,
        "sequence_type": invoice_type, "prefix": "INV%d-" % year})
    fiscal_year = rpc.create("account.fiscalyear", {"name": str(year), "company": company,
        "start_date": datetime.date(year, 1, 1), "end_date": datetime.date(year, 12, 31),
        "post_move_sequence": moves,
        "invoice_sequences": [["create", [{"company": company, "in_invoice_sequence": invoices,
            "in_credit_note_sequence": invoices, "out_invoice_sequence": invoices,
            "out_credit_note_sequence": invoices}]]]})
    rpc("model.account.fiscalyear.create_period", [fiscal_year])
    fiscal_years[str(year)] = fiscal_year

# 4. The store's one tax, shared with the WooCommerce simulator: rate_id 75, "US-CA-STATE TAX", 7.5 % on
#    product lines; shipping is untaxed, so product-less lines carry no tax.
state_tax = rpc.create("account.tax", {"name": "State Tax", "description": "US-CA-STATE TAX",
    "type": "percentage", "rate": Dec("0.075"), "company": company,
    "invoice_account": tax_account, "credit_note_account": tax_account})

# 5. The product category every shop product uses: accounts to invoice it, and the customer tax.
category = rpc.create("product.category", {"name": "Shop goods", "accounting": True,
    "account_revenue": revenue, "account_expense": expense, "customer_taxes": [["add", [state_tax]]]})

# 6. Product-less sale lines (shipping, fees) are invoiced to the configuration's default accounts.
#    Taxes are rounded per line, as WooCommerce does (its default, woocommerce_tax_round_at_subtotal=no);
#    Tryton's default rounds once per document, which differs from the web order by a cent on many orders.
#    How each line's tax is computed and rounded (on the line's amount, half up, as the store charged it)
#    is the module account_tax_half_up that scripts/tryton activates (docs/tryton.md, "Taxes").
rpc("model.account.configuration.write", [1], {"default_category_account_revenue": revenue,
    "default_category_account_expense": expense, "tax_rounding": "line"})

json.dump({
    "company": company,
    "company_party": party,
    "currency": usd,
    "currencies": {"USD": usd},
    "product_category": category,
    "taxes": {"State Tax": state_tax},
    "customer_tax": state_tax,
    "accounts": {"receivable": receivable, "payable": payable, "revenue": revenue, "expense": expense,
                 "tax": tax_account},
    "fiscal_years": fiscal_years,
    "uom_unit": rpc.xml_id("product", "uom_unit"),
    "warehouse": rpc.xml_id("stock", "location_warehouse"),
    "storage_location": rpc.xml_id("stock", "location_storage"),
    "input_location": rpc.xml_id("stock", "location_input"),
    "output_location": rpc.xml_id("stock", "location_output"),
    "customer_location": rpc.xml_id("stock", "location_customer"),
    "supplier_location": rpc.xml_id("stock", "location_supplier"),
}, sys.stdout, indent=2)
print()
