// The zone's offset at that instant (daylight saving included) added to UTC; no Calendar
// object per call, since this runs for every update.
#include "bot/conversation/local_time.hpp"

#include <memory>

#include <unicode/timezone.h>
#include <unicode/unistr.h>

namespace zaedno::conversation {

std::int64_t local_seconds_in(const std::string& zone, std::int64_t unix_seconds) {
    // TimeZone::getOffset is const; one zone object per thread avoids any sharing question.
    thread_local std::string cached_id;
    thread_local std::unique_ptr<icu::TimeZone> tz;
    if (!tz || cached_id != zone) {
        tz.reset(icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(zone)));
        cached_id = zone;
    }
    std::int32_t raw = 0;
    std::int32_t dst = 0;
    UErrorCode status = U_ZERO_ERROR;
    tz->getOffset(static_cast<UDate>(unix_seconds) * 1000.0, false, raw, dst, status);
    return unix_seconds + (U_SUCCESS(status) ? (raw + dst) / 1000 : 0);
}

engine::local_time local_time_in(const std::string& zone, std::int64_t unix_seconds) {
    std::int64_t local = local_seconds_in(zone, unix_seconds);
    std::int64_t days = local_days(local);
    std::int64_t seconds_of_day = local - days * 86400;
    // 1970-01-01 was a Thursday: weekday 4 when Monday is 1.
    int weekday = static_cast<int>(((days % 7) + 7 + 3) % 7) + 1;
    return {weekday, static_cast<int>(seconds_of_day / 60)};
}

}  // namespace zaedno::conversation
