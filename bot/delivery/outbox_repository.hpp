// The durable outbox: platform calls queued in the same transaction as the state change that
// produced them, taken per chat in order, and settled by the platform's answer.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bot/storage/connection.hpp"
#include "integrations/channel.hpp"

namespace zaedno::delivery {

struct queued_call {
    std::int64_t id = 0;
    std::string channel;
    std::string chat_key;
    std::string method;
    std::string body;
    int attempts = 0;
    bool urgent = false;
    std::optional<std::int64_t> origin_ms;
};

void enqueue(
    storage::connection& db,
    std::string_view channel,
    const channels::api_call& call,
    bool urgent,
    std::int64_t now_ms,
    std::optional<std::int64_t> origin_ms
);

/// The oldest pending call of each chat whose time has come, urgent ones first (web-chat
/// replies excluded: their socket delivers them), skipping
/// chats listed in busy as "channel/chat_key" (a call already in flight there).
std::vector<queued_call> due_heads(
    storage::connection& db,
    std::int64_t now_ms,
    const std::vector<std::string>& busy_chat_keys,
    std::size_t limit
);

/// The earliest not_before after now of any pending call: when a retry becomes due.
std::optional<std::int64_t> next_due_ms(storage::connection& db, std::int64_t now_ms);

void mark_sent(storage::connection& db, std::int64_t id, std::int64_t now_ms);
void reschedule(
    storage::connection& db, std::int64_t id, std::int64_t not_before_ms, const std::string& error
);
void mark_dead(storage::connection& db, std::int64_t id, const std::string& error);
/// The person cannot be reached: every pending call to that chat is settled as dead.
void drop_chat(
    storage::connection& db,
    std::string_view channel,
    std::string_view chat_key,
    const std::string& error
);

struct queue_depths {
    std::int64_t inbox_pending = 0;
    std::int64_t outbox_pending = 0;
    std::int64_t outbox_dead = 0;
};

queue_depths read_depths(storage::connection& db);

}  // namespace zaedno::delivery
