// Validators for typed answers; digits of every script are read through i18n::ascii_digits.
#include "bot/engine/input.hpp"

#include <array>
#include <cstdio>
#include <vector>

#include "bot/i18n/bidi.hpp"
#include "bot/i18n/normalize.hpp"

namespace zaedno::engine {

namespace {

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

std::string trim(std::string text) {
    auto begin = text.find_first_not_of(" \t\r\n");
    if (begin == std::string::npos) {
        return {};
    }
    auto end = text.find_last_not_of(" \t\r\n");
    return text.substr(begin, end - begin + 1);
}

std::string ascii(std::string_view text) {
    return trim(i18n::ascii_digits(strip_marks(text)));
}

bool leap(int year) {
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int days_in_month(int year, int month) {
    static constexpr std::array<int, 12> days{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month == 2 && leap(year)) {
        return 29;
    }
    return days.at(static_cast<std::size_t>(month - 1));
}

}  // namespace

std::string strip_marks(std::string_view text) {
    return trim(i18n::strip_bidi_controls(text));
}

std::optional<std::int64_t> parse_number(
    std::string_view text, std::optional<std::int64_t> min, std::optional<std::int64_t> max
) {
    auto s = ascii(text);
    std::size_t i = 0;
    bool negative = false;
    if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
        negative = s[0] == '-';
        i = 1;
    }
    if (i >= s.size() || s.size() - i > 15) {
        return std::nullopt;
    }
    std::int64_t value = 0;
    for (; i < s.size(); ++i) {
        if (!is_digit(s[i])) {
            return std::nullopt;
        }
        value = value * 10 + (s[i] - '0');
    }
    if (negative) {
        value = -value;
    }
    if ((min && value < *min) || (max && value > *max)) {
        return std::nullopt;
    }
    return value;
}

std::optional<std::string> parse_date(std::string_view text) {
    auto s = ascii(text);
    std::vector<std::string> parts(1);
    for (char c : s) {
        if (is_digit(c)) {
            parts.back() += c;
        } else if (c == '.' || c == '/' || c == '-' || c == ' ') {
            if (!parts.back().empty()) {
                parts.emplace_back();
            }
        } else {
            return std::nullopt;
        }
    }
    if (parts.size() != 3 || parts[2].empty()) {
        return std::nullopt;
    }
    int year = 0;
    int month = 0;
    int day = 0;
    if (parts[0].size() == 4) {
        if (parts[1].size() > 2 || parts[2].size() > 2) {
            return std::nullopt;
        }
        year = std::stoi(parts[0]);
        month = std::stoi(parts[1]);
        day = std::stoi(parts[2]);
    } else {
        if (parts[0].size() > 2 || parts[1].size() > 2 ||
            (parts[2].size() != 2 && parts[2].size() != 4)) {
            return std::nullopt;
        }
        day = std::stoi(parts[0]);
        month = std::stoi(parts[1]);
        year = std::stoi(parts[2]);
        if (parts[2].size() == 2) {
            year += 2000;
        }
    }
    if (year < 1900 || year > 2200 || month < 1 || month > 12 || day < 1 ||
        day > days_in_month(year, month)) {
        return std::nullopt;
    }
    std::array<char, 11> buffer{};
    auto written = std::snprintf(buffer.data(), buffer.size(), "%04d-%02d-%02d", year, month, day);
    if (written != 10) {
        return std::nullopt;
    }
    return std::string(buffer.data(), 10);
}

std::optional<std::string> parse_phone(std::string_view text) {
    auto s = ascii(text);
    std::string digits;
    bool plus = false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (is_digit(c)) {
            digits += c;
        } else if (c == '+' && digits.empty() && !plus) {
            plus = true;
        } else if (c != ' ' && c != '-' && c != '(' && c != ')' && c != '.') {
            return std::nullopt;
        }
    }
    if (!plus && digits.size() > 2 && digits.compare(0, 2, "00") == 0) {
        plus = true;
        digits.erase(0, 2);
    }
    if (digits.size() < 6 || digits.size() > 15) {
        return std::nullopt;
    }
    return plus ? "+" + digits : digits;
}

}  // namespace zaedno::engine
