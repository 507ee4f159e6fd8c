// One person's stored data: erasing it (/forget, retention) while keeping anonymous counts,
// and exporting it (an access request). Functions run on the storage thread inside a job.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "bot/storage/connection.hpp"

namespace zaedno::protection {

enum class erase_reason { request, retention };

/// Deletes the person row, their conversation and transcript, every row of any other table
/// that names the person or the conversation (a nullable reference is cleared instead, so an
/// audit line keeps who did what but no longer whom), delivered and dead outbox calls to the
/// chat, and the chat id on inbox rows. What they did was counted for reports when it
/// happened (bot/reports); erasure adds only the erasure (or purge) itself, gives their
/// bookings' places back and counts those still ahead as cancelled. False when there is no
/// such person.
bool erase_person(
    storage::connection& db, std::int64_t person_id, erase_reason reason, std::int64_t now
);

/// Everything stored about one person as JSON: profile, conversation (with the engine's
/// state), transcript, rows of other tables that name them (appointments, notes, … whichever
/// exist), outbox calls to them and inbox updates from them. nullopt when unknown.
std::optional<nlohmann::json> export_person(
    storage::connection& db, std::string_view channel, std::string_view chat_key
);

}  // namespace zaedno::protection
