// branch: picks the next node from a variable, the last answer, language, channel or office hours.
#include "bot/engine/runner.hpp"

namespace zaedno::engine {

node_result run_branch(const branch_node& node, runner& r) {
    auto& state = r.state();
    std::string value;
    switch (node.on) {
        case branch_on::variable:
            if (auto it = state.variables.find(node.var); it != state.variables.end()) {
                value = it->second;
            }
            break;
        case branch_on::answer:
            if (auto it = state.variables.find("answer"); it != state.variables.end()) {
                value = it->second;
            }
            break;
        case branch_on::language:
            value = state.language;
            break;
        case branch_on::channel:
            value = r.input().channel;
            break;
        case branch_on::office_hours: {
            const auto& hours = r.script_ref().office_hours;
            auto it = hours.find(node.hours);
            bool open = it != hours.end() && within(it->second, r.input().local);
            value = open ? "open" : "closed";
            break;
        }
    }
    for (const auto& [match, next] : node.cases) {
        if (match == value) {
            return node_result::go(next);
        }
    }
    return node_result::go(node.otherwise);
}

}  // namespace zaedno::engine
