// Events derived by polling (Tryton has no webhooks): each topic of schemas/tryton.yaml is a keyset
// listing of the records it is about, since an instant, with an overlap (docs/tryton.md, "Events").
#pragma once
#include "tryton/core.hpp"

namespace syncloom::connectors::tryton {

EventPage poll_events(Core& core, const PollQuery& query);

}  // namespace syncloom::connectors::tryton
