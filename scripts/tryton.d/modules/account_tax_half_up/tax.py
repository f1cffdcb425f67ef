# account_tax_half_up: sale and invoice taxes computed as US sales tax (and WooCommerce) computes them.
#
# Tryton 6.0 computes a line's tax on unit price x quantity before rounding (account/tax.py,
# Tax.compute) and rounds tax amounts half to even (TaxableMixin._round_taxes -> currency.Currency.round,
# ROUND_HALF_EVEN). A US state's sales tax, and the web store that charged it, take the rate of each
# line's amount as shown (quantity x unit price rounded to the cent) and round a half cent up: 7.5 % of
# 39.80 is 2.985, charged 2.99, where Tryton says 2.98. This module makes Tryton book the tax that was
# charged, with two rules:
#  1. a line whose taxes are all plain percentages is taxed on its amount, the rounded figure on the
#     line (taxes with children or fixed amounts per unit keep Tryton's per-unit computation);
#  2. tax amounts are rounded half up (half away from zero, so a return's tax mirrors its sale's).
# Both apply to sales and customer and supplier invoices, so an invoice made from a sale agrees with it.
from decimal import Decimal, ROUND_HALF_UP

from trytond.pool import Pool, PoolMeta


def _plain_percentages(taxes):
    "Whether every tax is a percentage without children: linear in the base, so the base may be the amount"
    Tax = Pool().get('account.tax')
    return all(t.type == 'percentage' and not t.childs for t in Tax.browse(taxes))


def _on_line_amounts(taxable_lines, currency):
    "(taxes, unit price, quantity, date) rows with the base moved to the line's rounded amount"
    if not currency:
        return taxable_lines
    rows = []
    for taxes, unit_price, quantity, tax_date in taxable_lines:
        if taxes and _plain_percentages(taxes):
            # The line's amount exactly as sale.line / account.invoice.line compute it (get_amount).
            amount = currency.round(Decimal(str(quantity or 0)) * (unit_price or Decimal(0)))
            rows.append((taxes, amount, 1, tax_date))
        else:
            rows.append((taxes, unit_price, quantity, tax_date))
    return rows


class HalfUpRounding:
    "Tax amounts rounded half up, once per line or once per document as account.configuration says"
    __slots__ = ()

    def _round_taxes(self, taxes):
        currency = getattr(self, 'currency', None)
        if not currency:
            return
        for taxline in taxes.values():
            taxline['amount'] = currency.round(taxline['amount'], rounding=ROUND_HALF_UP)


class Sale(HalfUpRounding, metaclass=PoolMeta):
    __name__ = 'sale.sale'


class SaleLine(metaclass=PoolMeta):
    __name__ = 'sale.line'

    @property
    def taxable_lines(self):
        sale = getattr(self, 'sale', None)
        return _on_line_amounts(super().taxable_lines, getattr(sale, 'currency', None))


class Invoice(HalfUpRounding, metaclass=PoolMeta):
    __name__ = 'account.invoice'


class InvoiceLine(HalfUpRounding, metaclass=PoolMeta):
    __name__ = 'account.invoice.line'

    @property
    def taxable_lines(self):
        invoice = getattr(self, 'invoice', None)
        currency = getattr(self, 'currency', None) or getattr(invoice, 'currency', None)
        return _on_line_amounts(super().taxable_lines, currency)
