// Office hours arithmetic on local days: day numbers since 1970-01-01 in the zone, minutes
// since local midnight, weekdays 1 (Monday) … 7 (Sunday) as the dialog engine counts them.
#include "bot/handoff/office_hours.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <memory>

#include <unicode/timezone.h>
#include <unicode/unistr.h>

namespace zaedno::handoff {

namespace {

constexpr std::int64_t seconds_per_day = 86400;
constexpr int days_searched = 400;

std::string_view trim(std::string_view s) {
    while (!s.empty() && s.front() == ' ') {
        s.remove_prefix(1);
    }
    while (!s.empty() && s.back() == ' ') {
        s.remove_suffix(1);
    }
    return s;
}

std::vector<std::string_view> split(std::string_view text, char separator) {
    std::vector<std::string_view> out;
    while (true) {
        auto at = text.find(separator);
        out.push_back(trim(text.substr(0, at)));
        if (at == std::string_view::npos) {
            return out;
        }
        text.remove_prefix(at + 1);
    }
}

int day_number(std::string_view name, std::string_view entry) {
    static constexpr std::array<std::string_view, 7> names{
        "mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (names[i] == name) {
            return static_cast<int>(i) + 1;
        }
    }
    throw office_hours_error(
        "'" + std::string(entry) + "': unknown day '" + std::string(name) +
        "' (use mon tue wed thu fri sat sun)"
    );
}

int parse_number(std::string_view digits, std::string_view entry) {
    int out = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), out);
    if (ec != std::errc{} || end != digits.data() + digits.size() || digits.empty()) {
        throw office_hours_error("'" + std::string(entry) + "': expected a number");
    }
    return out;
}

int minute_of_day(std::string_view hhmm, std::string_view entry) {
    if (hhmm.size() != 5 || hhmm[2] != ':') {
        throw office_hours_error("'" + std::string(entry) + "': times are HH:MM, e.g. 09:00-17:00");
    }
    int hours = parse_number(hhmm.substr(0, 2), entry);
    int minutes = parse_number(hhmm.substr(3, 2), entry);
    if (hours > 24 || minutes > 59 || (hours == 24 && minutes != 0)) {
        throw office_hours_error("'" + std::string(entry) + "': no such time of day");
    }
    return hours * 60 + minutes;
}

/// Howard Hinnant's days_from_civil: proleptic Gregorian date → days since 1970-01-01.
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2 ? 1 : 0;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
    return a >= 0 ? a / b : (a - b + 1) / b;
}

int weekday_of(std::int64_t day) {
    // 1970-01-01 was a Thursday (4).
    return static_cast<int>(((day % 7) + 7 + 3) % 7) + 1;
}

}  // namespace

std::vector<engine::weekly_window> parse_weekly(std::string_view text) {
    std::vector<engine::weekly_window> out;
    if (trim(text).empty()) {
        return out;
    }
    for (auto entry : split(text, ',')) {
        auto space = entry.find(' ');
        if (space == std::string_view::npos) {
            throw office_hours_error(
                "'" + std::string(entry) + "': expected days and hours, e.g. mon-fri 09:00-17:00"
            );
        }
        auto days = entry.substr(0, space);
        auto hours = trim(entry.substr(space + 1));
        engine::weekly_window w;
        auto dash = days.find('-');
        int first = day_number(days.substr(0, dash), entry);
        int last =
            dash == std::string_view::npos ? first : day_number(days.substr(dash + 1), entry);
        if (last < first) {
            throw office_hours_error(
                "'" + std::string(entry) + "': a day range runs forward, e.g. mon-fri"
            );
        }
        for (int d = first; d <= last; ++d) {
            w.days.push_back(d);
        }
        auto to = hours.find('-');
        if (to == std::string_view::npos) {
            throw office_hours_error("'" + std::string(entry) + "': expected HH:MM-HH:MM");
        }
        w.from_minute = minute_of_day(hours.substr(0, to), entry);
        w.to_minute = minute_of_day(hours.substr(to + 1), entry);
        if (w.to_minute <= w.from_minute) {
            throw office_hours_error(
                "'" + std::string(entry) + "': the closing time must be after the opening time"
            );
        }
        out.push_back(std::move(w));
    }
    return out;
}

std::set<std::int64_t> parse_holidays(std::string_view text) {
    std::set<std::int64_t> out;
    if (trim(text).empty()) {
        return out;
    }
    for (auto entry : split(text, ',')) {
        if (entry.size() != 10 || entry[4] != '-' || entry[7] != '-') {
            throw office_hours_error(
                "'" + std::string(entry) + "': holidays are YYYY-MM-DD, e.g. 2026-12-24"
            );
        }
        int year = parse_number(entry.substr(0, 4), entry);
        int month = parse_number(entry.substr(5, 2), entry);
        int day = parse_number(entry.substr(8, 2), entry);
        static constexpr std::array<int, 12> month_days{
            31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
        if (month < 1 || month > 12 || day < 1 || day > month_days.at(month - 1)) {
            throw office_hours_error("'" + std::string(entry) + "': no such date");
        }
        out.insert(days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)));
    }
    return out;
}

office_hours::office_hours(
    std::vector<engine::weekly_window> weekly, std::set<std::int64_t> holidays, std::string zone
)
    : weekly_(std::move(weekly)), holidays_(std::move(holidays)), zone_(std::move(zone)) {}

std::int64_t office_hours::offset_at(std::int64_t unix_seconds) const {
    // TimeZone::getOffset is const but zone objects are cheap; one per thread, as local_time.
    thread_local std::string cached_id;
    thread_local std::unique_ptr<icu::TimeZone> tz;
    if (!tz || cached_id != zone_) {
        tz.reset(icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(zone_)));
        cached_id = zone_;
    }
    std::int32_t raw = 0;
    std::int32_t dst = 0;
    UErrorCode status = U_ZERO_ERROR;
    tz->getOffset(static_cast<UDate>(unix_seconds) * 1000.0, false, raw, dst, status);
    return U_SUCCESS(status) ? (raw + dst) / 1000 : 0;
}

std::int64_t office_hours::to_unix(std::int64_t local_seconds) const {
    // Two rounds settle the offset except inside a daylight-saving jump, where a minute
    // either way does not matter for "we open at …".
    auto guess = local_seconds - offset_at(local_seconds);
    return local_seconds - offset_at(guess);
}

bool office_hours::open_at(std::int64_t unix_seconds) const {
    auto local = unix_seconds + offset_at(unix_seconds);
    auto day = floor_div(local, seconds_per_day);
    if (holidays_.contains(day)) {
        return false;
    }
    auto minute = static_cast<int>((local - day * seconds_per_day) / 60);
    auto weekday = weekday_of(day);
    return std::any_of(weekly_.begin(), weekly_.end(), [&](const engine::weekly_window& w) {
        return std::find(w.days.begin(), w.days.end(), weekday) != w.days.end() &&
               minute >= w.from_minute && minute < w.to_minute;
    });
}

std::optional<std::int64_t> office_hours::next_opening(std::int64_t unix_seconds) const {
    if (open_at(unix_seconds)) {
        return unix_seconds;
    }
    auto local_now = unix_seconds + offset_at(unix_seconds);
    auto today = floor_div(local_now, seconds_per_day);
    for (auto day = today; day < today + days_searched; ++day) {
        if (holidays_.contains(day)) {
            continue;
        }
        std::optional<int> earliest;
        for (const auto& w : weekly_) {
            if (std::find(w.days.begin(), w.days.end(), weekday_of(day)) == w.days.end()) {
                continue;
            }
            auto opens = to_unix(day * seconds_per_day + std::int64_t{w.from_minute} * 60);
            if (opens > unix_seconds && (!earliest || w.from_minute < *earliest)) {
                earliest = w.from_minute;
            }
        }
        if (earliest) {
            return to_unix(day * seconds_per_day + std::int64_t{*earliest} * 60);
        }
    }
    return std::nullopt;
}

}  // namespace zaedno::handoff
