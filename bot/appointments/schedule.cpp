// ICU's Calendar resolves local wall-clock fields in the zone, including the skipped and
// repeated hours of daylight-saving changes; plain chrono handles the civil date arithmetic.
#include "bot/appointments/schedule.hpp"

#include <algorithm>
#include <cstdio>
#include <map>

#include <unicode/calendar.h>
#include <unicode/gregocal.h>
#include <unicode/timezone.h>
#include <unicode/unistr.h>

#include "bot/i18n/icu_error.hpp"

namespace zaedno::appointments {

namespace {

constexpr int minutes_per_day = 24 * 60;

bool overlaps(int a_start, int a_end, int b_start, int b_end) {
    return a_start < b_end && b_start < a_end;
}

}  // namespace

std::optional<local_day> parse_day(const std::string& text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
        return std::nullopt;
    }
    for (std::size_t i : {0U, 1U, 2U, 3U, 5U, 6U, 8U, 9U}) {
        if (text[i] < '0' || text[i] > '9') {
            return std::nullopt;
        }
    }
    int y = std::stoi(text.substr(0, 4));
    unsigned m = static_cast<unsigned>(std::stoi(text.substr(5, 2)));
    unsigned d = static_cast<unsigned>(std::stoi(text.substr(8, 2)));
    local_day day{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
    if (!day.ok()) {
        return std::nullopt;
    }
    return day;
}

std::string format_day(local_day day) {
    char buffer[16];
    std::snprintf(
        buffer,
        sizeof buffer,
        "%04d-%02u-%02u",
        static_cast<int>(day.year()),
        static_cast<unsigned>(day.month()),
        static_cast<unsigned>(day.day())
    );
    return buffer;
}

int weekday_of(local_day day) {
    return static_cast<int>(std::chrono::weekday{std::chrono::sys_days{day}}.iso_encoding());
}

zone_clock::zone_clock(const std::string& iana_zone) : zone_(iana_zone) {
    i18n::icu_error status("zone_clock");
    std::unique_ptr<icu::TimeZone> tz(
        icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(iana_zone))
    );
    auto calendar = std::make_unique<icu::GregorianCalendar>(tz.release(), status);
    status.assertSuccess();
    calendar->setLenient(true);
    // Skipped wall times move forward, which the round trip in to_utc detects; repeated
    // wall times resolve to the first (daylight-saving) occurrence.
    calendar->setSkippedWallTimeOption(UCAL_WALLTIME_NEXT_VALID);
    calendar->setRepeatedWallTimeOption(UCAL_WALLTIME_FIRST);
    prototype_ = std::move(calendar);
}

zone_clock::~zone_clock() = default;
zone_clock::zone_clock(zone_clock&&) noexcept = default;
zone_clock& zone_clock::operator=(zone_clock&&) noexcept = default;

std::optional<std::int64_t> zone_clock::to_utc(local_day day, int minute) const {
    if (!day.ok() || minute < 0 || minute >= minutes_per_day) {
        return std::nullopt;
    }
    std::unique_ptr<icu::Calendar> cal(prototype_->clone());
    i18n::icu_error status("zone_clock::to_utc");
    cal->clear();
    cal->set(
        static_cast<std::int32_t>(static_cast<int>(day.year())),
        static_cast<std::int32_t>(static_cast<unsigned>(day.month())) - 1,
        static_cast<std::int32_t>(static_cast<unsigned>(day.day())),
        minute / 60,
        minute % 60,
        0
    );
    UDate at = cal->getTime(status);
    status.assertSuccess();
    auto seconds = static_cast<std::int64_t>(at / 1000.0);
    auto back = to_local(seconds);
    if (back.day != day || back.minute != minute) {
        return std::nullopt;  // the clocks jumped over this wall-clock time
    }
    return seconds;
}

local_moment zone_clock::to_local(std::int64_t unix_seconds) const {
    std::unique_ptr<icu::Calendar> cal(prototype_->clone());
    i18n::icu_error status("zone_clock::to_local");
    cal->setTime(static_cast<UDate>(unix_seconds) * 1000.0, status);
    status.assertSuccess();
    int y = cal->get(UCAL_YEAR, status);
    int m = cal->get(UCAL_MONTH, status) + 1;
    int d = cal->get(UCAL_DATE, status);
    int h = cal->get(UCAL_HOUR_OF_DAY, status);
    int min = cal->get(UCAL_MINUTE, status);
    status.assertSuccess();
    return {
        local_day{
            std::chrono::year{y},
            std::chrono::month{static_cast<unsigned>(m)},
            std::chrono::day{static_cast<unsigned>(d)}},
        h * 60 + min};
}

std::vector<slot_candidate> generate_slots(
    const zone_clock& clock,
    int duration_minutes,
    const std::vector<weekly_window>& windows,
    const std::vector<schedule_exception>& exceptions,
    local_day first,
    local_day last
) {
    std::vector<slot_candidate> out;
    if (duration_minutes <= 0 || !first.ok() || !last.ok()) {
        return out;
    }
    // (location, start) → index in out, so overlapping windows give one slot.
    std::map<std::pair<std::int64_t, std::int64_t>, std::size_t> seen;
    auto closed = [&](local_day day, std::int64_t location, int start, int end) {
        return std::any_of(exceptions.begin(), exceptions.end(), [&](const schedule_exception& e) {
            if (e.kind != exception_kind::closed || e.day != day ||
                (e.location_id && *e.location_id != location)) {
                return false;
            }
            return !e.start_minute || overlaps(start, end, *e.start_minute, *e.end_minute);
        });
    };
    auto cut = [&](local_day day, std::int64_t location, int from, int to, int capacity) {
        for (int start = from; start + duration_minutes <= to; start += duration_minutes) {
            if (closed(day, location, start, start + duration_minutes)) {
                continue;
            }
            auto at = clock.to_utc(day, start);
            if (!at) {
                continue;
            }
            auto key = std::make_pair(location, *at);
            if (auto it = seen.find(key); it != seen.end()) {
                out[it->second].capacity = std::max(out[it->second].capacity, capacity);
                continue;
            }
            seen.emplace(key, out.size());
            out.push_back(
                {location,
                 *at,
                 *at + static_cast<std::int64_t>(duration_minutes) * 60,
                 capacity,
                 day,
                 start}
            );
        }
    };
    for (auto d = std::chrono::sys_days{first}; d <= std::chrono::sys_days{last};
         d += std::chrono::days{1}) {
        local_day day{d};
        int weekday = weekday_of(day);
        for (const auto& w : windows) {
            if (w.weekday != weekday || (w.valid_from && day < *w.valid_from) ||
                (w.valid_until && day > *w.valid_until)) {
                continue;
            }
            cut(day, w.location_id, w.start_minute, w.end_minute, w.capacity);
        }
        for (const auto& e : exceptions) {
            if (e.kind == exception_kind::extra && e.day == day && e.location_id &&
                e.start_minute && e.end_minute) {
                cut(day, *e.location_id, *e.start_minute, *e.end_minute, e.capacity);
            }
        }
    }
    std::sort(out.begin(), out.end(), [](const slot_candidate& a, const slot_candidate& b) {
        return std::tie(a.starts_at, a.location_id) < std::tie(b.starts_at, b.location_id);
    });
    return out;
}

}  // namespace zaedno::appointments
