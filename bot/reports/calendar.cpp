// Civil-date arithmetic with <chrono>'s calendar types; the zone offset comes from ICU.
#include "bot/reports/calendar.hpp"

#include <charconv>
#include <chrono>

#include "bot/conversation/local_time.hpp"

namespace zaedno::reports {

namespace {

std::chrono::year_month_day civil(date d) {
    return std::chrono::year_month_day{std::chrono::sys_days{std::chrono::days{d.days}}};
}

date from_civil(const std::chrono::year_month_day& ymd) {
    return {std::chrono::sys_days{ymd}.time_since_epoch().count()};
}

std::optional<int> digits(std::string_view text) {
    int value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size()) {
        return std::nullopt;
    }
    return value;
}

}  // namespace

std::optional<date> parse_date(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
        return std::nullopt;
    }
    for (std::size_t i : {0U, 1U, 2U, 3U, 5U, 6U, 8U, 9U}) {
        if (text[i] < '0' || text[i] > '9') {
            return std::nullopt;
        }
    }
    auto y = digits(text.substr(0, 4));
    auto m = digits(text.substr(5, 2));
    auto d = digits(text.substr(8, 2));
    std::chrono::year_month_day ymd{
        std::chrono::year{*y},
        std::chrono::month{static_cast<unsigned>(*m)},
        std::chrono::day{static_cast<unsigned>(*d)}};
    if (!ymd.ok()) {
        return std::nullopt;
    }
    return from_civil(ymd);
}

std::string format_date(date d) {
    auto ymd = civil(d);
    char out[16]{};
    std::snprintf(
        out,
        sizeof out,
        "%04d-%02u-%02u",
        static_cast<int>(ymd.year()),
        static_cast<unsigned>(ymd.month()),
        static_cast<unsigned>(ymd.day())
    );
    return out;
}

date local_date(const std::string& zone, std::int64_t unix_seconds) {
    return {conversation::local_days(conversation::local_seconds_in(zone, unix_seconds))};
}

std::optional<period> parse_period(std::string_view text) {
    if (text == "day") {
        return period::day;
    }
    if (text == "week") {
        return period::week;
    }
    if (text == "month") {
        return period::month;
    }
    return std::nullopt;
}

std::string_view period_name(period p) {
    switch (p) {
        case period::day:
            return "day";
        case period::week:
            return "week";
        case period::month:
            return "month";
    }
    return "day";
}

date period_start(date d, period p) {
    switch (p) {
        case period::day:
            return d;
        case period::week: {
            // 1970-01-01 was a Thursday: days since the Monday before it, modulo 7.
            auto since_monday = ((d.days + 3) % 7 + 7) % 7;
            return {d.days - since_monday};
        }
        case period::month: {
            auto ymd = civil(d);
            return from_civil({ymd.year(), ymd.month(), std::chrono::day{1}});
        }
    }
    return d;
}

date next_period_start(date d, period p) {
    auto start = period_start(d, p);
    switch (p) {
        case period::day:
            return {start.days + 1};
        case period::week:
            return {start.days + 7};
        case period::month: {
            auto ymd = civil(start);
            return from_civil(ymd + std::chrono::months{1});
        }
    }
    return {start.days + 1};
}

}  // namespace zaedno::reports
