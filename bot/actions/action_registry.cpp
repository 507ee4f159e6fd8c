// The registry, and the handlers every deployment has.
#include "bot/actions/action_registry.hpp"

namespace zaedno::actions {

namespace {

std::string param(const engine::call_action& call, const std::string& name) {
    auto it = call.params.find(name);
    return it == call.params.end() ? std::string{} : it->second;
}

engine::action_result_event ok(const engine::call_action& call) {
    return {call.name, "ok", {}, {}};
}

}  // namespace

void action_registry::add(const std::string& name, action_handler handler) {
    handlers_[name] = std::move(handler);
}

bool action_registry::has(const std::string& name) const {
    return handlers_.contains(name);
}

engine::action_result_event action_registry::perform(
    action_context& ctx, const engine::call_action& call
) const {
    auto it = handlers_.find(call.name);
    if (it == handlers_.end()) {
        return {call.name, "unavailable", {}, {}};
    }
    return it->second(ctx, call);
}

void add_conversation_actions(action_registry& registry) {
    auto content = [](action_context& ctx, const engine::call_action& call) {
        auto answer = ctx.runtime.content().perform(call, ctx.conversation.state.language);
        return answer.value_or(engine::action_result_event{call.name, "unavailable", {}, {}});
    };
    registry.add("housing_search", content);
    registry.add("contacts", content);
    registry.add("handoff", [](action_context& ctx, const engine::call_action& call) {
        auto priority = param(call, "priority") == "urgent" ? "urgent" : "normal";
        auto reason = param(call, "reason").empty() ? std::string("asked") : param(call, "reason");
        conversation::request_handoff(ctx.db, ctx.conversation, reason, priority, ctx.now);
        ctx.handed_off = true;
        return ok(call);
    });
    auto subscription = [](action_context& ctx, const engine::call_action& call) {
        conversation::set_subscribed(ctx.db, ctx.conversation.person_id, call.name == "subscribe");
        return ok(call);
    };
    registry.add("subscribe", subscription);
    registry.add("unsubscribe", subscription);
    registry.add("erase", [](action_context& ctx, const engine::call_action& call) {
        conversation::erase_person_data(ctx.db, ctx.conversation, ctx.now);
        ctx.erased = true;
        return ok(call);
    });
}

}  // namespace zaedno::actions
