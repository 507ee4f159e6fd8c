// The durable inbox: an update is stored (or recognised as a duplicate) before the webhook
// is answered, then processed in arrival order.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bot/storage/connection.hpp"

namespace zaedno::inbox {

enum class store_outcome { stored, duplicate };

/// INSERT keyed by (channel, dedupe_key): a second delivery of the same update is a duplicate
/// by membership, whatever its position.
store_outcome store_update(
    storage::connection& db,
    std::string_view channel,
    std::string_view dedupe_key,
    std::string_view chat_key,
    std::string_view body,
    std::int64_t received_ms
);

/// The same key for an update processed in the storing transaction: no body is kept, and
/// the row is born processed.
store_outcome store_processed_update(
    storage::connection& db,
    std::string_view channel,
    std::string_view dedupe_key,
    std::string_view chat_key,
    std::int64_t received_ms,
    std::int64_t processed_ms
);

/// True while an earlier update of this chat waits for the processor: a newer one must queue
/// behind it to keep the chat's order.
bool chat_has_pending(storage::connection& db, std::string_view channel, std::string_view chat_key);

struct pending_update {
    std::int64_t id = 0;
    std::string channel;
    std::string chat_key;
    std::string body;
    std::int64_t received_ms = 0;
};

/// Unprocessed updates in arrival order.
std::vector<pending_update> pending_updates(storage::connection& db, std::size_t limit);

/// Done: the body (personal data) is dropped; the key stays to catch re-deliveries.
void mark_processed(storage::connection& db, std::int64_t id, std::int64_t now_ms);
/// A poison update: kept with its error for admins, never retried in a loop.
void mark_failed(
    storage::connection& db, std::int64_t id, std::int64_t now_ms, const std::string& error
);

/// The same for an update processed at once, which kept no body: the body is stored with the
/// error so an admin can see what could not be handled.
void mark_failed_with_body(
    storage::connection& db,
    std::int64_t id,
    std::int64_t now_ms,
    const std::string& error,
    std::string_view body
);

/// Forgets keys of processed updates older than the platforms' re-delivery window.
std::int64_t purge_processed(storage::connection& db, std::int64_t older_than_ms);

}  // namespace zaedno::inbox
