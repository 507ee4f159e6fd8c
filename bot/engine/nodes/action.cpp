// action: built-in state changes run at once; named actions are requested and awaited.
#include "bot/engine/runner.hpp"

namespace zaedno::engine {

node_result run_action(const action_node& node, runner& r) {
    auto& state = r.state();
    switch (node.op) {
        case action_op::set:
            state.variables[node.var] = r.substitute(node.value);
            return node_result::go(node.next);
        case action_op::set_language: {
            auto lang = r.substitute(node.value);
            if (r.catalog().has_language(lang) && lang != state.language) {
                state.language = lang;
                r.emit(language_changed{lang});
            }
            return node_result::go(node.next);
        }
        case action_op::set_consent:
            if (state.consent != node.consent) {
                state.consent = node.consent;
                r.emit(consent_changed{node.consent});
            }
            return node_result::go(node.next);
        case action_op::clear:
            state.variables.clear();
            state.dynamic_choices.clear();
            if (state.consent) {
                state.consent = false;
                r.emit(consent_changed{false});
            }
            return node_result::go(node.next);
        case action_op::go_to:
            return node_result::go(node.target);
        case action_op::end:
            r.emit(conversation_ended{});
            return node_result::end();
        case action_op::call: {
            call_action call{node.action, {}};
            for (const auto& [name, templ] : node.params) {
                call.params[name] = r.substitute(templ);
            }
            state.waiting_for_action = node.action;
            r.emit(std::move(call));
            return node_result::wait();
        }
    }
    return node_result::end();
}

}  // namespace zaedno::engine
