// The record table (see records.hpp).
#include "tryton/records.hpp"

namespace syncloom::connectors::tryton {

const std::vector<RecordInfo>& record_infos() {
  static const std::vector<RecordInfo> infos = {
      {"customer", "party.party", "[]", "code",
       {{"id", "id", "=", ""},
        {"code", "code", "=", ""},
        {"email", "contact_mechanisms.value", "ilike", R"(["contact_mechanisms.type","=","email"])"},
        {"identifiers", "identifiers.code", "=", ""},
        {"identifier", "identifiers.code", "=", ""},
        {"name", "name", "=", ""}},
       {{"sales", "", "salesOrder"}}},
      {"inventoryItem", "product.product", "[]", "code",
       {{"id", "id", "=", ""}, {"code", "code", "=", ""}, {"suffix_code", "suffix_code", "=", ""},
        {"template", "template", "=", ""}},
       {},
       true},
      {"salesOrder", "sale.sale", "[]", "reference",
       {{"id", "id", "=", ""}, {"reference", "reference", "=", ""}, {"number", "number", "=", ""},
        {"origin", "origin", "=", ""}},
       {{"shipments", "shipments", "shipment"},
        {"shipment_returns", "shipment_returns", "returnOrder"},
        {"invoices", "invoices", "invoice"}}},
      {"shipment", "stock.shipment.out", "[]", "",
       {{"id", "id", "=", ""}, {"number", "number", "=", ""}, {"reference", "reference", "=", ""}},
       {}},
      {"returnOrder", "stock.shipment.out.return", "[]", "",
       {{"id", "id", "=", ""}, {"number", "number", "=", ""}, {"reference", "reference", "=", ""}},
       {},
       false,
       // Tryton 6.0 copies no sale reference onto a return shipment; its moves come from the return sale's lines.
       {{"sale_reference", "incoming_moves.origin.sale.reference"}}},
      // Tryton 6.0 keeps invoices and credit notes in one model; a credit note has a negative total.
      {"invoice", "account.invoice", R"([["type","=","out"],["total_amount",">=",0]])", "",
       {{"id", "id", "=", ""}, {"number", "number", "=", ""}, {"reference", "reference", "=", ""}},
       {}},
      {"creditMemo", "account.invoice", R"([["type","=","out"],["total_amount","<",0]])", "",
       {{"id", "id", "=", ""}, {"number", "number", "=", ""}, {"reference", "reference", "=", ""}},
       {}},
  };
  return infos;
}

const RecordInfo* find_record_info(std::string_view record) {
  for (const RecordInfo& info : record_infos())
    if (info.record == record) return &info;
  return nullptr;
}

bool is_writable(const RecordInfo& info) {
  return info.record == "customer" || info.record == "inventoryItem" || info.record == "salesOrder";
}

bool is_template_field(std::string_view field) {
  for (std::string_view f : {"name", "type", "consumable", "list_price", "default_uom", "salable", "sale_uom",
                             "account_category"})
    if (f == field) return true;
  return false;
}

}  // namespace syncloom::connectors::tryton
