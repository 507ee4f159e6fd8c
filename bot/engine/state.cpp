// JSON form of the conversation state (what the processor stores in SQLite).
#include "bot/engine/state.hpp"

#include <nlohmann/json.hpp>

namespace zaedno::engine {

namespace {

template <typename T>
void read_if(const nlohmann::json& j, const char* name, T& out) {
    auto it = j.find(name);
    if (it == j.end()) {
        return;
    }
    try {
        out = it->get<T>();
    } catch (const nlohmann::json::exception&) {
        out = T{};
    }
}

}  // namespace

void to_json(nlohmann::json& j, const offered_choice& c) {
    j = nlohmann::json{{"id", c.id}, {"label", c.label}, {"args", c.args}};
}

void from_json(const nlohmann::json& j, offered_choice& c) {
    if (!j.is_object()) {
        c = {};
        return;
    }
    read_if(j, "id", c.id);
    read_if(j, "label", c.label);
    read_if(j, "args", c.args);
}

void to_json(nlohmann::json& j, const conversation_state& s) {
    j = nlohmann::json{
        {"flow", s.flow},
        {"node", s.node},
        {"variables", s.variables},
        {"language", s.language},
        {"script_version", s.script_version},
        {"last_activity", s.last_activity},
        {"misunderstandings", s.misunderstandings},
        {"consent", s.consent},
        {"waiting_for_action", s.waiting_for_action},
        {"dynamic_choices", s.dynamic_choices},
    };
}

void from_json(const nlohmann::json& j, conversation_state& s) {
    s = {};
    if (!j.is_object()) {
        return;
    }
    read_if(j, "flow", s.flow);
    read_if(j, "node", s.node);
    read_if(j, "variables", s.variables);
    read_if(j, "language", s.language);
    read_if(j, "script_version", s.script_version);
    read_if(j, "last_activity", s.last_activity);
    read_if(j, "misunderstandings", s.misunderstandings);
    read_if(j, "consent", s.consent);
    read_if(j, "waiting_for_action", s.waiting_for_action);
    read_if(j, "dynamic_choices", s.dynamic_choices);
}

}  // namespace zaedno::engine
