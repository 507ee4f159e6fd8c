// The names of the anonymous counters (anonymous_counts.metric); docs/reports.md defines them.
#pragma once

#include <string_view>

namespace zaedno::reports::metric {

// A person's first message of a day, of an ISO week, of a month: the day column holds the
// period's first day, so each period counts a person once.
inline constexpr std::string_view people_reached_day = "people_reached_day";
inline constexpr std::string_view people_reached_week = "people_reached_week";
inline constexpr std::string_view people_reached_month = "people_reached_month";
inline constexpr std::string_view new_people = "new_people";
inline constexpr std::string_view conversations_started = "conversations_started";
inline constexpr std::string_view flows_started = "flows_started";    // subject: flow
inline constexpr std::string_view flows_finished = "flows_finished";  // subject: flow
// subject: the service id
inline constexpr std::string_view appointments_booked = "appointments_booked";
inline constexpr std::string_view appointments_cancelled = "appointments_cancelled";
inline constexpr std::string_view appointments_attended = "appointments_attended";
inline constexpr std::string_view appointments_no_show = "appointments_no_show";
inline constexpr std::string_view handoffs_requested = "handoffs_requested";  // subject: reason
inline constexpr std::string_view crisis_events = "crisis_events";
inline constexpr std::string_view erasures = "erasures";
inline constexpr std::string_view purged_conversations = "purged_conversations";

}  // namespace zaedno::reports::metric
