// An answer of the connector interface that carries only its failure: what every connector returns when a
// call cannot go on (a Fetched, Page, Written or EventPage with its outcome set and nothing else).
#pragma once
#include <string>
#include <utility>

#include "syncloom/connectors/connector.hpp"

namespace syncloom::connectors {

template <class Answer>
Answer failure(Outcome outcome) {
  Answer answer;
  answer.outcome = std::move(outcome);
  return answer;
}

/// A failed write, naming the target record when it is known (a sale created but not advanced).
inline Written write_failure(Outcome outcome, std::string id = {}) {
  Written written = failure<Written>(std::move(outcome));
  written.id = std::move(id);
  return written;
}

}  // namespace syncloom::connectors
