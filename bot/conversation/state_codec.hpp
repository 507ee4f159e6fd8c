// The conversation state's stored JSON, written and read without building a JSON document:
// every message reads and writes it once, and the document cost more than the SQL around it.
#pragma once

#include <string>
#include <string_view>

#include "bot/engine/state.hpp"

namespace zaedno::conversation {

/// The same text as nlohmann::json(state).dump() (members in name order), except that invalid
/// UTF-8 is repaired instead of refused.
std::string encode_state(const engine::conversation_state& state);

/// As lenient as engine::from_json: unknown members are ignored, a member of the wrong type
/// takes its default, and text that is not a JSON object gives the empty state.
engine::conversation_state decode_state(std::string_view text);

}  // namespace zaedno::conversation
