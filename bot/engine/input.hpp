// Typed answers read as numbers, dates and phone numbers, whatever digits the person types.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace zaedno::engine {

/// An integer, with Arabic-Indic, Persian or any other decimal digits; bounds inclusive.
std::optional<std::int64_t> parse_number(
    std::string_view text, std::optional<std::int64_t> min, std::optional<std::int64_t> max
);

/// A calendar date as YYYY-MM-DD from "2026-03-05", "5.3.2026", "05/03/2026", "5-3-26"
/// (day before month, as written in Bulgaria, Ukraine and the Arab world).
std::optional<std::string> parse_date(std::string_view text);

/// A phone number: digits with an optional leading + (or 00), spaces, dashes, dots and
/// parentheses allowed; 6 to 15 digits. Returned as "+<digits>" or "<digits>".
std::optional<std::string> parse_phone(std::string_view text);

/// Removes bidirectional controls (marks, embeddings, isolates) and trims spaces: phone numbers
/// and answers pasted from right-to-left text carry them.
std::string strip_marks(std::string_view text);

}  // namespace zaedno::engine
