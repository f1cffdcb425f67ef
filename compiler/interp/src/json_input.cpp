// JSON in: simdjson's on-demand parser (it validates UTF-8), numbers kept as their exact text.
#include <simdjson.h>

#include "eval.hpp"

namespace syncloom::interp {

const Value* Value::field(std::string_view name) const {
  const Object* o = object();
  if (!o) return nullptr;
  for (const auto& [k, v] : *o)
    if (k == name) return &v;
  return nullptr;
}

namespace detail {
namespace {

using simdjson::ondemand::json_type;

Value convert(simdjson::ondemand::value value, int depth) {
  if (depth > 256) throw RecordError{"input nested deeper than 256 levels"};
  json_type type;
  if (value.type().get(type)) throw RecordError{"input is not valid JSON"};
  switch (type) {
    case json_type::null:
      if (value.is_null().error()) throw RecordError{"input is not valid JSON"};
      return Value::null();
    case json_type::boolean: {
      bool b;
      if (value.get_bool().get(b)) throw RecordError{"input is not valid JSON"};
      return {b};
    }
    case json_type::number: {
      std::string_view raw = value.raw_json_token();
      while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\n' || raw.back() == '\t' || raw.back() == '\r')) raw.remove_suffix(1);
      return {RawNumber{std::string(raw)}};
    }
    case json_type::string: {
      std::string_view s;
      if (value.get_string().get(s)) throw RecordError{"input has an invalid string (bad escape or UTF-8)"};
      return {std::string(s)};
    }
    case json_type::array: {
      List items;
      simdjson::ondemand::array array;
      if (value.get_array().get(array)) throw RecordError{"input is not valid JSON"};
      for (auto element : array) {
        simdjson::ondemand::value item;
        if (element.get(item)) throw RecordError{"input is not valid JSON"};
        items.push_back(convert(item, depth + 1));
      }
      return Value::of_list(std::move(items));
    }
    case json_type::object: {
      Object fields;
      simdjson::ondemand::object object;
      if (value.get_object().get(object)) throw RecordError{"input is not valid JSON"};
      for (auto field : object) {
        std::string_view key;
        if (field.unescaped_key().get(key)) throw RecordError{"input has an invalid key"};
        simdjson::ondemand::value item;
        if (field.value().get(item)) throw RecordError{"input is not valid JSON"};
        fields.emplace_back(std::string(key), convert(item, depth + 1));
      }
      return Value::of_object(std::move(fields));
    }
  }
  throw RecordError{"input is not valid JSON"};
}

}  // namespace

Value parse_json(std::string_view json) {
  simdjson::ondemand::parser parser;
  simdjson::padded_string padded(json);
  simdjson::ondemand::document doc;
  if (parser.iterate(padded).get(doc)) throw RecordError{"input is not valid JSON"};
  simdjson::ondemand::json_type type;
  if (doc.type().get(type)) throw RecordError{"input is not valid JSON"};
  if (type != json_type::object) throw RecordError{"input is not a JSON object"};
  simdjson::ondemand::object object;
  if (doc.get_object().get(object)) throw RecordError{"input is not valid JSON"};
  Object fields;
  for (auto field : object) {
    std::string_view key;
    if (field.unescaped_key().get(key)) throw RecordError{"input has an invalid key"};
    simdjson::ondemand::value item;
    if (field.value().get(item)) throw RecordError{"input is not valid JSON"};
    fields.emplace_back(std::string(key), convert(item, 1));
  }
  // After the object only white space may follow: a location means more tokens.
  if (!doc.current_location().error()) throw RecordError{"input has trailing content after the JSON object"};
  return Value::of_object(std::move(fields));
}

}  // namespace detail
}  // namespace syncloom::interp
