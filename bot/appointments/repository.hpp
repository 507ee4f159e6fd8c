// Services, locations, schedules, slots, bookings and reminders in SQLite. Every function runs
// on the storage thread inside a job; the capacity of a slot is held by the database.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bot/appointments/schedule.hpp"
#include "bot/storage/connection.hpp"

namespace zaedno::appointments {

/// Reminder offsets when a service names none: a day and two hours before.
inline const std::vector<int>& default_reminder_offsets() {
    static const std::vector<int> offsets{24 * 60, 2 * 60};
    return offsets;
}

struct service_record {
    std::int64_t id = 0;
    std::string code;
    nlohmann::json names = nlohmann::json::object();  // language → text
    nlohmann::json descriptions = nlohmann::json::object();
    int duration_minutes = 30;
    std::vector<std::string> staff_languages;
    bool interpreter_possible = false;
    std::vector<int> reminder_offsets = default_reminder_offsets();  // minutes before
    bool active = true;
    bool sample = false;
};

struct location_record {
    std::int64_t id = 0;
    std::string code;
    nlohmann::json names = nlohmann::json::object();
    std::string address;
    std::optional<std::string> map_url;
    nlohmann::json directions = nlohmann::json::object();
    bool active = true;
    bool sample = false;
};

struct schedule_record {
    std::int64_t id = 0;
    std::int64_t service_id = 0;
    weekly_window window;
};

struct exception_record {
    std::int64_t id = 0;
    std::optional<std::int64_t> service_id;
    std::optional<std::int64_t> location_id;
    local_day day;
    exception_kind kind = exception_kind::closed;
    std::optional<int> start_minute;
    std::optional<int> end_minute;
    std::optional<int> capacity;
    std::string note;
};

/// The text for a language from a language → text object: the language, else English, else
/// Bulgarian, else any.
std::string text_in(const nlohmann::json& texts, const std::string& language);

// --- services, locations, schedules, exceptions ---
std::vector<service_record> list_services(storage::connection& db, bool active_only);
std::optional<service_record> find_service(storage::connection& db, std::int64_t id);
std::optional<service_record> find_service(storage::connection& db, const std::string& code);
/// Inserts (id 0) or updates; returns the id.
std::int64_t save_service(storage::connection& db, const service_record& s, std::int64_t now);

std::vector<location_record> list_locations(storage::connection& db);
std::optional<location_record> find_location(storage::connection& db, std::int64_t id);
std::int64_t save_location(storage::connection& db, const location_record& l, std::int64_t now);

std::vector<schedule_record> list_schedules(
    storage::connection& db, std::optional<std::int64_t> service_id
);
std::int64_t add_schedule(storage::connection& db, const schedule_record& s);
bool delete_schedule(storage::connection& db, std::int64_t id);

std::vector<exception_record> list_exceptions(storage::connection& db);
std::int64_t add_exception(storage::connection& db, const exception_record& e);
bool delete_exception(storage::connection& db, std::int64_t id);

// --- slots ---
struct free_slot {
    slot_candidate slot;
    int free = 0;  // places left
};

/// The service's slots between two local days (inclusive) that start after not_before and
/// still have a free place, in time order.
std::vector<free_slot> free_slots(
    storage::connection& db,
    const zone_clock& clock,
    const service_record& service,
    local_day first,
    local_day last,
    std::int64_t not_before
);

// --- bookings ---
struct booking_request {
    std::int64_t person_id = 0;
    std::int64_t service_id = 0;
    std::int64_t location_id = 0;
    std::int64_t starts_at = 0;
    std::string language;
    std::optional<std::string> interpreter_language;
    std::optional<std::int64_t> replaces;  // a booking of the same person to cancel (rebook)
};

enum class booking_status {
    booked,
    full,         // no place left: someone was faster
    duplicate,    // this person already holds a place in this slot
    no_such_slot  // not (or no longer) in the schedule, or too soon
};

struct booking_outcome {
    booking_status status = booking_status::no_such_slot;
    std::int64_t booking_id = 0;
};

/// Books one place: the slot row is created on first use, its booked count raised only
/// while below capacity, reminders written for every offset still ahead. With replaces,
/// that booking is cancelled in the same transaction once the new place is held.
booking_outcome book(
    storage::connection& db,
    const zone_clock& clock,
    const booking_request& request,
    std::int64_t now,
    std::int64_t min_lead_seconds
);

/// Cancels a booked place and frees it; with person_id, only that person's booking.
/// False when there is no such active booking.
bool cancel_booking(
    storage::connection& db,
    std::int64_t booking_id,
    std::optional<std::int64_t> person_id,
    const std::string& by,
    std::int64_t now
);

/// attended or no_show, by a caseworker; false when the booking is missing or cancelled.
bool mark_booking(
    storage::connection& db,
    std::int64_t booking_id,
    const std::string& status,
    const std::string& by,
    std::int64_t now
);

struct booking_view {
    std::int64_t id = 0;
    std::string status;
    std::int64_t person_id = 0;
    std::string channel;
    std::optional<std::string> display_name;
    std::string language;
    std::optional<std::string> interpreter_language;
    std::int64_t service_id = 0;
    std::string service_code;
    nlohmann::json service_names;
    std::int64_t location_id = 0;
    std::string location_code;
    nlohmann::json location_names;
    std::string address;
    std::optional<std::string> map_url;
    nlohmann::json directions;
    std::int64_t starts_at = 0;
    std::int64_t ends_at = 0;
    std::int64_t created_at = 0;
    std::optional<std::int64_t> cancelled_at;
    std::optional<std::string> cancelled_by;
    std::optional<std::int64_t> marked_at;
    std::optional<std::string> marked_by;
};

std::optional<booking_view> find_booking(storage::connection& db, std::int64_t id);
/// A person's bookings; upcoming_only: active ones that end after now, soonest first.
std::vector<booking_view> bookings_of_person(
    storage::connection& db, std::int64_t person_id, bool upcoming_only, std::int64_t now
);
/// Bookings whose slot starts in [from, to), optionally of one service, in time order.
std::vector<booking_view> bookings_between(
    storage::connection& db,
    std::int64_t from,
    std::int64_t to,
    std::optional<std::int64_t> service_id,
    bool include_cancelled
);

// --- reminders ---
struct due_reminder {
    std::int64_t id = 0;
    std::int64_t due_at = 0;
    booking_view booking;
    std::string chat_key;
    std::int64_t conversation_id = 0;
    bool subscribed = true;
    bool reachable = true;
    std::string person_language;  // the conversation's language now (may differ from booking's)
};

/// Unsettled reminders due at or before now, oldest first.
std::vector<due_reminder> due_reminders(storage::connection& db, std::int64_t now, int limit);
void settle_reminder(
    storage::connection& db,
    std::int64_t id,
    std::optional<std::int64_t> sent_at,
    const std::string& skipped
);
/// The earliest unsettled reminder, to know how long to sleep.
std::optional<std::int64_t> next_reminder_due(storage::connection& db);

}  // namespace zaedno::appointments
