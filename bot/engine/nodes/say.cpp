// say: one message, then on to the next node (or the end of this turn).
#include "bot/engine/runner.hpp"

namespace zaedno::engine {

node_result run_say(const say_node& node, runner& r) {
    r.emit_reply(node.text);
    return node_result::go(node.next);
}

}  // namespace zaedno::engine
