// Cross-references: the run's RefResolver, with the key as a Value and its JSON text as the interpreter
// writes it in the "not synced yet" message.
#include "runtime/bridge.hpp"
#include "syncloom/interp/bridge.hpp"

using namespace syncloom::codegen::rt;

extern "C" {

int32_t slj_ref(Ctx* ctx, const char* domain, const Cell* key, const char* key_code, const char* result_code, Cell* out) {
  const syncloom::interp::RefResolver* refs = st(ctx).refs;
  syncloom::interp::Value k = value_of_cell(ctx, key, key_code);
  std::optional<syncloom::interp::Value> id = refs ? refs->resolve(domain, k) : std::nullopt;
  if (!id) {
    std::string text;
    syncloom::interp::bridge::Failure failure;  // a key that cannot be written fails as the interpreter's does
    if (!syncloom::interp::bridge::write_json(k, text, &failure)) return fail_with(ctx, failure.reason);
    return fail_with(ctx, "ref(" + std::string(domain) + ", " + text + ") is not synced yet");
  }
  return cell_of_value(ctx, *id, result_code, out);
}

}  // extern "C"
