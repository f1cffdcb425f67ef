// Per-thread runtime state, the arena, failure recording and type codes.
#include "runtime/state.hpp"

#include "runtime/decoder.hpp"

#include <unordered_map>

namespace syncloom::codegen::rt {

void Arena::reset() {
  current_ = 0;
  cursor_ = blocks_.empty() ? nullptr : blocks_[0].data.get();
  left_ = blocks_.empty() ? 0 : blocks_[0].size;
}

void* Arena::grow(size_t bytes) {
  // Move on to the next kept block that is large enough; an oversized request gets a block of its own,
  // inserted here so later records reuse it too.
  constexpr size_t kBlock = 64 * 1024;
  size_t next = blocks_.empty() ? 0 : current_ + 1;
  while (next < blocks_.size() && blocks_[next].size < bytes) ++next;
  if (next >= blocks_.size()) {
    size_t size = bytes > kBlock ? bytes : kBlock;
    blocks_.push_back({std::make_unique<char[]>(size), size});
    next = blocks_.size() - 1;
  }
  current_ = next;
  cursor_ = blocks_[next].data.get() + bytes;
  left_ = blocks_[next].size - bytes;
  return blocks_[next].data.get();
}

State::State() : input(std::make_unique<Input>()) {}
State::~State() { sl_buffer_free(&text); }

void State::reset_record() {
  arena.reset();
  out.clear();
  error.clear();
  where = "";
  refs = nullptr;
  module = nullptr;
  write_failed = false;
}

State& thread_state() {
  thread_local State state;
  return state;
}

size_t code_length(const char* c) {
  const char* p = c;
  if (*p == '?') ++p;
  if (*p == 'L' || *p == 'N') return size_t(p + 1 - c) + code_length(p + 1);
  return size_t(p + 1 - c);
}

ir::TypeRef parse_code(std::string_view code) {
  using ir::Kind;
  size_t i = 0;
  bool optional = i < code.size() && code[i] == '?';
  if (optional) ++i;
  char k = i < code.size() ? code[i] : 'x';
  switch (k) {
    case 'n': return ir::Type::scalar(Kind::kNull, optional);
    case 'b': return ir::Type::scalar(Kind::kBool, optional);
    case 'i': return ir::Type::scalar(Kind::kInt, optional);
    case 'f': return ir::Type::scalar(Kind::kFloat, optional);
    case 'd': return ir::Type::scalar(Kind::kDecimal, optional);
    case 's': return ir::Type::scalar(Kind::kString, optional);
    case 'D': return ir::Type::scalar(Kind::kDate, optional);
    case 't': return ir::Type::scalar(Kind::kTimestamp, optional);
    case 'a': return ir::Type::scalar(Kind::kAny, optional);
    case 'o':
    case 'j': return ir::Type::scalar(Kind::kObject, optional);
    case 'L':
    case 'N': return ir::Type::list(parse_code(code.substr(i + 1)), optional);
    default: return ir::Type::scalar(Kind::kNever, optional);
  }
}

const ir::Type& type_of_code(const char* code) {
  // Codes are constants of the generated module, so their address is a good key; the content check
  // keeps a reused address (another module loaded at the same place) from returning a stale type.
  struct Entry {
    std::string text;
    ir::TypeRef type;
  };
  thread_local std::unordered_map<const char*, Entry> cache;
  Entry& e = cache[code];
  if (!e.type || e.text != code) e = {code, parse_code(code)};
  return *e.type;
}

}  // namespace syncloom::codegen::rt

using namespace syncloom::codegen::rt;

extern "C" {

int32_t slj_fail(Ctx* ctx, const char* reason, const char* where) {
  State& s = st(ctx);
  s.error = reason;
  s.where = where ? where : "";
  return kRecordError;
}

int32_t slj_fail_where(Ctx* ctx, const char* where) {
  st(ctx).where = where ? where : "";
  return kRecordError;
}

void slj_write_failed(Ctx* ctx, const char* where) {
  State& s = st(ctx);
  if (s.write_failed) return;
  s.write_failed = true;
  s.write_error = s.error;
  s.write_where = expand_where(where ? where : "", *ctx) + s.suffix;  // the writer's place below it ("[3]")
}

int32_t slj_fail_table(Ctx* ctx, const char* table, const Cell* key_text, const char* where) {
  State& s = st(ctx);
  s.error = "table `" + std::string(table) + "` has no row for " +
            (key_text->null ? std::string("null") : "\"" + std::string(string_of(key_text)) + "\"");
  s.where = where ? where : "";
  return kRecordError;
}

}  // extern "C"
