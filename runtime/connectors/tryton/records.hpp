// How each record of schemas/tryton.yaml maps to a Tryton model: the model, the domain that selects the
// records of this kind, the fields find() may search by, and the relations related() follows.
#pragma once
#include <string_view>
#include <vector>

namespace syncloom::connectors::tryton {

struct KeyField {
  std::string_view field;   ///< as KeyQuery::field names it ("email", "reference")
  std::string_view path;    ///< the Tryton field searched ("contact_mechanisms.value")
  std::string_view op;      ///< "=" or "ilike" (case-insensitive: e-mails)
  std::string_view also;    ///< a second condition as JSON ("[\"contact_mechanisms.type\",\"=\",\"email\"]") or ""
};

struct Relation {
  std::string_view name;    ///< RelatedQuery::relation ("shipments")
  std::string_view field;   ///< the field of this record holding the related ids
  std::string_view record;  ///< the related record ("shipment")
};

/// A read-only field of the schema that Tryton does not store on the model: read through a dotted path
/// and taken from the first related record that has it (the return sale's reference of a return shipment,
/// through its moves' origin sale lines).
struct DerivedField {
  std::string_view field;  ///< the schema's name ("sale_reference")
  std::string_view read;   ///< what search_read asks for ("incoming_moves.origin.sale.reference")
};

struct RecordInfo {
  std::string_view record;        ///< "salesOrder"
  std::string_view model;         ///< "sale.sale"
  std::string_view base_domain;   ///< JSON domain every search of this record adds ("[]": none)
  std::string_view natural_key;   ///< the field searched before a create when the request names no key
  std::vector<KeyField> keys;
  std::vector<Relation> relations;
  bool stock = false;             ///< read with the warehouse in the context (quantity, forecast_quantity)
  std::vector<DerivedField> derived{};
};

/// nullptr for a record the Tryton schema does not have.
const RecordInfo* find_record_info(std::string_view record);
const std::vector<RecordInfo>& record_infos();

/// Records the connector creates and updates: customers, items and sales. Shipments, returns, invoices and
/// credit notes are made by Tryton from sales and moved on by the connector's operations.
bool is_writable(const RecordInfo& info);

/// inventoryItem fields stored on product.template: read through the variant, written on the template.
bool is_template_field(std::string_view field);

}  // namespace syncloom::connectors::tryton
