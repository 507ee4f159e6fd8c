// Turning one stored update into its effects, inside one storage job: load the conversation,
// run the pure engine, perform named actions, queue the replies, save the new state.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "bot/actions/action_registry.hpp"
#include "bot/conversation/dialog_runtime.hpp"
#include "bot/inbox/channel_adapter.hpp"
#include "bot/inbox/inbox_repository.hpp"
#include "bot/storage/connection.hpp"

namespace zaedno::inbox {

using adapter_map = std::map<std::string, const channel_adapter*, std::less<>>;

struct processing_context {
    const conversation::dialog_runtime& runtime;
    const adapter_map& adapters;
    const actions::action_registry& actions;
    std::int64_t now_ms = 0;
};

struct processing_report {
    std::size_t events = 0;
    std::size_t calls_queued = 0;
    bool urgent = false;   // a crisis answer was queued
    bool handoff = false;  // the conversation entered the caseworker queue
};

/// Processes one update completely; throws on storage failure (the caller's savepoint rolls
/// the whole update back and records it as failed).
processing_report process_update(
    storage::connection& db, const processing_context& ctx, const pending_update& update
);

/// The same for events already parsed from the update (the webhook parses them off the
/// storage thread); `received_ms` dates the replies for the latency figures.
processing_report process_events(
    storage::connection& db,
    const processing_context& ctx,
    const channel_adapter& adapter,
    const std::vector<channels::inbound_event>& events,
    std::int64_t received_ms
);

/// The first replies for a person who has just opened a chat (Viber's welcome, sent in the
/// webhook answer): the engine's answer to a start event on an empty state.
channels::outgoing_message first_contact_message(
    const conversation::dialog_runtime& runtime,
    const std::string& language_hint,
    const std::string& channel,
    std::int64_t now_seconds
);

}  // namespace zaedno::inbox
