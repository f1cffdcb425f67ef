// The input decoder. It mirrors interp's parse_json call for call (the same simdjson operations in the same
// order), so a record is rejected exactly when, and with the message, the interpreter rejects it; the
// difference is what it builds: Nodes in the arena instead of Values, fixed blocks for pruned objects.
#include "runtime/decoder.hpp"

namespace syncloom::codegen::rt {
namespace {

using simdjson::ondemand::json_type;

constexpr const char* kInvalid = "input is not valid JSON";
constexpr const char* kBadString = "input has an invalid string (bad escape or UTF-8)";
constexpr const char* kBadKey = "input has an invalid key";

struct Decoder {
  State& state;
  State::Input& s;

  /// The child slot of a fixed block for `key`, or -1 when the flow never reads it.
  static int slot_of(const PlanNode& plan, std::string_view key) {
    for (uint32_t h = key_hash(key.data(), key.size()) & plan.mask;; h = (h + 1) & plan.mask) {
      uint16_t entry = plan.table[h];
      if (!entry) return -1;
      const Key& k = plan.keys[entry - 1u];
      if (k.len == key.size() && std::memcmp(k.data, key.data(), key.size()) == 0) return int(entry - 1u);
    }
  }

  /// A field's key. The interpreter unescapes every key (failing on a bad one); a key without a backslash
  /// is its raw bytes (simdjson has validated the document's UTF-8), so only escaped keys are unescaped.
  static bool key_of(simdjson::ondemand::field& field, std::string_view* key) {
    const char* raw = field.key().raw();
    const char* p = raw;
    // Eight bytes at a time (the input is padded, so reading past the closing quote is safe): the first
    // byte that is a quote or a backslash ends the scan.
    constexpr uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
    for (;; p += 8) {
      uint64_t w;
      std::memcpy(&w, p, 8);
      uint64_t q = w ^ (kOnes * '"'), b = w ^ (kOnes * '\\');
      uint64_t hit = ((q - kOnes) & ~q & kHigh) | ((b - kOnes) & ~b & kHigh);
      if (hit) {
        p += __builtin_ctzll(hit) / 8;
        break;
      }
    }
    if (*p == '"') {
      *key = std::string_view(raw, size_t(p - raw));
      return true;
    }
    return !field.unescaped_key().get(*key);
  }

  /// Decodes the fields of `object` into a fixed block for `plan`.
  const char* fixed_object(simdjson::ondemand::object object, int depth, const PlanNode& plan, Node* out) {
    size_t n = plan.keys.size();
    Node* slots = static_cast<Node*>(state.arena.alloc(sizeof(Node) * (n ? n : 1)));
    std::memset(static_cast<void*>(slots), 0, sizeof(Node) * n);  // kNodeMissing
    for (auto result : object) {
      simdjson::ondemand::field field;
      // An error of the iteration itself surfaces where the interpreter sees it: at its key.
      if (std::move(result).get(field)) return kBadKey;
      std::string_view key;
      if (!key_of(field, &key)) return kBadKey;
      simdjson::ondemand::value item = field.value();
      int slot = slot_of(plan, key);
      if (slot < 0) continue;  // skipped; simdjson has checked its structure and UTF-8
      // A repeated key is still decoded (the interpreter builds it, so its errors count), but the first wins.
      Node repeat;
      Node* target = slots[slot].kind == kNodeMissing ? &slots[slot] : &repeat;
      if (const char* e = value(item, depth + 1, &plan.children[size_t(slot)], target)) return e;
    }
    *out = Node{kNodeObject, {}, uint32_t(n), slots, plan.keys.data()};
    return nullptr;
  }

  /// Decodes one value; `plan` null or keep_all keeps everything below.
  const char* value(simdjson::ondemand::value v, int depth, const PlanNode* plan, Node* out) {
    if (depth > 256) return "input nested deeper than 256 levels";
    json_type type;
    if (v.type().get(type)) return kInvalid;
    switch (type) {
      case json_type::null:
        if (v.is_null().error()) return kInvalid;
        *out = Node{kNodeNull, {}, 0, nullptr, nullptr};
        return nullptr;
      case json_type::boolean: {
        bool b;
        if (v.get_bool().get(b)) return kInvalid;
        *out = Node{b ? kNodeTrue : kNodeFalse, {}, 0, nullptr, nullptr};
        return nullptr;
      }
      case json_type::number: {
        std::string_view raw = v.raw_json_token();
        while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\n' || raw.back() == '\t' || raw.back() == '\r')) raw.remove_suffix(1);
        *out = Node{kNodeNumber, {}, uint32_t(raw.size()), raw.data(), nullptr};
        return nullptr;
      }
      case json_type::string: {
        std::string_view str;
        if (v.get_string().get(str)) return kBadString;
        *out = Node{kNodeString, {}, uint32_t(str.size()), str.data(), nullptr};
        return nullptr;
      }
      case json_type::array: {
        simdjson::ondemand::array array;
        if (v.get_array().get(array)) return kInvalid;
        // Elements go on the shared stack until the count is known, then move to the arena in one piece.
        size_t base = s.node_stack.size();
        for (auto element : array) {
          simdjson::ondemand::value item;
          if (element.get(item)) return unwind(base, kInvalid);
          Node child;
          // A list of structs applies the same layout to each element.
          if (const char* e = value(item, depth + 1, plan, &child)) return unwind(base, e);
          s.node_stack.push_back(child);
        }
        *out = Node{kNodeArray, {}, uint32_t(s.node_stack.size() - base), take_nodes(base), nullptr};
        return nullptr;
      }
      case json_type::object: {
        simdjson::ondemand::object object;
        if (v.get_object().get(object)) return kInvalid;
        if (plan && !plan->keep_all) return fixed_object(object, depth, *plan, out);
        size_t base = s.node_stack.size();
        for (auto field : object) {
          std::string_view key;
          if (field.unescaped_key().get(key)) return unwind(base, kBadKey);
          simdjson::ondemand::value item;
          if (field.value().get(item)) return unwind(base, kInvalid);
          Node child;
          if (const char* e = value(item, depth + 1, nullptr, &child)) return unwind(base, e);
          s.node_stack.push_back(child);
          s.key_stack.push_back(Key{key.data(), key.size()});
        }
        size_t n = s.node_stack.size() - base;
        Key* keys = static_cast<Key*>(state.arena.alloc(sizeof(Key) * (n ? n : 1)));
        if (n) std::memcpy(keys, s.key_stack.data() + (s.key_stack.size() - n), sizeof(Key) * n);
        s.key_stack.resize(s.key_stack.size() - n);
        *out = Node{kNodeObject, {}, uint32_t(n), take_nodes(base), keys};
        return nullptr;
      }
    }
    return kInvalid;
  }

  const Node* take_nodes(size_t base) {
    size_t n = s.node_stack.size() - base;
    Node* items = static_cast<Node*>(state.arena.alloc(sizeof(Node) * (n ? n : 1)));
    if (n) std::memcpy(static_cast<void*>(items), s.node_stack.data() + base, sizeof(Node) * n);
    s.node_stack.resize(base);
    return items;
  }

  /// Leaves the stacks empty after a failure (the record is rejected; nothing below `base` is needed).
  const char* unwind(size_t, const char* error) {
    s.node_stack.clear();
    s.key_stack.clear();
    return error;
  }
};

}  // namespace

const Node* decode(State& state, State::Input& s, const DecodePlan::Impl& plan, std::string_view json, const char** error) {
  s.padded.assign(json.data(), json.size());
  s.padded.resize(json.size() + simdjson::SIMDJSON_PADDING, '\0');
  s.node_stack.clear();
  s.key_stack.clear();
  simdjson::ondemand::document doc;
  *error = kInvalid;
  if (s.parser.iterate(s.padded.data(), json.size(), s.padded.size()).get(doc)) return nullptr;
  json_type type;
  if (doc.type().get(type)) return nullptr;
  if (type != json_type::object) {
    *error = "input is not a JSON object";
    return nullptr;
  }
  simdjson::ondemand::object object;
  if (doc.get_object().get(object)) return nullptr;
  Decoder d{state, s};
  Node* root = static_cast<Node*>(state.arena.alloc(sizeof(Node)));
  // The top level is always pruned by the layout (as interp's parse_json does), at depth 1 below.
  if (const char* e = d.fixed_object(object, 0, plan.root, root)) {
    *error = e;
    return nullptr;
  }
  // After the object only white space may follow: a location means more tokens.
  if (!doc.current_location().error()) {
    *error = "input has trailing content after the JSON object";
    return nullptr;
  }
  *error = nullptr;
  return root;
}

}  // namespace syncloom::codegen::rt
