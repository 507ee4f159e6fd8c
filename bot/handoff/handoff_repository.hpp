// The caseworker side of conversations in SQLite: queue summaries, transcripts, notes, read
// marks, exclusive claims and canned replies. Functions run on the storage thread in a job.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "bot/auth/guard.hpp"
#include "bot/storage/connection.hpp"

namespace zaedno::handoff {

/// The statuses a conversation can have, in the order the API documents them.
inline constexpr std::string_view statuses[] = {"waiting", "assigned", "bot", "closed"};

/// One conversation as the queue shows it. `unread` counts the person's lines after the
/// viewer's read mark.
struct summary {
    std::int64_t id = 0;
    std::string channel;
    std::string status;
    std::string priority;
    std::string language;
    std::optional<std::int64_t> waiting_since;
    std::optional<std::string> handoff_reason;
    std::optional<std::int64_t> assigned_to_id;
    std::optional<std::string> assigned_to;
    std::int64_t unread = 0;
    bool crisis = false;
    std::optional<std::string> display_name;
    std::optional<std::int64_t> last_message_at;
};

nlohmann::json to_json(const summary& s);

/// Urgent first, then the longest waiting; conversations never queued last, newest first.
bool queue_order(const summary& a, const summary& b);

/// Conversations with one of `wanted` statuses, in queue order (at most `limit` per status).
std::vector<summary> list_summaries(
    storage::connection& db,
    const std::vector<std::string>& wanted,
    std::int64_t viewer,
    std::int64_t limit
);

std::optional<summary> find_summary(storage::connection& db, std::int64_t id, std::int64_t viewer);

struct transcript_line {
    std::int64_t id = 0;
    std::int64_t conversation_id = 0;
    std::string direction;
    std::string author;
    std::string text;
    std::int64_t at = 0;
    std::optional<std::string> attachment_kind;
    std::optional<std::string> attachment_ref;
    std::string channel;
    std::optional<std::string> caseworker;  // username of the caseworker who wrote the line
};

/// The attachment as the console links it: Viber media are public URLs; Telegram files go
/// through this server (the bot token must stay here).
nlohmann::json to_json(const transcript_line& line);

/// The last `limit` lines of a conversation, oldest first.
std::vector<transcript_line> transcript(
    storage::connection& db, std::int64_t conversation_id, std::int64_t limit
);

/// Lines with an id above `after`, oldest first, at most `limit` (the live socket's feed).
std::vector<transcript_line> lines_after(
    storage::connection& db, std::int64_t after, std::int64_t limit
);

std::optional<transcript_line> find_line(storage::connection& db, std::int64_t message_id);

struct note {
    std::int64_t id = 0;
    std::int64_t conversation_id = 0;
    std::string author;
    std::string text;
    std::int64_t at = 0;
};

nlohmann::json to_json(const note& n);

std::vector<note> notes_of(storage::connection& db, std::int64_t conversation_id);
std::vector<note> notes_after(storage::connection& db, std::int64_t after, std::int64_t limit);
note add_note(
    storage::connection& db,
    std::int64_t conversation_id,
    const auth::principal& who,
    std::string_view text,
    std::int64_t now
);

std::int64_t newest_message_id(storage::connection& db);
std::int64_t newest_note_id(storage::connection& db);

/// Moves the caller's read mark to the conversation's newest line.
void mark_read(storage::connection& db, std::int64_t conversation_id, std::int64_t account_id);

enum class claim_outcome { claimed, already_yours, taken, closed, missing };

/// One conditional UPDATE: of several caseworkers claiming at once exactly one succeeds.
/// `from_queue` tells whether the conversation was waiting (the person is told someone came).
struct claim_result {
    claim_outcome outcome = claim_outcome::missing;
    std::optional<std::string> holder;  // who has it when taken
    bool from_queue = false;
};

claim_result claim(
    storage::connection& db, std::int64_t conversation_id, std::int64_t account_id, std::int64_t now
);

/// Hands the conversation to `account_id` (assign to a colleague): status assigned.
void assign_to(
    storage::connection& db, std::int64_t conversation_id, std::int64_t account_id, std::int64_t now
);

/// Back to the assistant (`bot`) or `closed`: the owner, priority, crisis flag and queue
/// position are cleared.
void end_handoff(storage::connection& db, std::int64_t conversation_id, std::string_view status);

struct canned_reply {
    std::int64_t id = 0;
    std::string language;
    std::string title;
    std::string text;
};

nlohmann::json to_json(const canned_reply& c);

/// Every canned reply, or those of one language; by title.
std::vector<canned_reply> canned_replies(
    storage::connection& db, const std::optional<std::string>& language
);

canned_reply add_canned_reply(
    storage::connection& db,
    std::string_view language,
    std::string_view title,
    std::string_view text,
    std::string_view created_by,
    std::int64_t now
);

bool delete_canned_reply(storage::connection& db, std::int64_t id);

/// An active account by name (assign targets).
std::optional<auth::principal> find_principal(storage::connection& db, std::string_view username);

}  // namespace zaedno::handoff
