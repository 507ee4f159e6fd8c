// Folding counts octets, as RFC 5545 does, and backs off to the start of a UTF-8 sequence so
// a Cyrillic or Arabic character is never cut in two.
#include "bot/appointments/icalendar.hpp"

#include <chrono>
#include <cstdio>

namespace zaedno::appointments {

namespace {

constexpr std::size_t line_octets = 75;

bool is_continuation(char c) {
    return (static_cast<unsigned char>(c) & 0xC0U) == 0x80U;
}

}  // namespace

std::string escape_text(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '\\':
                out += "\\\\";
                break;
            case ';':
                out += "\\;";
                break;
            case ',':
                out += "\\,";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                break;
            default:
                // Other control characters are not allowed in TEXT values.
                if (static_cast<unsigned char>(c) >= 0x20 || c == '\t') {
                    out += c;
                }
        }
    }
    return out;
}

std::string fold_line(std::string_view line) {
    std::string out;
    std::size_t limit = line_octets;  // the first line; continuations lose one to the space
    while (line.size() > limit) {
        std::size_t cut = limit;
        while (cut > 0 && is_continuation(line[cut])) {
            --cut;
        }
        out.append(line.substr(0, cut));
        out += "\r\n ";
        line.remove_prefix(cut);
        limit = line_octets - 1;
    }
    out.append(line);
    out += "\r\n";
    return out;
}

std::string utc_date_time(std::int64_t unix_seconds) {
    std::chrono::sys_seconds at{std::chrono::seconds{unix_seconds}};
    auto days = std::chrono::floor<std::chrono::days>(at);
    std::chrono::year_month_day date{days};
    std::chrono::hh_mm_ss time{at - days};
    char buffer[64];
    std::snprintf(
        buffer,
        sizeof buffer,
        "%04d%02u%02uT%02d%02d%02dZ",
        static_cast<int>(date.year()),
        static_cast<unsigned>(date.month()),
        static_cast<unsigned>(date.day()),
        static_cast<int>(time.hours().count()),
        static_cast<int>(time.minutes().count()),
        static_cast<int>(time.seconds().count())
    );
    return buffer;
}

std::string write_calendar(const std::string& name, const std::vector<calendar_event>& events) {
    std::string out;
    // Built by append: g++ 12 warns falsely (-Warray-bounds) on some string + literal sums.
    auto line = [&](std::string_view property, std::string_view value) {
        std::string text;
        text.reserve(property.size() + value.size() + 1);
        text.append(property).append(":").append(value);
        out += fold_line(text);
    };
    line("BEGIN", "VCALENDAR");
    line("VERSION", "2.0");
    line("PRODID", "-//zaedno//appointments//EN");
    line("CALSCALE", "GREGORIAN");
    line("METHOD", "PUBLISH");
    line("X-WR-CALNAME", escape_text(name));
    for (const auto& e : events) {
        line("BEGIN", "VEVENT");
        line("UID", escape_text(e.uid));
        line("DTSTAMP", utc_date_time(e.stamp));
        line("DTSTART", utc_date_time(e.starts_at));
        line("DTEND", utc_date_time(e.ends_at));
        line("SEQUENCE", std::to_string(e.sequence));
        line("STATUS", e.cancelled ? "CANCELLED" : "CONFIRMED");
        line("SUMMARY", escape_text(e.summary));
        if (!e.location.empty()) {
            line("LOCATION", escape_text(e.location));
        }
        if (!e.description.empty()) {
            line("DESCRIPTION", escape_text(e.description));
        }
        line("END", "VEVENT");
    }
    line("END", "VCALENDAR");
    return out;
}

}  // namespace zaedno::appointments
