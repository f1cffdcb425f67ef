// Writing Tryton records: search by key before every create, sales through quote, confirm and process
// with the state read back, template fields on the template, and the wizards for credit notes and
// returns (docs/tryton.md, "Writing").
#pragma once
#include <utility>
#include <vector>

#include "tryton/core.hpp"

namespace syncloom::connectors::tryton {

Written write_record(Core& core, const WriteRequest& request);

/// Quote, confirm and process a sale (each only when its state calls for it), then read the state back:
/// a sale that did not reach `processing` (or `done`) is a permanent outcome saying where it stopped.
Outcome advance_sale(Core& core, int64_t sale, std::string_view correlation_id = {});

/// Runs wizard `name` on `ids` of `model`: create, its start state, then each (state, data) step, then
/// delete. The result of the last step ({"actions": ...}, a view, or {}).
RpcAnswer run_wizard(Core& core, std::string_view name, std::string_view model, const std::vector<int64_t>& ids,
                     const std::vector<std::pair<std::string, wire::Value>>& steps);

/// The ids an action result names (`actions[0][1].res_id`).
std::vector<int64_t> action_ids(const wire::Value& wizard_result);

}  // namespace syncloom::connectors::tryton
