// Dates, times and places of appointments as a person reads them: formatted by ICU through the
// catalog, in the person's language and the configured time zone.
#pragma once

#include <cstdint>
#include <string>

#include "bot/appointments/repository.hpp"
#include "bot/i18n/catalog.hpp"

namespace zaedno::appointments {

/// booking.when: weekday, day, month and time ("Tuesday 1 December, 10:30").
std::string format_when(const i18n::catalog& catalog, const std::string& lang, std::int64_t at);
/// booking.day: weekday, day and month, for the day buttons.
std::string format_day_label(
    const i18n::catalog& catalog, const std::string& lang, std::int64_t at
);
/// booking.time: the time of day, for the time buttons.
std::string format_time(const i18n::catalog& catalog, const std::string& lang, std::int64_t at);

/// The location's name, address, directions and map link, one per line (what is set).
std::string place_text(
    const nlohmann::json& names,
    const std::string& address,
    const nlohmann::json& directions,
    const std::optional<std::string>& map_url,
    const std::string& lang
);
std::string place_text(const location_record& location, const std::string& lang);
std::string place_text(const booking_view& booking, const std::string& lang);

}  // namespace zaedno::appointments
