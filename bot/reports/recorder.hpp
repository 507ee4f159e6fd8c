// Recording reportable events as anonymous counts, on the storage thread, inside the job that
// makes the change: one small upsert per event, no person or conversation id kept.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "bot/conversation/conversation_repository.hpp"
#include "bot/engine/effects.hpp"
#include "bot/storage/connection.hpp"

namespace zaedno::reports {

/// The zone a connection's counts are dated in (SQL function zaedno_local_day). The server
/// sets the configured zone at start; a connection without it (tools, tests) gets
/// `default_time_zone` on its first count rather than failing the change being counted.
void use_time_zone(storage::connection& db, const std::string& zone);
inline constexpr const char* default_time_zone = "Europe/Sofia";

/// The cached statement for SQL that calls zaedno_local_day(unix seconds), registering the
/// default zone first on a connection that has none.
storage::statement& dated_statement(storage::connection& db, std::string_view sql);

/// Who an event concerns, without saying who: the channel and the conversation's language.
struct audience {
    std::string_view channel;
    std::string_view language;
};

/// Adds n to a counter (see metrics.hpp) on the local day of `at` (unix seconds).
void count(
    storage::connection& db,
    std::string_view metric,
    const audience& who,
    std::int64_t at,
    std::string_view subject = {},
    std::int64_t n = 1
);

/// A message from the person: reached today, this week and this month (each once), new
/// people (their first message), and conversations started (first message, after the
/// conversation was closed, or after the script's inactivity timeout). One UPDATE on most
/// messages; the counters only on the first of a day.
void person_wrote(
    storage::connection& db,
    const conversation::conversation_record& rec,
    std::int64_t inactivity_timeout_seconds,
    std::int64_t now
);

/// flows_started / flows_finished for the engine's flow effects; other effects are ignored.
void flow_effect(
    storage::connection& db, const audience& who, const engine::effect& e, std::int64_t now
);

/// A handoff asked for: entering the queue counts a handoff by reason; reason "crisis" counts
/// a crisis event even when a caseworker already has the conversation.
void handoff_requested(
    storage::connection& db,
    const audience& who,
    std::string_view reason,
    bool enters_queue,
    std::int64_t now
);

/// A caseworker took a conversation out of the queue: how long it waited.
void handoff_taken(
    storage::connection& db, const audience& who, std::int64_t waiting_since, std::int64_t now
);

/// A booking's status changed (from "" when just made): booked and cancelled count on the day
/// it happens, attended and no-show on the appointment's day, and a corrected mark moves the
/// count from the old status to the new one.
void booking_changed(
    storage::connection& db,
    std::int64_t booking_id,
    std::string_view from,
    std::string_view to,
    std::int64_t now
);

}  // namespace zaedno::reports
