// Loads a schema YAML file (docs/schemas.md) into a SystemSchema; errors name file and line.
#include <fstream>
#include <sstream>

#include "loader.hpp"
#include "text_util.hpp"

namespace syncloom::schema {

namespace detail {

namespace {

// Names that would make a struct unusable as a type spelling.
bool is_reserved_type_name(const std::string& name) {
  for (const char* r : {"int", "decimal", "float", "string", "bool", "date", "timestamp", "any", "meta", "enum"}) {
    if (name == r) return true;
  }
  return false;
}

// The usual YAML trap in schema files: `{type: string?}` makes `?` a YAML indicator.
std::string yaml_hint(std::string_view yaml, int line) {
  size_t start = 0;
  for (int i = 1; i < line && start != std::string_view::npos; ++i) {
    start = yaml.find('\n', start);
    if (start != std::string_view::npos) ++start;
  }
  if (line <= 0 || start == std::string_view::npos) return "";
  std::string_view text = yaml.substr(start, yaml.find('\n', start) - start);
  size_t brace = text.find('{');
  if (brace == std::string_view::npos || text.find('?', brace) == std::string_view::npos) return "";
  return " (inside {...} quote type spellings with `?`: {type: \"string?\"})";
}

// Breaks reference cycles between shared StructTypes so a failed load frees its memory.
void clear_structs(SystemSchema& s) {
  for (auto& [name, st] : s.structs) st->fields.clear();
  for (auto& [name, rec] : s.records) rec.type->fields.clear();
}

}  // namespace

SystemSchema Loader::load(std::string_view yaml) {
  SystemSchema s;
  s.source_path = path_;
  YAML::Node root;
  try {
    root.reset(YAML::Load(std::string(yaml)));
  } catch (const YAML::Exception& e) {
    int line = e.mark.is_null() ? 0 : e.mark.line + 1;
    fail_at_line(line, "invalid YAML: " + e.msg + yaml_hint(yaml, line));
    return s;
  }
  try {
    if (!root.IsDefined() || root.IsNull()) {
      fail_at_line(1, "the schema file is empty");
      return s;
    }
    if (!check_map(root, "a schema file")) return s;
    if (!check_keys(root, "a schema file", {"kind", "doc", "topics", "structs", "records"})) return s;
    load_header(root, s);
    if (!failed() && root["topics"]) load_topics(root["topics"], s);
    if (!failed() && root["structs"]) declare_structs(root["structs"], s);
    if (!failed() && root["records"]) declare_records(root["records"], s);
    if (!failed() && root["structs"]) define_structs(root["structs"], s);
    if (!failed() && root["records"]) define_records(root["records"], s);
    if (!failed()) check_struct_cycles(s);
    if (!failed() && root["topics"]) check_topic_records(root["topics"], s);
  } catch (const YAML::Exception& e) {
    // Defensive: the reads above check node kinds first, so this signals a loader bug or odd input.
    fail_at_line(e.mark.is_null() ? 0 : e.mark.line + 1, "cannot read the schema: " + e.msg);
  }
  if (failed()) clear_structs(s);
  return s;
}

void Loader::load_header(const YAML::Node& root, SystemSchema& s) {
  const YAML::Node kind = root["kind"];
  if (!kind) {
    if (!base_) {
      fail_at_line(1, "missing `kind:` (the connector kind, e.g. `kind: netsuite`)");
      return;
    }
    s.kind = base_->kind;
  } else {
    if (!read_string(kind, "`kind`", s.kind)) return;
    if (!is_identifier(s.kind)) {
      fail(kind, "`kind` must be a plain name like `netsuite`, not `" + s.kind + "`");
      return;
    }
    if (base_ && s.kind != base_->kind) {
      fail(kind, "this file extends `" + base_->kind + "` but says `kind: " + s.kind + "`");
      return;
    }
  }
  if (root["doc"]) read_string(root["doc"], "`doc`", s.doc);
  scope_.kind = s.kind;
  if (base_) scope_.structs = base_->structs;
}

void Loader::load_topics(const YAML::Node& topics, SystemSchema& s) {
  if (!topics.IsSequence()) {
    fail(topics, "`topics` must be a list such as [order.created, order.updated]");
    return;
  }
  for (const YAML::Node& t : topics) {
    std::string topic;
    if (!read_string(t, "a topic", topic)) return;
    if (topic.empty() || topic.find_first_of(" \t") != std::string::npos) {
      fail(t, "topic `" + topic + "` must be one word such as `order.created`");
      return;
    }
    for (const std::string& seen : s.topics) {
      if (seen == topic) {
        fail(t, "topic `" + topic + "` listed twice");
        return;
      }
    }
    s.topics.push_back(topic);
  }
}

void Loader::check_topic_records(const YAML::Node& topics, const SystemSchema& s) {
  // `RECORD.EVENT`: the compiler types a topic's events as that record (filters, workflows, which flows run).
  for (const YAML::Node& t : topics) {
    std::string topic = t.as<std::string>();
    std::string record = topic.substr(0, topic.find('.'));
    if (topic.find('.') == std::string::npos || record.empty()) {
      fail(t, "topic `" + topic + "` must be RECORD.EVENT, such as `order.created`");
      return;
    }
    if (!s.records.count(record) && !(base_ && base_->records.count(record))) {
      fail(t, "topic `" + topic + "` names no record `" + record + "` of this schema");
      return;
    }
  }
}

void Loader::declare_structs(const YAML::Node& structs, SystemSchema& s) {
  if (!check_map(structs, "`structs`")) return;
  for (const auto& entry : structs) {
    std::string name;
    if (!read_string(entry.first, "a struct name", name)) return;
    if (!is_identifier(name) || is_reserved_type_name(name)) {
      fail(entry.first, "`" + name + "` cannot name a struct (use a plain name that is not a built-in type)");
      return;
    }
    if (s.structs.count(name) > 0) {
      fail(entry.first, "struct `" + name + "` defined twice");
      return;
    }
    auto st = std::make_shared<StructType>();
    st->name = s.kind + "." + name;
    s.structs[name] = st;
    scope_.structs[name] = st;  // shadows a base struct of the same name until merge_schema joins them
  }
}

void Loader::declare_records(const YAML::Node& records, SystemSchema& s) {
  if (!check_map(records, "`records`")) return;
  for (const auto& entry : records) {
    std::string name;
    if (!read_string(entry.first, "a record name", name)) return;
    if (!is_identifier(name)) {
      fail(entry.first, "`" + name + "` cannot name a record (use a plain name such as `salesOrder`)");
      return;
    }
    if (s.records.count(name) > 0) {
      fail(entry.first, "record `" + name + "` defined twice");
      return;
    }
    if (s.structs.count(name) > 0 || (base_ && base_->structs.count(name) > 0)) {
      fail(entry.first, "`" + name + "` is both a record and a struct; give them different names");
      return;
    }
    RecordSchema rec;
    rec.type = std::make_shared<StructType>();
    rec.type->name = s.kind + "." + name;
    s.records[name] = rec;
    scope_.records[name] = RecordSchema{};  // only so that parse_type can say "records cannot be nested"
  }
}

void Loader::define_structs(const YAML::Node& structs, SystemSchema& s) {
  for (const auto& entry : structs) {
    const std::string name = entry.first.Scalar();
    const YAML::Node& body = entry.second;
    StructType& st = *s.structs.at(name);
    if (!check_map(body, "struct `" + name + "`")) return;
    if (!check_keys(body, "struct `" + name + "`", {"doc", "fields"})) return;
    if (body["doc"] && !read_string(body["doc"], "`doc`", st.doc)) return;
    if (!body["fields"]) {
      fail(entry.first, "struct `" + name + "` needs `fields:`");
      return;
    }
    load_fields(body["fields"], name, st);
    if (failed()) return;
  }
}

void Loader::define_records(const YAML::Node& records, SystemSchema& s) {
  for (const auto& entry : records) {
    const std::string name = entry.first.Scalar();
    const YAML::Node& body = entry.second;
    RecordSchema& rec = s.records.at(name);
    const RecordSchema* base_rec = base_ ? base_->find_record(name) : nullptr;
    if (!check_map(body, "record `" + name + "`")) return;
    if (!check_keys(body, "record `" + name + "`", {"doc", "id", "fields", "required_one_of"})) return;
    if (body["doc"] && !read_string(body["doc"], "`doc`", rec.doc)) return;
    rec.type->doc = rec.doc;
    if (body["fields"]) {
      load_fields(body["fields"], name, *rec.type);
      if (failed()) return;
    } else if (!base_rec) {
      fail(entry.first, "record `" + name + "` needs `fields:`");
      return;
    }
    if (const YAML::Node& groups = body["required_one_of"]) {
      if (!groups.IsSequence()) {
        fail(groups, "`required_one_of` is a list of field lists, e.g. [[customerId, customerNumber]]");
        return;
      }
      for (const auto& group : groups) {
        if (!group.IsSequence() || group.size() < 2) {
          fail(group, "each `required_one_of` entry lists at least two fields");
          return;
        }
        std::vector<std::string> names;
        for (const auto& field : group) {
          std::string f = field.IsScalar() ? field.Scalar() : "";
          if (!rec.type->find(f) && !(base_rec && base_rec->type->find(f))) {
            fail(field, "`" + f + "` in `required_one_of` is not a field of record `" + name + "`");
            return;
          }
          names.push_back(f);
        }
        rec.type->required_one_of.push_back(std::move(names));
      }
    }
    if (!body["id"]) {
      if (!base_rec) {
        fail(entry.first, "record `" + name + "` needs `id:` naming the field that identifies it");
        return;
      }
      continue;
    }
    if (!read_string(body["id"], "`id`", rec.id_field)) return;
    bool known = rec.type->find(rec.id_field) || (base_rec && base_rec->type->find(rec.id_field));
    if (!known) {
      fail(body["id"], "`id: " + rec.id_field + "` is not a field of record `" + name + "`");
      return;
    }
  }
}

}  // namespace detail

LoadResult load_schema_text(std::string_view yaml, std::string_view path) {
  detail::Loader loader{std::string(path), nullptr};
  SystemSchema s = loader.load(yaml);
  if (!loader.error().empty()) return {std::nullopt, loader.error()};
  return {std::move(s), ""};
}

LoadResult load_extension_text(std::string_view yaml, std::string_view path, const SystemSchema& base) {
  detail::Loader loader{std::string(path), &base};
  SystemSchema s = loader.load(yaml);
  if (!loader.error().empty()) return {std::nullopt, loader.error()};
  return {std::move(s), ""};
}

namespace {

bool read_file(const std::string& path, std::string& text, std::string& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = path + ": cannot open the schema file";
    return false;
  }
  std::ostringstream buf;
  buf << in.rdbuf();
  text = buf.str();
  return true;
}

}  // namespace

LoadResult load_schema_file(const std::string& path) {
  std::string text, error;
  if (!read_file(path, text, error)) return {std::nullopt, error};
  return load_schema_text(text, path);
}

LoadResult load_extension_file(const std::string& path, const SystemSchema& base) {
  std::string text, error;
  if (!read_file(path, text, error)) return {std::nullopt, error};
  return load_extension_text(text, path, base);
}

}  // namespace syncloom::schema
