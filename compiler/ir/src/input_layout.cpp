// Building, normalising and printing input layouts.
#include "syncloom/ir/input_layout.hpp"

#include <algorithm>

namespace syncloom::ir {

const InputField* InputField::child_if(std::string_view field_name) const {
  for (const auto& c : children)
    if (c.name == field_name) return &c;
  return nullptr;
}

InputField* InputField::child(const std::string& field_name, Shape child_shape) {
  for (auto& c : children) {
    if (c.name == field_name) {
      // A field read both as a value and through its members is needed whole.
      if (c.shape != child_shape) {
        if (c.shape == Shape::kValue || child_shape == Shape::kValue) c.whole = true;
        if (c.shape == Shape::kValue) c.shape = child_shape;
      }
      return &c;
    }
  }
  children.push_back(InputField{field_name, child_shape, {}, {}, false});
  return &children.back();
}

void normalize(InputField& field) {
  std::sort(field.meta_keys.begin(), field.meta_keys.end());
  field.meta_keys.erase(std::unique(field.meta_keys.begin(), field.meta_keys.end()), field.meta_keys.end());
  std::sort(field.children.begin(), field.children.end(), [](auto& a, auto& b) { return a.name < b.name; });
  for (auto& c : field.children) normalize(c);
  // Below a value used whole, the partial reads add nothing.
  if (field.whole) field.children.clear(), field.meta_keys.clear();
}

namespace {

void print(const InputField& f, int depth, std::string& out) {
  out.append(size_t(depth) * 2, ' ');
  out += f.name;
  switch (f.shape) {
    case InputField::Shape::kValue: break;
    case InputField::Shape::kObject: out += f.whole ? " {*}" : " {}"; break;
    case InputField::Shape::kList: out += f.whole ? "[] {*}" : "[] {}"; break;
    case InputField::Shape::kMeta:
      out += f.whole ? "[*]" : "[";
      if (!f.whole) {
        for (size_t i = 0; i < f.meta_keys.size(); ++i) out += (i ? ", \"" : "\"") + f.meta_keys[i] + "\"";
        out += "]";
      }
      break;
  }
  out += "\n";
  for (const auto& c : f.children) print(c, depth + 1, out);
}

size_t count(const InputField& f) {
  size_t n = f.children.empty() ? 1 + (f.meta_keys.empty() ? 0 : f.meta_keys.size() - 1) : 0;
  for (const auto& c : f.children) n += count(c);
  return n;
}

}  // namespace

std::string InputLayout::to_string() const {
  std::string out = record + "\n";
  for (const auto& c : root.children) print(c, 1, out);
  return out;
}

size_t InputLayout::path_count() const {
  size_t n = 0;
  for (const auto& c : root.children) n += count(c);
  return n;
}

}  // namespace syncloom::ir
