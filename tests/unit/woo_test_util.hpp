// Helpers for the WooCommerce connector tests: sample bodies and the woocommerce schema.
#pragma once
#include <fstream>
#include <sstream>
#include <string>

#include "common/shape.hpp"

namespace syncloom::test {

inline std::string woo_sample(const std::string& name) {
  std::ifstream in(std::string(SYNCLOOM_SOURCE_DIR) + "/tests/connectors/woo_samples/" + name);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

inline const schema::SystemSchema& woo_schema() {
  static auto loaded = [] {
    std::string error;
    auto schema = connectors::shape::load_system_schema("woocommerce", "", &error);
    if (!schema) throw std::runtime_error(error);
    return schema;
  }();
  return *loaded;
}

}  // namespace syncloom::test
