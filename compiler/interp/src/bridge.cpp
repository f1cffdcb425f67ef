// The interpreter's value-level functions behind a non-throwing interface, for the JIT runtime.
#include "syncloom/interp/bridge.hpp"

#include "eval.hpp"

namespace syncloom::interp::bridge {
namespace {

/// Runs `fn`, turning the interpreter's exceptions into a Failure (ConversionError is the narrower one).
template <typename Fn>
bool guarded(Failure* failure, Fn fn) {
  try {
    fn();
    return true;
  } catch (const detail::ConversionError& e) {
    if (failure) *failure = {e.reason, true};
  } catch (const detail::RecordError& e) {
    if (failure) *failure = {e.reason, false};
  }
  return false;
}

}  // namespace

std::optional<Value> call_builtin(const std::string& name, std::vector<Value>& args, const ir::Type& type, Failure* failure,
                                  const ir::Module* module, int32_t index) {
  std::optional<Value> out;
  guarded(failure, [&] {
    detail::CallResources res = module ? detail::resources_of(*module, name, index) : detail::CallResources{};
    out = detail::call_builtin(name, args, type, res);
  });
  return out;
}

std::optional<Value> convert_input(const Value& raw, const ir::Type& type, const std::string& path, Failure* failure) {
  std::optional<Value> out;
  guarded(failure, [&] { out = detail::convert_input(raw, type, path); });
  return out;
}

bool write_json(const Value& v, std::string& out, Failure* failure) {
  return guarded(failure, [&] { detail::write_json(v, out); });
}

std::optional<Value> parse_json(std::string_view json, const ir::InputField* layout, Failure* failure) {
  std::optional<Value> out;
  guarded(failure, [&] { out = detail::parse_json(json, layout); });
  return out;
}

}  // namespace syncloom::interp::bridge
