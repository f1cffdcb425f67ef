// Cross-references: the run's RefResolver, with the key as a Value and its JSON text as the interpreter
// writes it in the "not synced yet" message.
#include "runtime/bridge.hpp"
#include "syncloom/interp/bridge.hpp"

using namespace syncloom::codegen::rt;

extern "C" {

int32_t slj_ref(Ctx* ctx, const char* domain, const Cell* key, const char* key_code, const char* result_code, Cell* out) {
  // A resolver that throws must not unwind into generated code (no unwind tables there).
  try {
    const syncloom::interp::RefResolver* refs = st(ctx).refs;
    syncloom::interp::Value k = value_of_cell(ctx, key, key_code);
    std::optional<syncloom::interp::Value> id = refs ? refs->resolve(domain, k) : std::nullopt;
    if (!id) {
      std::string text;
      syncloom::interp::bridge::Failure failure;  // a key that cannot be written fails as the interpreter's does
      if (!syncloom::interp::bridge::write_json(k, text, &failure)) return fail_with(ctx, failure.reason);
      return fail_with(ctx, "ref(" + std::string(domain) + ", " + text + ") is not synced yet");
    }
    // The id as the ref's static type (a store may return 42 for a string id), exactly as the interpreter.
    std::string error;
    std::optional<syncloom::interp::Value> typed = syncloom::interp::ref_id(*id, type_of_code(result_code), error);
    if (!typed) return fail_with(ctx, error);
    return cell_of_value(ctx, *typed, result_code, out);
  } catch (const std::exception& e) {
    return fail_with(ctx, std::string("ref(") + domain + "): the cross-reference store failed: " + e.what());
  }
}

}  // extern "C"
