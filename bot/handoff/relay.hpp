// Messages from the caseworker side to the person, on the person's channel: rendered by the
// channel adapter, queued in the durable outbox and written to the transcript in the same
// storage job as the change that caused them.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "bot/conversation/conversation_repository.hpp"
#include "bot/conversation/dialog_runtime.hpp"
#include "bot/inbox/update_processing.hpp"
#include "bot/storage/connection.hpp"

namespace zaedno::handoff {

struct relay_context {
    const conversation::dialog_runtime& runtime;
    const inbox::adapter_map& adapters;
    std::int64_t now_ms = 0;
};

/// The person's record behind a conversation id.
std::optional<conversation::conversation_record> load_conversation(
    storage::connection& db, std::int64_t conversation_id
);

/// Queues a caseworker's text on the person's channel and adds it to the transcript under
/// that caseworker's account. Returns the transcript line's id.
std::int64_t send_text(
    storage::connection& db,
    const relay_context& ctx,
    const conversation::conversation_record& rec,
    const std::string& text,
    std::int64_t caseworker_account_id
);

/// A locale key formatted in the person's language, sent as the assistant.
void send_localized(
    storage::connection& db,
    const relay_context& ctx,
    const conversation::conversation_record& rec,
    std::string_view key
);

/// Release: the assistant takes the conversation back with a short message and the main
/// menu, exactly as if the person had typed /menu. Saves the new engine state.
void return_to_menu(
    storage::connection& db, const relay_context& ctx, conversation::conversation_record& rec
);

}  // namespace zaedno::handoff
