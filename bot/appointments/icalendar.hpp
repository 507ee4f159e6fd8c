// An iCalendar (RFC 5545) feed of appointments: CRLF line ends, lines folded at 75 octets
// without splitting a UTF-8 character, TEXT values escaped, times in UTC with "Z". Pure.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace zaedno::appointments {

struct calendar_event {
    std::string uid;  // globally unique and stable: the same booking keeps its UID
    std::int64_t starts_at = 0;
    std::int64_t ends_at = 0;
    std::int64_t stamp = 0;  // DTSTAMP: when the feed was produced
    std::int64_t sequence = 0;
    bool cancelled = false;
    std::string summary;
    std::string location;
    std::string description;
};

/// The whole VCALENDAR with one VEVENT per event.
std::string write_calendar(const std::string& name, const std::vector<calendar_event>& events);

/// TEXT escaping (RFC 5545 3.3.11): backslash, semicolon, comma, newline.
std::string escape_text(std::string_view text);
/// One content line, folded (RFC 5545 3.1) and ended with CRLF.
std::string fold_line(std::string_view line);
/// 20261125T150405Z
std::string utc_date_time(std::int64_t unix_seconds);

}  // namespace zaedno::appointments
