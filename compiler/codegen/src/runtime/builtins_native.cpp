// Native versions of the hottest built-ins. Each must produce exactly what interp's call_builtin produces
// (same stdlib calls, same messages); the unit tests compare them against it.
#include <charconv>

#include "runtime/state.hpp"
#include "syncloom/stdlib/text.hpp"

using namespace syncloom::codegen::rt;

namespace {

/// lower/upper: the stdlib appends to the thread's scratch buffer; the result is copied into the arena.
int32_t map_text(Ctx* ctx, const Cell* s, Cell* out, sl_status (*fn)(const char*, size_t, sl_buffer*)) {
  if (s->null) {
    set_null(out);
    return kOk;
  }
  sl_buffer& b = st(ctx).text;
  b.len = 0;
  std::string_view in = string_of(s);
  if (sl_status r = fn(in.data(), in.size(), &b); r != SL_OK) return fail_with(ctx, sl_status_message(r));
  set_string(out, arena_copy(ctx, b.data ? b.data : "", b.len), b.len);
  return kOk;
}

}  // namespace

extern "C" {

int32_t slj_string_of_int(Ctx* ctx, int64_t v, Cell* out) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  size_t n = size_t(r.ptr - buf);
  set_string(out, arena_copy(ctx, buf, n), n);
  return kOk;
}

int32_t slj_round(Ctx* ctx, const Cell* v, int64_t scale, int32_t mode, Cell* out) {
  if (v->null) {
    set_null(out);
    return kOk;
  }
  if (scale < 0 || scale > SL_DECIMAL_MAX_DIGITS) return fail_with(ctx, "round: scale must be 0 to 38");
  // An unknown mode is half_even, as the interpreter's mapping from the mode's name.
  sl_rounding m = mode >= SL_ROUND_HALF_EVEN && mode <= SL_ROUND_FLOOR ? sl_rounding(mode) : SL_ROUND_HALF_EVEN;
  sl_decimal r;
  if (sl_status s = sl_decimal_round(decimal_of(v), int32_t(scale), m, &r); s != SL_OK) return fail_with(ctx, sl_status_message(s));
  set_decimal(out, r);
  return kOk;
}

int32_t slj_lower(Ctx* ctx, const Cell* s, Cell* out) { return map_text(ctx, s, out, sl_text_lower); }
int32_t slj_upper(Ctx* ctx, const Cell* s, Cell* out) { return map_text(ctx, s, out, sl_text_upper); }

int32_t slj_trim(Ctx* ctx, const Cell* s, Cell* out) {
  if (s->null) {
    set_null(out);
    return kOk;
  }
  std::string_view in = string_of(s);
  size_t start, len;
  if (sl_status r = sl_text_trim(in.data(), in.size(), &start, &len); r != SL_OK) return fail_with(ctx, sl_status_message(r));
  set_string(out, in.data() + start, len);  // a slice: the input lives until the end of the record
  return kOk;
}

int32_t slj_sum(Ctx* ctx, const Cell* list, const char* code, Cell* out) {
  // `code` is the list's; the sum has its element's type (int sums are checked, decimal sums exact).
  Code c = code_of(code);
  const char* element = c.element ? c.element : code;
  char kind = code_of(element).kind;
  uint64_t n = slj_list_count(list, code);
  int64_t isum = 0;
  double fsum = 0;
  sl_decimal dsum = sl_decimal_from_int64(0);
  for (uint64_t i = 0; i < n; ++i) {
    Cell item;
    if (int32_t r = slj_list_item(ctx, list, code, i, "value", &item); r != kOk) return r;
    if (kind == 'i') {
      if (item.null) return fail_with(ctx, "expected an integer");
      if (__builtin_add_overflow(isum, int64_t(item.lo), &isum)) return fail_with(ctx, "integer overflow in sum");
    } else if (kind == 'f') {
      double f;
      std::memcpy(&f, &item.lo, sizeof f);
      fsum += item.null ? 0 : f;
    } else {
      if (item.null) return fail_with(ctx, "expected a decimal");
      if (sl_status s = sl_decimal_add(dsum, decimal_of(&item), &dsum); s != SL_OK) return fail_with(ctx, sl_status_message(s));
    }
  }
  if (kind == 'i') *out = Cell{uint64_t(isum), 0, 0, 0};
  else if (kind == 'f') {
    *out = Cell{0, 0, 0, 0};
    std::memcpy(&out->lo, &fsum, sizeof fsum);
  } else set_decimal(out, dsum);
  return kOk;
}

}  // extern "C"
