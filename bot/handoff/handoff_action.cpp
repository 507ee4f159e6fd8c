// Replaces the registry's plain `handoff` action with one that knows office hours.
#include "bot/handoff/handoff_action.hpp"

#include "bot/conversation/conversation_repository.hpp"

namespace zaedno::handoff {

namespace {

std::string param(const engine::call_action& call, const std::string& name) {
    auto it = call.params.find(name);
    return it == call.params.end() ? std::string{} : it->second;
}

}  // namespace

office_hours office_hours_for(const office_hours_config& config, const engine::script& s) {
    std::vector<engine::weekly_window> weekly;
    if (!config.weekly.empty()) {
        weekly = parse_weekly(config.weekly);
    } else if (auto it = s.office_hours.find("caseworkers"); it != s.office_hours.end()) {
        weekly = it->second;
    }
    return {std::move(weekly), parse_holidays(config.holidays), config.zone};
}

namespace {

/// Whether the action node the conversation waits on routes this outcome; scripts written
/// before office hours map only ok, and must keep getting ok.
bool caller_maps(const actions::action_context& ctx, const std::string& outcome) {
    const auto* f = ctx.runtime.script().find_flow(ctx.conversation.state.flow);
    const auto* n = f ? f->find(ctx.conversation.state.node) : nullptr;
    const auto* action = n ? std::get_if<engine::action_node>(&n->body) : nullptr;
    return action != nullptr && action->outcomes.contains(outcome);
}

}  // namespace

actions::action_handler handoff_action(office_hours_config config) {
    return [config =
                std::move(config)](actions::action_context& ctx, const engine::call_action& call) {
        auto priority = param(call, "priority") == "urgent" ? "urgent" : "normal";
        auto reason = param(call, "reason").empty() ? std::string("asked") : param(call, "reason");
        conversation::request_handoff(ctx.db, ctx.conversation, reason, priority, ctx.now);
        ctx.handed_off = true;
        engine::action_result_event result{call.name, "ok", {}, {}};
        result.variables["next_opening"] = "";
        auto hours = office_hours_for(config, ctx.runtime.script());
        if (hours.open_at(ctx.now)) {
            return result;
        }
        auto opens = hours.next_opening(ctx.now);
        auto outcome = opens ? std::string("closed") : std::string("closed_unknown");
        if (!caller_maps(ctx, outcome)) {
            return result;
        }
        result.outcome = outcome;
        if (opens) {
            const auto& catalog = ctx.runtime.catalog();
            const auto& lang = ctx.conversation.state.language.empty()
                                   ? catalog.default_language()
                                   : ctx.conversation.state.language;
            result.variables["next_opening"] =
                catalog
                    .format(lang, "office_hours.next_opening", {{"when", i18n::timestamp{*opens}}})
                    .text;
        }
        return result;
    };
}

}  // namespace zaedno::handoff
