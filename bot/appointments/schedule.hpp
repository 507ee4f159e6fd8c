// Slots cut from weekly local-time schedules and exceptions, converted to UTC instants with
// ICU in the configured IANA zone. Pure: no I/O, no database.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <unicode/uversion.h>

U_NAMESPACE_BEGIN
class Calendar;
U_NAMESPACE_END

namespace zaedno::appointments {

using local_day = std::chrono::year_month_day;

/// "2026-12-01" → the day; nullopt for anything else (untrusted input from REST and chat).
std::optional<local_day> parse_day(const std::string& text);
std::string format_day(local_day day);
/// 1 = Monday … 7 = Sunday.
int weekday_of(local_day day);

/// A local wall-clock moment: the day and minutes since local midnight.
struct local_moment {
    local_day day;
    int minute = 0;
};

/// Conversions between local wall-clock time in one IANA zone and UTC unix seconds.
///
/// Daylight-saving rule (deliberate, documented in docs/appointments.md): a wall-clock time
/// skipped when clocks go forward does not exist, so no slot starts then; a wall-clock time
/// repeated when clocks go back is taken at its first occurrence (still summer time), so a
/// slot in the repeated hour happens once, never twice.
class zone_clock {
public:
    /// Unknown zone ids fall back to UTC (the configuration validates the zone at start).
    explicit zone_clock(const std::string& iana_zone);
    ~zone_clock();
    zone_clock(const zone_clock&) = delete;
    zone_clock& operator=(const zone_clock&) = delete;
    zone_clock(zone_clock&&) noexcept;
    zone_clock& operator=(zone_clock&&) noexcept;

    const std::string& zone() const { return zone_; }

    /// The UTC instant of a local wall-clock time; nullopt when that time does not exist.
    std::optional<std::int64_t> to_utc(local_day day, int minute) const;
    local_moment to_local(std::int64_t unix_seconds) const;

private:
    std::string zone_;
    std::unique_ptr<icu::Calendar> prototype_;  // cloned per call: Calendar is stateful
};

/// A weekly opening window of one service at one location.
struct weekly_window {
    std::int64_t location_id = 0;
    int weekday = 1;  // 1 = Monday … 7 = Sunday
    int start_minute = 0;
    int end_minute = 0;
    int capacity = 1;
    std::optional<local_day> valid_from;
    std::optional<local_day> valid_until;
};

enum class exception_kind { closed, extra };

/// A day that differs from the weekly schedule, already filtered to the service (or all
/// services). location_id empty: every location. Minutes empty: the whole day.
struct schedule_exception {
    std::optional<std::int64_t> location_id;
    local_day day;
    exception_kind kind = exception_kind::closed;
    std::optional<int> start_minute;
    std::optional<int> end_minute;
    int capacity = 1;
};

/// One bookable slot as the schedule defines it.
struct slot_candidate {
    std::int64_t location_id = 0;
    std::int64_t starts_at = 0;  // UTC unix seconds
    std::int64_t ends_at = 0;
    int capacity = 1;
    local_day day;
    int local_minute = 0;

    friend bool operator==(const slot_candidate&, const slot_candidate&) = default;
};

/// Every slot from first to last (local days, inclusive), ordered by start then location.
/// Slots last duration_minutes and are cut from each window's start while they fit inside
/// it; a closed exception removes the slots it overlaps; an extra window adds slots.
/// Two windows giving the same location and start yield one slot (the larger capacity).
std::vector<slot_candidate> generate_slots(
    const zone_clock& clock,
    int duration_minutes,
    const std::vector<weekly_window>& windows,
    const std::vector<schedule_exception>& exceptions,
    local_day first,
    local_day last
);

}  // namespace zaedno::appointments
