// parse_json: the JSON value of a text; an untyped value that is already structured JSON is that value. Its body is the interpreter's (compiler/interp/src/builtins*.cpp), which the JIT runs
// through its bridge or mirrors natively; this file holds its spec.
#include "syncloom/stdlib/spec.hpp"

namespace syncloom::stdlib::specs {
namespace {
constexpr Example kExamples[] = {
    {R"~(int(parse_json(meta_data["_dims"])!["width"]) ?? 0)~", R"~(30)~", nullptr, R"~({"meta_data": [{"key": "_dims", "value": "{\"width\": 30, \"height\": 2}"}]})~"},
    {R"~(int(parse_json(meta_data["_dims"])!["width"]) ?? 0)~", R"~(30)~", nullptr, R"~({"meta_data": [{"key": "_dims", "value": {"width": 30}}]})~"},
    {R"~(parse_json("[1, {\"a\": true}]")![1]["a"])~", R"~(true)~", nullptr, nullptr},
    {R"~(parse_json("{\"a\": 1}")!["b"])~", R"~(null)~", nullptr, nullptr},
    {R"~(parse_json("{oops")!)~", nullptr, R"~("{oops" is not valid JSON)~", nullptr},
};
}  // namespace
extern const FunctionSpec kParseJson = {"parse_json", "json", R"~(string or `any` `-> any?`)~", "from text, `any`",
                                     R"~(the JSON value of a text; an untyped value that is already structured JSON is that value)~", kExamples};
}  // namespace syncloom::stdlib::specs
