// Inside one step: walks nodes from a position until the conversation waits, and answers input.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "bot/engine/step.hpp"

namespace zaedno::engine {

/// What a node did: continue at next (empty next: the conversation turn ends), or wait here.
struct node_result {
    enum class kind { go, wait, end };
    kind what = kind::end;
    std::string next;

    static node_result go(std::string next) { return {kind::go, std::move(next)}; }

    static node_result wait() { return {kind::wait, {}}; }

    static node_result end() { return {kind::end, {}}; }
};

class runner {
public:
    runner(
        const script& s,
        const i18n::catalog& catalog,
        const lexicon& words,
        const step_input& in,
        conversation_state& state,
        std::vector<effect>& effects
    );

    /// Runs from a reference ("node", "flow:node", "flow:") relative to the current flow,
    /// leaving the current flow unfinished (a global word, a crisis, recovery).
    void run(const std::string& ref);
    /// Runs from a reference the current node leads to: leaving the flow finishes it.
    void follow(const std::string& ref);
    /// Puts the conversation at a node without running it (a menu answered from idle).
    void position_at(const std::string& flow, const std::string& node);
    /// Notes a flow_started / flow_finished effect; they follow every other effect of the
    /// step (append_flow_marks), so a crisis answer still comes first.
    void mark_flow(effect e);
    void append_flow_marks();
    void run_flow_start(const std::string& flow_name);
    void answer_text(const std::string& text);
    void answer_choice(const std::string& id);
    void action_result(const action_result_event& result);
    void moved_on();
    void enter_global(const global_word& word);

    // Used by the node kinds.
    std::string substitute(const std::string& templ) const;
    i18n::message_args make_args(const std::map<std::string, std::string>& templates) const;
    void emit_reply(const text_ref& text, std::vector<reply_choice> choices = {});
    void emit(effect e);
    std::vector<offered_choice> listed_choices(const ask_node& ask);
    std::vector<reply_choice> reply_choices(const ask_node& ask);
    std::string label_text(const offered_choice& c, const std::string& language) const;

    const script& script_ref() const { return script_; }

    const i18n::catalog& catalog() const { return catalog_; }

    const lexicon& words() const { return words_; }

    const step_input& input() const { return in_; }

    conversation_state& state() { return state_; }

    bool urgent = false;  // replies are part of a crisis answer

private:
    const ask_node* current_ask() const;
    void misunderstood(const ask_node& ask);
    void go(const std::string& next);
    void walk(const std::string& ref, bool by_own_path);

    bool in_flow() const { return !state_.flow.empty() && !state_.node.empty(); }

    const script& script_;
    const i18n::catalog& catalog_;
    const lexicon& words_;
    const step_input& in_;
    conversation_state& state_;
    std::vector<effect>& effects_;
    std::vector<effect> flow_marks_;
    int visits_ = 0;
};

// One function per node kind, in nodes/<kind>.cpp.
node_result run_say(const say_node& node, runner& r);
node_result run_ask(const ask_node& node, runner& r);
node_result run_branch(const branch_node& node, runner& r);
node_result run_action(const action_node& node, runner& r);

/// The ask node's reading of typed text: the next reference, or nullopt when not understood.
std::optional<std::string> read_answer(const ask_node& node, runner& r, const std::string& text);
/// A tapped choice id at an ask node: the next reference, or nullopt when not offered there.
std::optional<std::string> pick_choice(const ask_node& node, runner& r, const std::string& id);

}  // namespace zaedno::engine
