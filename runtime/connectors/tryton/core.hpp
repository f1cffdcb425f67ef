// What the Tryton connector's parts share: configuration, schema, the JSON-RPC client and small helpers
// for domains and reads. read.cpp, write.cpp and events.cpp are free functions over a Core.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "syncloom/connectors/connector.hpp"
#include "syncloom/schema/schema.hpp"
#include "tryton/client.hpp"
#include "tryton/codec.hpp"
#include "tryton/records.hpp"

namespace syncloom::connectors::tryton {

struct Core {
  SystemConfig config;
  std::shared_ptr<const schema::SystemSchema> schema;
  std::unique_ptr<RpcClient> rpc;
  int64_t warehouse = 5;  ///< stock.location id whose stock inventoryItem reads (setting `warehouse`)

  const schema::StructType* type(std::string_view record) const {
    const schema::RecordSchema* r = schema->find_record(record);
    return r ? r->type.get() : nullptr;
  }
  /// The context of reads of `info`: inactive records too, and the warehouse for stock.
  wire::Value read_context(const RecordInfo& info) const;
};

/// A Tryton id from text ("42"); nullopt unless a positive integer and nothing else.
std::optional<int64_t> parse_id(std::string_view text);

/// [field, op, value]
wire::Value condition(std::string_view field, std::string_view op, wire::Value value);
/// A domain from JSON text (the record table's base domains); an empty array when it does not parse.
wire::Value domain_from(std::string_view json);
wire::Value ids_value(const std::vector<int64_t>& ids);
/// The ids of a JSON array of integers (search results, x2many fields).
std::vector<int64_t> ids_of(const wire::Value& list);
/// "write_date" when set, else "create_date", of a decoded record: what changes when the record does.
std::string version_of(const wire::Value& decoded);
/// The fields read for a record (the schema's, dotted for nested lists), plus create/write dates.
std::vector<std::string> fields_for(const Core& core, const RecordInfo& info);
wire::Value strings_value(const std::vector<std::string>& strings);

/// A decoded Tryton row as a Fetched record.
Fetched fetched_from(const Core& core, const RecordInfo& info, const wire::Value& row);
/// Reads `ids` of `info` in one call; missing ids are simply absent from the answer.
Outcome read_rows(Core& core, const RecordInfo& info, const std::vector<int64_t>& ids, std::vector<wire::Value>& rows,
                  std::string_view correlation_id = {});

}  // namespace syncloom::connectors::tryton
