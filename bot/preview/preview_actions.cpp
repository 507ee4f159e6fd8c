// Each action is sorted once, by name, into what may run for real and what is imitated.
// Unknown names are refused rather than trusted: an action added later is read-only only
// when someone says so here.
#include "bot/preview/preview_actions.hpp"

#include <array>

#include "bot/appointments/booking_actions.hpp"

namespace zaedno::preview {

namespace {

// Handlers that read the database (or only the content) and change nothing.
constexpr std::array<std::string_view, 8> reading_actions{
    "housing_search",
    "contacts",
    "booking_services",
    "booking_days",
    "booking_times",
    "booking_slot",
    "list_appointments",
    "appointment_details",
};

// Handlers that would book, cancel, queue for a caseworker, change a subscription or erase.
constexpr std::array<std::string_view, 6> writing_actions{
    "handoff",
    "booking",
    "cancel_appointment",
    "subscribe",
    "unsubscribe",
    "erase",
};

template <std::size_t N>
bool among(const std::array<std::string_view, N>& names, std::string_view name) {
    for (auto n : names) {
        if (n == name) {
            return true;
        }
    }
    return false;
}

std::string param(const engine::call_action& call, const std::string& name) {
    auto it = call.params.find(name);
    return it == call.params.end() ? std::string{} : it->second;
}

preview_answer answer(const engine::call_action& call, std::string outcome, std::string notice) {
    return {{call.name, std::move(outcome), {}, {}}, std::move(notice)};
}

/// The real handoff action routes closed/closed_unknown only to scripts that map them.
bool caller_maps(const actions::action_context& ctx, const std::string& outcome) {
    const auto& state = ctx.conversation.state;
    const auto* f = ctx.runtime.script().find_flow(state.flow);
    const auto* n = f ? f->find(state.node) : nullptr;
    const auto* action = n ? std::get_if<engine::action_node>(&n->body) : nullptr;
    return action != nullptr && action->outcomes.contains(outcome);
}

}  // namespace

treatment treatment_of(std::string_view action) {
    if (among(reading_actions, action)) {
        return treatment::reads;
    }
    if (among(writing_actions, action)) {
        return treatment::stand_in;
    }
    return treatment::not_run;
}

preview_actions::preview_actions(preview_action_settings settings)
    : office_hours_(std::move(settings.office_hours)) {
    actions::add_conversation_actions(real_);
    appointments::add_booking_actions(real_, std::move(settings.clock));
}

preview_answer preview_actions::perform(
    actions::action_context& ctx, const engine::call_action& call
) const {
    switch (treatment_of(call.name)) {
        case treatment::reads:
            return {real_.perform(ctx, call), ""};
        case treatment::not_run:
            return answer(
                call,
                "unavailable",
                "Preview: the action \"" + call.name +
                    "\" is not run in the preview; the dialog goes on as if it were unavailable."
            );
        case treatment::stand_in:
            break;
    }
    if (call.name == "handoff") {
        return handoff(ctx, call);
    }
    if (call.name == "booking") {
        return booking(ctx, call);
    }
    if (call.name == "cancel_appointment") {
        return answer(call, "ok", "Preview: no appointment is cancelled.");
    }
    if (call.name == "subscribe" || call.name == "unsubscribe") {
        return answer(
            call,
            "ok",
            "Preview: announcements are not switched " +
                std::string(call.name == "subscribe" ? "on" : "off") + " for anybody."
        );
    }
    ctx.erased = true;  // erase: the conversation starts over, as it would after a real erasure
    return answer(
        call,
        "ok",
        "Preview: nothing is erased (the preview stores nothing); the conversation starts over."
    );
}

preview_answer preview_actions::handoff(
    actions::action_context& ctx, const engine::call_action& call
) const {
    auto priority = param(call, "priority") == "urgent" ? "urgent" : "normal";
    auto reason = param(call, "reason").empty() ? std::string("asked") : param(call, "reason");
    auto out = answer(
        call,
        "ok",
        "Preview: no handoff is opened and no caseworker is asked. A real person would now wait "
        "for a caseworker (reason: " +
            reason + ", priority: " + priority + ")."
    );
    out.result.variables["next_opening"] = "";
    auto hours = handoff::office_hours_for(office_hours_, ctx.runtime.script());
    if (hours.open_at(ctx.now)) {
        return out;
    }
    auto opens = hours.next_opening(ctx.now);
    auto outcome = opens ? std::string("closed") : std::string("closed_unknown");
    if (!caller_maps(ctx, outcome)) {
        return out;
    }
    out.result.outcome = outcome;
    if (opens) {
        const auto& catalog = ctx.runtime.catalog();
        const auto& language = ctx.conversation.state.language.empty()
                                   ? catalog.default_language()
                                   : ctx.conversation.state.language;
        out.result.variables["next_opening"] =
            catalog
                .format(language, "office_hours.next_opening", {{"when", i18n::timestamp{*opens}}})
                .text;
    }
    return out;
}

preview_answer preview_actions::booking(
    actions::action_context& ctx, const engine::call_action& call
) const {
    // The chosen time is checked and described exactly as booking_slot does, so the
    // confirmation reads as it would; only the booking itself is left out.
    engine::call_action check{"booking_slot", {}};
    check.params["service"] = param(call, "service");
    check.params["slot"] = param(call, "slot");
    auto slot = real_.perform(ctx, check);
    if (slot.outcome == "error" || slot.outcome == "none") {
        return {{call.name, slot.outcome, {}, {}}, ""};
    }
    auto out = answer(
        call,
        "ok",
        "Preview: no appointment is booked; the time stays free. A real person would now have "
        "this appointment."
    );
    for (const auto* name : {"service", "service_name", "slot_when", "place"}) {
        if (auto it = slot.variables.find(name); it != slot.variables.end()) {
            out.result.variables[name] = it->second;
        }
    }
    out.result.variables["booking"] = "0";
    out.result.variables["replaces"] = "";
    return out;
}

}  // namespace zaedno::preview
