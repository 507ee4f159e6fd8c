// Appointments as JSON for the REST API and the caseworker's conversation view. Times are
// ISO-8601 UTC strings ("2026-11-25T15:04:05Z") as everywhere in the API.
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "bot/appointments/repository.hpp"
#include "bot/storage/connection.hpp"

namespace zaedno::appointments {

nlohmann::json to_json(const service_record& s);
nlohmann::json to_json(const location_record& l);
nlohmann::json to_json(const schedule_record& s);
nlohmann::json to_json(const exception_record& e);
/// A booking with its service and location names in `language` (and all names), the
/// person's id, channel and display name, interpreter, status and marks.
nlohmann::json to_json(const booking_view& b, const std::string& language);

/// Every booking of the conversation's person (past and upcoming, cancelled included), in
/// time order: the "appointments" array of GET /api/v1/conversations/{id}. Runs inside a
/// storage job; an unknown conversation gives an empty array.
nlohmann::json appointments_of_conversation(
    storage::connection& db, std::int64_t conversation_id, const std::string& language
);

}  // namespace zaedno::appointments
