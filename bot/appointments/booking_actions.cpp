// Each action reads its parameters as untrusted text (they come from the conversation), asks
// the repository, and answers with an outcome, variables and dynamic choices for the script.
#include "bot/appointments/booking_actions.hpp"

#include <algorithm>
#include <charconv>
#include <map>

#include "bot/appointments/repository.hpp"
#include "bot/appointments/texts.hpp"

namespace zaedno::appointments {

namespace {

using engine::action_result_event;
using engine::call_action;
using engine::offered_choice;

std::string param(const call_action& call, const std::string& name) {
    auto it = call.params.find(name);
    return it == call.params.end() ? std::string{} : it->second;
}

std::optional<std::int64_t> parse_id(const std::string& text) {
    std::int64_t value = 0;
    const auto* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (text.empty() || ec != std::errc{} || ptr != end || value <= 0) {
        return std::nullopt;
    }
    return value;
}

std::string language_of(const actions::action_context& ctx) {
    const auto& lang = ctx.conversation.state.language;
    return lang.empty() ? ctx.runtime.catalog().default_language() : lang;
}

action_result_event answer(const call_action& call, std::string outcome) {
    return {call.name, std::move(outcome), {}, {}};
}

offered_choice option(std::string id, std::string label) {
    return {std::move(id), "booking.option", {{"label", std::move(label)}}};
}

local_day add_days(local_day day, int days) {
    return local_day{std::chrono::sys_days{day} + std::chrono::days{days}};
}

class booking_handlers {
public:
    booking_handlers(std::shared_ptr<const zone_clock> clock, booking_settings settings)
        : clock_(std::move(clock)), settings_(settings) {}

    action_result_event services(actions::action_context& ctx, const call_action& call) const {
        auto lang = language_of(ctx);
        auto result = answer(call, "none");
        for (const auto& s : list_services(ctx.db, true)) {
            result.choices.push_back(option(s.code, text_in(s.names, lang)));
        }
        if (!result.choices.empty()) {
            result.outcome = "ok";
        }
        return result;
    }

    action_result_event days(actions::action_context& ctx, const call_action& call) const {
        auto lang = language_of(ctx);
        auto service = find_service(ctx.db, param(call, "service"));
        if (!service || !service->active) {
            return answer(call, "error");
        }
        auto result = answer(call, "none");
        result.variables["service_name"] = text_in(service->names, lang);
        auto today = clock_->to_local(ctx.now).day;
        auto soon = free_slots(
            ctx.db,
            *clock_,
            *service,
            today,
            add_days(today, settings_.look_ahead_days - 1),
            ctx.now + settings_.min_lead_seconds
        );
        add_days_of(soon, ctx.runtime.catalog(), lang, result);
        if (!result.choices.empty()) {
            result.outcome = "ok";
            return result;
        }
        auto later = free_slots(
            ctx.db,
            *clock_,
            *service,
            add_days(today, settings_.look_ahead_days),
            add_days(today, settings_.search_days),
            ctx.now + settings_.min_lead_seconds
        );
        if (!later.empty()) {
            later.resize(1);
            add_days_of(later, ctx.runtime.catalog(), lang, result);
            result.variables["next_free_day"] =
                format_day_label(ctx.runtime.catalog(), lang, later.front().slot.starts_at);
            result.outcome = "later";
        }
        return result;
    }

    action_result_event times(actions::action_context& ctx, const call_action& call) const {
        auto lang = language_of(ctx);
        auto service = find_service(ctx.db, param(call, "service"));
        auto day = parse_day(param(call, "day"));
        if (!service || !service->active || !day) {
            return answer(call, "error");
        }
        auto result = answer(call, "none");
        auto free =
            free_slots(ctx.db, *clock_, *service, *day, *day, ctx.now + settings_.min_lead_seconds);
        if (free.empty()) {
            return result;
        }
        bool several_places = std::any_of(free.begin(), free.end(), [&](const free_slot& f) {
            return f.slot.location_id != free.front().slot.location_id;
        });
        std::map<std::int64_t, std::string> place_names;
        if (several_places) {
            for (const auto& l : list_locations(ctx.db)) {
                place_names[l.id] = text_in(l.names, lang);
            }
        }
        const auto& catalog = ctx.runtime.catalog();
        for (const auto& f : free) {
            if (result.choices.size() >= static_cast<std::size_t>(settings_.max_times_shown)) {
                break;
            }
            auto label = format_time(catalog, lang, f.slot.starts_at);
            if (several_places) {
                label += " · " + place_names[f.slot.location_id];
            }
            result.choices.push_back(
                option(slot_choice_id(f.slot.location_id, f.slot.starts_at), label)
            );
        }
        result.variables["day_name"] = format_day_label(catalog, lang, free.front().slot.starts_at);
        result.outcome = "ok";
        return result;
    }

    action_result_event slot(actions::action_context& ctx, const call_action& call) const {
        auto lang = language_of(ctx);
        auto service = find_service(ctx.db, param(call, "service"));
        std::int64_t location_id = 0;
        std::int64_t starts_at = 0;
        if (!service || !service->active ||
            !parse_slot_choice_id(param(call, "slot"), location_id, starts_at)) {
            return answer(call, "error");
        }
        auto day = clock_->to_local(starts_at).day;
        auto free =
            free_slots(ctx.db, *clock_, *service, day, day, ctx.now + settings_.min_lead_seconds);
        bool still_free = std::any_of(free.begin(), free.end(), [&](const free_slot& f) {
            return f.slot.location_id == location_id && f.slot.starts_at == starts_at;
        });
        auto location = find_location(ctx.db, location_id);
        if (!still_free || !location) {
            return answer(call, "none");
        }
        // ok: ask whether an interpreter is needed; staff_speak: no need to ask;
        // no_interpreter: the staff do not speak the language and cannot bring one.
        const auto& staff = service->staff_languages;
        bool staff_speak = std::find(staff.begin(), staff.end(), lang) != staff.end();
        auto result = answer(
            call,
            staff_speak                     ? "staff_speak"
            : service->interpreter_possible ? "ok"
                                            : "no_interpreter"
        );
        result.variables["language_name"] = ctx.runtime.catalog().language_name(lang);
        describe(ctx, *service, *location, starts_at, lang, result);
        return result;
    }

    action_result_event book(actions::action_context& ctx, const call_action& call) const {
        auto lang = language_of(ctx);
        auto service = find_service(ctx.db, param(call, "service"));
        booking_request request;
        if (!service ||
            !parse_slot_choice_id(param(call, "slot"), request.location_id, request.starts_at)) {
            return answer(call, "error");
        }
        request.person_id = ctx.conversation.person_id;
        request.service_id = service->id;
        request.language = lang;
        if (param(call, "interpreter") == "yes") {
            request.interpreter_language = lang;
        }
        request.replaces = parse_id(param(call, "replaces"));
        auto outcome =
            appointments::book(ctx.db, *clock_, request, ctx.now, settings_.min_lead_seconds);
        switch (outcome.status) {
            case booking_status::full:
                return answer(call, "full");
            case booking_status::duplicate:
                return answer(call, "duplicate");
            case booking_status::no_such_slot:
                return answer(call, "none");
            case booking_status::booked:
                break;
        }
        auto result = answer(call, "ok");
        if (auto location = find_location(ctx.db, request.location_id)) {
            describe(ctx, *service, *location, request.starts_at, lang, result);
        }
        result.variables["booking"] = std::to_string(outcome.booking_id);
        result.variables["replaces"] = "";
        return result;
    }

    action_result_event list(actions::action_context& ctx, const call_action& call) const {
        auto lang = language_of(ctx);
        auto result = answer(call, "none");
        const auto& catalog = ctx.runtime.catalog();
        for (const auto& b :
             bookings_of_person(ctx.db, ctx.conversation.person_id, true, ctx.now)) {
            if (result.choices.size() >= static_cast<std::size_t>(settings_.max_times_shown)) {
                break;
            }
            auto label = catalog
                             .format(
                                 lang,
                                 "booking.listed",
                                 {{"when", format_when(catalog, lang, b.starts_at)},
                                  {"service", text_in(b.service_names, lang)}}
                             )
                             .text;
            if (label.starts_with("\u200F")) {
                label.erase(0, std::string_view("\u200F").size());
            }
            result.choices.push_back(option(std::to_string(b.id), label));
        }
        result.variables["count"] = std::to_string(result.choices.size());
        if (!result.choices.empty()) {
            result.outcome = "ok";
        }
        return result;
    }

    action_result_event details(actions::action_context& ctx, const call_action& call) const {
        auto lang = language_of(ctx);
        auto id = parse_id(param(call, "booking"));
        auto b = id ? find_booking(ctx.db, *id) : std::nullopt;
        if (!b || b->person_id != ctx.conversation.person_id || b->status != "booked") {
            return answer(call, "none");
        }
        auto result = answer(call, "ok");
        result.variables["service"] = b->service_code;
        result.variables["service_name"] = text_in(b->service_names, lang);
        result.variables["slot_when"] = format_when(ctx.runtime.catalog(), lang, b->starts_at);
        result.variables["place"] = place_text(*b, lang);
        result.variables["interpreter"] = b->interpreter_language ? "yes" : "no";
        return result;
    }

    action_result_event cancel(actions::action_context& ctx, const call_action& call) const {
        auto id = parse_id(param(call, "booking"));
        if (!id || !cancel_booking(ctx.db, *id, ctx.conversation.person_id, "person", ctx.now)) {
            return answer(call, "none");
        }
        return answer(call, "ok");
    }

private:
    void add_days_of(
        const std::vector<free_slot>& free,
        const i18n::catalog& catalog,
        const std::string& lang,
        action_result_event& result
    ) const {
        std::optional<local_day> last;
        for (const auto& f : free) {
            if (last && *last == f.slot.day) {
                continue;
            }
            if (result.choices.size() >= static_cast<std::size_t>(settings_.max_days_shown)) {
                break;
            }
            last = f.slot.day;
            result.choices.push_back(
                option(format_day(f.slot.day), format_day_label(catalog, lang, f.slot.starts_at))
            );
        }
    }

    void describe(
        actions::action_context& ctx,
        const service_record& service,
        const location_record& location,
        std::int64_t starts_at,
        const std::string& lang,
        action_result_event& result
    ) const {
        result.variables["service"] = service.code;
        result.variables["service_name"] = text_in(service.names, lang);
        result.variables["slot_when"] = format_when(ctx.runtime.catalog(), lang, starts_at);
        result.variables["place"] = place_text(location, lang);
    }

    std::shared_ptr<const zone_clock> clock_;
    booking_settings settings_;
};

}  // namespace

std::string slot_choice_id(std::int64_t location_id, std::int64_t starts_at) {
    return std::to_string(location_id) + "-" + std::to_string(starts_at);
}

bool parse_slot_choice_id(
    const std::string& id, std::int64_t& location_id, std::int64_t& starts_at
) {
    auto dash = id.find('-');
    if (dash == std::string::npos) {
        return false;
    }
    auto location = parse_id(id.substr(0, dash));
    auto start = parse_id(id.substr(dash + 1));
    if (!location || !start) {
        return false;
    }
    location_id = *location;
    starts_at = *start;
    return true;
}

void add_booking_actions(
    actions::action_registry& registry,
    std::shared_ptr<const zone_clock> clock,
    booking_settings settings
) {
    auto handlers = std::make_shared<const booking_handlers>(std::move(clock), settings);
    using member =
        action_result_event (booking_handlers::*)(actions::action_context&, const call_action&)
            const;
    auto bind = [&](const std::string& name, member fn) {
        registry.add(name, [handlers, fn](actions::action_context& ctx, const call_action& call) {
            return ((*handlers).*fn)(ctx, call);
        });
    };
    bind("booking_services", &booking_handlers::services);
    bind("booking_days", &booking_handlers::days);
    bind("booking_times", &booking_handlers::times);
    bind("booking_slot", &booking_handlers::slot);
    bind("booking", &booking_handlers::book);
    bind("list_appointments", &booking_handlers::list);
    bind("appointment_details", &booking_handlers::details);
    bind("cancel_appointment", &booking_handlers::cancel);
}

}  // namespace zaedno::appointments
