// What reaches the engine: a person's first contact, text, a tapped choice, or an action's result.
#pragma once

#include <map>
#include <string>
#include <variant>
#include <vector>

#include "bot/engine/state.hpp"

namespace zaedno::engine {

/// First contact or /start, with the deep-link payload and the platform's language hint.
struct start_event {
    std::string payload;
    std::string language_hint;  // Telegram language_code, Viber user.language
};

struct text_event {
    std::string text;
};

/// A tapped button: the choice id from the callback data.
struct choice_event {
    std::string id;
};

/// The caller's answer to a call_action effect. outcome: "ok", "none", "unavailable",
/// "error" or any name the action documents; the node's outcome map routes it.
struct action_result_event {
    std::string action;
    std::string outcome;
    std::map<std::string, std::string> variables;
    std::vector<offered_choice> choices;  // shown by an ask node with choices_from action_result
};

using event = std::variant<start_event, text_event, choice_event, action_result_event>;

}  // namespace zaedno::engine
