// One conversation's state between steps: plain data, stored as JSON by the caller.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace zaedno::engine {

/// A choice offered at run time (languages, an action's results); kept so a later tap or a
/// typed number can be matched.
struct offered_choice {
    std::string id;
    std::string label;  // locale key
    std::map<std::string, std::string> args;

    friend bool operator==(const offered_choice&, const offered_choice&) = default;
};

struct conversation_state {
    std::string flow;  // empty: never talked; with an empty node: idle between conversations
    std::string node;
    std::map<std::string, std::string> variables;
    std::string language;
    std::string script_version;
    std::int64_t last_activity = 0;  // unix seconds of the last event from the person
    int misunderstandings = 0;       // in a row
    bool consent = false;
    std::string waiting_for_action;  // the named action whose result is awaited, or empty
    std::vector<offered_choice> dynamic_choices;

    bool is_new() const { return flow.empty(); }

    bool is_idle() const { return !flow.empty() && node.empty(); }

    friend bool operator==(const conversation_state&, const conversation_state&) = default;
};

void to_json(nlohmann::json& j, const conversation_state& s);
/// Lenient: unknown or missing fields take their defaults, so stored states survive upgrades.
void from_json(const nlohmann::json& j, conversation_state& s);

void to_json(nlohmann::json& j, const offered_choice& c);
void from_json(const nlohmann::json& j, offered_choice& c);

}  // namespace zaedno::engine
