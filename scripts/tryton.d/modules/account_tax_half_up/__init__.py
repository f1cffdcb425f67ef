# account_tax_half_up: Tryton registration of the models tax.py extends.
from trytond.pool import Pool

from . import tax


def register():
    Pool.register(
        tax.Sale,
        tax.SaleLine,
        tax.Invoice,
        tax.InvoiceLine,
        module='account_tax_half_up', type_='model')
