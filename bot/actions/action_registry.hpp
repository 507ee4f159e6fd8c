// Named actions the dialog scripts call (booking, housing_search, handoff, …). Each part of
// zaedno registers its handlers here; the processor asks the registry, and an action nobody
// handles is answered "unavailable", which every script path must handle.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>

#include "bot/conversation/conversation_repository.hpp"
#include "bot/conversation/dialog_runtime.hpp"
#include "bot/engine/effects.hpp"
#include "bot/engine/events.hpp"
#include "bot/storage/connection.hpp"

namespace zaedno::actions {

/// What a handler may use and report; it runs on the storage thread inside the update's
/// savepoint, so its writes commit with the rest of the turn.
struct action_context {
    storage::connection& db;
    const conversation::dialog_runtime& runtime;
    conversation::conversation_record& conversation;
    std::int64_t now = 0;  // unix seconds
    bool handed_off = false;
    bool erased = false;
};

using action_handler =
    std::function<engine::action_result_event(action_context&, const engine::call_action&)>;

class action_registry {
public:
    /// A later registration under the same name replaces the earlier one.
    void add(const std::string& name, action_handler handler);
    bool has(const std::string& name) const;
    engine::action_result_event perform(action_context& ctx, const engine::call_action& call) const;

private:
    std::map<std::string, action_handler, std::less<>> handlers_;
};

/// The actions of the conversation itself: handoff, subscribe, unsubscribe, erase, and the
/// content actions housing_search and contacts.
void add_conversation_actions(action_registry& registry);

}  // namespace zaedno::actions
