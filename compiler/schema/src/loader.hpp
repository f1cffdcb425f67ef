// Internal state of one schema load: YAML helpers that turn problems into "file:line: message".
#pragma once

#include <yaml-cpp/yaml.h>

#include <initializer_list>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "syncloom/schema/schema.hpp"

namespace syncloom::schema::detail {

class Loader {
 public:
  Loader(std::string path, const SystemSchema* base) : path_(std::move(path)), base_(base) {}

  /// Runs the whole load; the schema is valid only when error() is empty.
  SystemSchema load(std::string_view yaml);
  const std::string& error() const { return error_; }

 private:
  // Error reporting: the first error wins, later ones are usually consequences.
  bool fail(const YAML::Node& at, const std::string& message);
  bool fail_at_line(int line, const std::string& message);
  bool failed() const { return !error_.empty(); }

  // Typed reads of YAML scalars; each reports its own error.
  bool read_string(const YAML::Node& n, std::string_view what, std::string& out);
  bool read_bool(const YAML::Node& n, std::string_view what, bool& out);
  bool check_map(const YAML::Node& n, std::string_view what);
  bool check_keys(const YAML::Node& map, std::string_view what, std::initializer_list<std::string_view> allowed);

  // Steps of load(), in order.
  void load_header(const YAML::Node& root, SystemSchema& s);
  /// Every topic is RECORD.EVENT for a record of the schema (or of the one it extends).
  void check_topic_records(const YAML::Node& topics, const SystemSchema& s);
  void load_topics(const YAML::Node& topics, SystemSchema& s);
  void declare_structs(const YAML::Node& structs, SystemSchema& s);
  void declare_records(const YAML::Node& records, SystemSchema& s);
  void define_structs(const YAML::Node& structs, SystemSchema& s);
  void define_records(const YAML::Node& records, SystemSchema& s);
  void load_fields(const YAML::Node& fields, const std::string& owner, StructType& into);
  void load_field(const YAML::Node& key, const YAML::Node& value, const std::string& owner, StructType& into);
  void check_struct_cycles(const SystemSchema& s);

  std::string path_;
  const SystemSchema* base_;  ///< set when loading an extension of it
  std::string error_;
  SystemSchema scope_;        ///< what type spellings may name: base structs overlaid with this file's
};

/// Describes a cycle among `structs` ("field `a.b` makes a struct contain itself: a -> b -> a") and
/// sets `line` to the closing field's line; "" when there is none.
std::string find_struct_cycle(const std::map<std::string, std::shared_ptr<StructType>>& structs, uint32_t& line);

/// Line of a node, 1-based, or 0 when yaml-cpp has no position for it.
int node_line(const YAML::Node& n);

}  // namespace syncloom::schema::detail
