// The named actions of the booking dialog (dialogs/appointments.json): services, days, times,
// the chosen slot, booking, and the person's own appointments. They run inside the update's
// storage job, so a booking commits together with the reply that confirms it.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "bot/actions/action_registry.hpp"
#include "bot/appointments/schedule.hpp"

namespace zaedno::appointments {

struct booking_settings {
    int look_ahead_days = 14;                 // days whose free times are offered as buttons
    int search_days = 120;                    // how far to look for "the next free day"
    int max_days_shown = 7;                   // day buttons
    int max_times_shown = 16;                 // time buttons (Viber allows 24)
    std::int64_t min_lead_seconds = 30 * 60;  // no booking for a slot starting sooner
};

/// Registers booking_services, booking_days, booking_times, booking_slot, booking,
/// list_appointments, appointment_details and cancel_appointment (see docs/dialogs.md).
void add_booking_actions(
    actions::action_registry& registry,
    std::shared_ptr<const zone_clock> clock,
    booking_settings settings = {}
);

/// A slot's choice id, "<location id>-<start unix seconds>": short enough for Telegram's
/// 64-byte callback data, and checked against the schedule again when booked.
std::string slot_choice_id(std::int64_t location_id, std::int64_t starts_at);
bool parse_slot_choice_id(
    const std::string& id, std::int64_t& location_id, std::int64_t& starts_at
);

}  // namespace zaedno::appointments
