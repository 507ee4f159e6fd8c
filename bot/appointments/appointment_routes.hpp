// The staff's REST API for appointments under /api/v1/appointments: services, locations,
// schedules and exceptions (admins change, caseworkers read), free slots, bookings by day and
// service, attended / no-show marks, a CSV export and an iCalendar feed per service.
// Documented in docs/openapi.yaml (block "appointments").
#pragma once

#include <memory>
#include <string>

#include "bot/appointments/schedule.hpp"
#include "bot/auth/guard.hpp"
#include "bot/server/router.hpp"
#include "bot/storage/database.hpp"

namespace zaedno::appointments {

struct route_settings {
    std::string default_language = "en";  // names in lists, CSV and calendars
};

void add_appointment_routes(
    server::router& routes,
    auth::guard& guard,
    storage::database& db,
    std::shared_ptr<const zone_clock> clock,
    route_settings settings = {}
);

/// A CSV field as spreadsheets read it safely: quoted when needed, and a leading = + - @
/// neutralised so a name cannot become a formula.
std::string csv_field(const std::string& value);

}  // namespace zaedno::appointments
