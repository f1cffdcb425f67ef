// Front-end types to IR types.
#pragma once

#include <map>

#include "syncloom/ir/type.hpp"
#include "syncloom/schema/type.hpp"

namespace syncloom::frontend::detail {

class TypeLowering {
 public:
  ir::TypeRef lower(const schema::TypePtr& t);

 private:
  std::map<const schema::StructType*, ir::TypeRef> structs_;
};

}  // namespace syncloom::frontend::detail
