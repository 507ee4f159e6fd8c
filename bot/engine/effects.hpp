// What the engine asks the caller to do: plain values, performed outside the pure step.
#pragma once

#include <map>
#include <string>
#include <variant>
#include <vector>

#include "bot/i18n/catalog.hpp"

namespace zaedno::engine {

struct reply_choice {
    std::string id;     // callback data
    std::string label;  // locale key
    i18n::message_args args;
};

/// A message to the person: a locale key to format in `language` (the conversation's language
/// when the reply was made). urgent: part of a crisis answer; send it ahead of every queue and
/// rate limit.
struct reply {
    std::string language;
    std::string text;
    i18n::message_args args;
    std::vector<reply_choice> choices;
    bool urgent = false;
};

/// Perform a named action (booking, housing_search, handoff, …) and feed back an
/// action_result_event; "unavailable" when nothing implements it.
struct call_action {
    std::string name;
    std::map<std::string, std::string> params;
};

struct language_changed {
    std::string language;
};

struct consent_changed {
    bool given = false;
};

/// Put the conversation in the caseworker queue at once (crisis): no result is awaited.
struct handoff_request {
    std::string reason;
    std::string priority;  // "normal" or "urgent"
    bool urgent = false;   // jump every queue
};

/// The conversation reached an end node; the next message starts at the menu.
struct conversation_ended {};

/// The conversation entered a flow (from another flow, or from none); for reports.
struct flow_started {
    std::string flow;
};

/// A flow came to its end by its own path: an end node, a node with no next, or a jump to
/// another flow. A flow left by a global word, a crisis or a misunderstanding is not finished.
struct flow_finished {
    std::string flow;
};

using effect = std::variant<
    reply,
    call_action,
    language_changed,
    consent_changed,
    handoff_request,
    conversation_ended,
    flow_started,
    flow_finished>;

}  // namespace zaedno::engine
