// People and their conversation in SQLite. Functions run on the storage thread inside a job.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "bot/engine/state.hpp"
#include "bot/storage/connection.hpp"

namespace zaedno::conversation {

struct conversation_record {
    std::int64_t person_id = 0;
    std::int64_t conversation_id = 0;
    std::string channel;
    std::string chat_key;
    std::string status = "bot";  // bot | waiting | assigned | closed
    std::string priority = "normal";
    bool reachable = true;
    bool subscribed = true;
    engine::conversation_state state;
    // The person row as loaded, so that a turn writes only what changed.
    std::string person_language;
    std::optional<std::string> display_name;
    bool reached_today = false;  // already counted as reached on today's local day

    bool with_caseworker() const { return status == "waiting" || status == "assigned"; }
};

/// The person's record, created on first contact.
conversation_record load_or_create(
    storage::connection& db, std::string_view channel, std::string_view chat_key, std::int64_t now
);

/// Stores the engine state, the language, and reopens a closed conversation to the assistant.
void save_state(storage::connection& db, const conversation_record& rec, std::int64_t now);

void add_message(
    storage::connection& db,
    std::int64_t conversation_id,
    std::string_view direction,  // in | out
    std::string_view author,     // user | bot | caseworker
    std::string_view text,
    std::int64_t at,
    std::optional<std::int64_t> account_id = std::nullopt  // the caseworker who wrote it
);

/// Puts the conversation in the caseworker queue; urgent also upgrades one already waiting or
/// assigned. The reason "crisis" also raises the conversation's crisis flag.
void request_handoff(
    storage::connection& db,
    conversation_record& rec,
    std::string_view reason,
    std::string_view priority,
    std::int64_t now
);

/// Marks a transcript line as carrying a photo, voice note or file: kind and the platform's
/// reference (Telegram file_id, Viber media URL).
void set_attachment(
    storage::connection& db, std::int64_t message_id, std::string_view kind, std::string_view ref
);

void set_reachable(storage::connection& db, std::int64_t person_id, bool reachable);
void set_subscribed(storage::connection& db, std::int64_t person_id, bool subscribed);
/// Consent with its time and the privacy notice of the published content version (cleared
/// when refused).
void set_consent(storage::connection& db, std::int64_t person_id, bool given, std::int64_t now);
void set_display_name(storage::connection& db, std::int64_t person_id, std::string_view name);

/// /forget: deletes the person, their conversation (closing any handoff), transcript and
/// everything else that names them, keeping only anonymous counts (protection::erase_person).
/// The caller resets the engine state once the confirmation has been queued.
void erase_person_data(storage::connection& db, conversation_record& rec, std::int64_t now);

}  // namespace zaedno::conversation
