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

/// The layout node for `key` below `layout`, or null when the flow never reads it.
const ir::InputField* child_of(const ir::InputField* layout, std::string_view key) {
  for (const auto& c : layout->children)
    if (c.name == key) return &c;
  return nullptr;
}

/// Below a field read as a value (or whole), everything is kept.
bool keeps_everything(const ir::InputField* layout) {
  return layout == nullptr || layout->whole || layout->shape == ir::InputField::Shape::kValue ||
         layout->shape == ir::InputField::Shape::kMeta;
}

Value convert(simdjson::ondemand::value value, int depth, const ir::InputField* layout) {
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
        // A list of structs applies the same layout to each element.
        items.push_back(convert(item, depth + 1, layout));
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
        if (keeps_everything(layout)) {
          fields.emplace_back(std::string(key), convert(item, depth + 1, nullptr));
        } else if (const ir::InputField* child = child_of(layout, key)) {
          fields.emplace_back(std::string(key), convert(item, depth + 1, child));
        }  // else: skipped; simdjson has checked its structure and UTF-8, its scalars are never parsed
      }
      return Value::of_object(std::move(fields));
    }
  }
  throw RecordError{"input is not valid JSON"};
}

}  // namespace

Value parse_json(std::string_view json, const ir::InputField* layout) {
  // One parser and one padded buffer per thread: allocating them per record cost more than parsing.
  thread_local simdjson::ondemand::parser parser;
  thread_local std::string buffer;
  buffer.assign(json.data(), json.size());
  buffer.resize(json.size() + simdjson::SIMDJSON_PADDING, '\0');
  simdjson::ondemand::document doc;
  if (parser.iterate(buffer.data(), json.size(), buffer.size()).get(doc)) throw RecordError{"input is not valid JSON"};
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
    if (!layout) {
      fields.emplace_back(std::string(key), convert(item, 1, nullptr));
    } else if (const ir::InputField* child = child_of(layout, key)) {
      fields.emplace_back(std::string(key), convert(item, 1, child));
    }
  }
  // After the object only white space may follow: a location means more tokens.
  if (!doc.current_location().error()) throw RecordError{"input has trailing content after the JSON object"};
  return Value::of_object(std::move(fields));
}

Value parse_json_document(std::string_view json) {
  auto invalid = [&]() -> ConversionError {
    std::string shown(json.substr(0, 40));
    return ConversionError{{"\"" + shown + (json.size() > 40 ? "...\"" : "\"") + " is not valid JSON"}};
  };
  // Its own parser: the record's is in use while a flow runs (both are per thread).
  thread_local simdjson::ondemand::parser parser;
  thread_local std::string buffer;
  buffer.assign(json.data(), json.size());
  buffer.resize(json.size() + simdjson::SIMDJSON_PADDING, '\0');
  simdjson::ondemand::document doc;
  json_type type;
  if (parser.iterate(buffer.data(), json.size(), buffer.size()).get(doc) || doc.type().get(type)) throw invalid();
  Value out;
  try {
    switch (type) {
      case json_type::array:
      case json_type::object: {
        simdjson::ondemand::value value;
        if (doc.get_value().get(value)) throw invalid();
        out = convert(value, 1, nullptr);
        break;
      }
      case json_type::null:
        if (!doc.is_null().value_unsafe()) throw invalid();
        break;
      case json_type::boolean: {
        bool b;
        if (doc.get_bool().get(b)) throw invalid();
        out = Value{b};
        break;
      }
      case json_type::number: {
        std::string_view raw;
        if (doc.raw_json_token().get(raw)) throw invalid();
        while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\n' || raw.back() == '\t' || raw.back() == '\r')) raw.remove_suffix(1);
        double check;
        if (doc.get_double().get(check)) throw invalid();  // validates the number's syntax
        out = Value{RawNumber{std::string(raw)}};
        break;
      }
      case json_type::string: {
        std::string_view s;
        if (doc.get_string().get(s)) throw invalid();
        out = Value{std::string(s)};
        break;
      }
    }
  } catch (const ConversionError&) {
    throw;
  } catch (const RecordError&) {
    throw invalid();  // nested too deep, a bad string inside: still not JSON we can read
  }
  if (!doc.current_location().error()) throw invalid();  // trailing content
  return out;
}

}  // namespace detail
}  // namespace syncloom::interp
