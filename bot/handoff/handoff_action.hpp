// The `handoff` action the dialog scripts call: queue the conversation for a caseworker and
// tell the script whether the team is in, and if not, when it will be.
#pragma once

#include <string>

#include "bot/actions/action_registry.hpp"
#include "bot/engine/script.hpp"
#include "bot/handoff/office_hours.hpp"

namespace zaedno::handoff {

/// Where the caseworkers' hours come from: the configured weekly text, or when it is empty,
/// the dialog script's office_hours named "caseworkers".
struct office_hours_config {
    std::string weekly;
    std::string holidays;
    std::string zone = "Europe/Sofia";
};

office_hours office_hours_for(const office_hours_config& config, const engine::script& s);

/// Queues the conversation. Outcome ok while the team is in; outside office hours `closed`
/// with variable `next_opening` (date and time as the person's language writes them), or
/// `closed_unknown` when no opening is scheduled within a year. Those two only when the
/// calling node maps them, so older scripts keep getting ok.
actions::action_handler handoff_action(office_hours_config config);

}  // namespace zaedno::handoff
