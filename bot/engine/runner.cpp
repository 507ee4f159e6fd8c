// Walking the script inside one step: node visits, answers, action results, recovery.
#include "bot/engine/runner.hpp"

#include <algorithm>

#include "bot/common/overloaded.hpp"
#include "bot/i18n/normalize.hpp"

namespace zaedno::engine {

namespace {

// A script whose nodes loop without asking anything would spin forever; the validator
// reports such loops, and this bound keeps a published mistake from hanging the processor.
constexpr int max_visits_per_step = 64;

bool is_plain_integer(const std::string& text) {
    std::size_t i = text.starts_with('-') ? 1 : 0;
    if (i >= text.size() || text.size() - i > 18) {
        return false;
    }
    if (text[i] == '0' && text.size() - i > 1) {
        return false;  // leading zeros: a phone or code, keep it text
    }
    for (; i < text.size(); ++i) {
        if (text[i] < '0' || text[i] > '9') {
            return false;
        }
    }
    return true;
}

bool is_name_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '.';
}

/// Values already resolved (choice args, action data): integers become numbers for plurals.
i18n::message_args literal_args(const std::map<std::string, std::string>& values) {
    i18n::message_args args;
    for (const auto& [name, value] : values) {
        if (is_plain_integer(value)) {
            args[name] = static_cast<std::int64_t>(std::stoll(value));
        } else {
            args[name] = value;
        }
    }
    return args;
}

}  // namespace

runner::runner(
    const script& s,
    const i18n::catalog& catalog,
    const lexicon& words,
    const step_input& in,
    conversation_state& state,
    std::vector<effect>& effects
)
    : script_(s), catalog_(catalog), words_(words), in_(in), state_(state), effects_(effects) {}

std::string runner::substitute(const std::string& templ) const {
    if (templ.find('{') == std::string::npos) {
        return templ;
    }
    std::string out;
    std::size_t i = 0;
    while (i < templ.size()) {
        if (templ[i] == '{') {
            auto close = templ.find('}', i + 1);
            if (close != std::string::npos) {
                auto name = templ.substr(i + 1, close - i - 1);
                bool valid = !name.empty();
                for (char c : name) {
                    valid = valid && is_name_char(c);
                }
                if (valid) {
                    if (auto it = state_.variables.find(name); it != state_.variables.end()) {
                        out += it->second;
                    } else if (name == "language") {
                        out += state_.language;
                    } else if (name == "channel") {
                        out += in_.channel;
                    }
                    i = close + 1;
                    continue;
                }
            }
        }
        out += templ[i];
        ++i;
    }
    return out;
}

i18n::message_args runner::make_args(const std::map<std::string, std::string>& templates) const {
    std::map<std::string, std::string> values;
    for (const auto& [name, templ] : templates) {
        values[name] = substitute(templ);
    }
    return literal_args(values);
}

void runner::emit(effect e) {
    if (auto* r = std::get_if<reply>(&e)) {
        r->urgent = r->urgent || urgent;
    }
    effects_.push_back(std::move(e));
}

void runner::emit_reply(const text_ref& text, std::vector<reply_choice> choices) {
    reply r;
    r.language = state_.language;
    r.text = substitute(text.key);
    r.args = make_args(text.args);
    r.choices = std::move(choices);
    emit(std::move(r));
}

std::vector<offered_choice> runner::listed_choices(const ask_node& ask) {
    std::vector<offered_choice> out;
    if (ask.choices_from == choice_source::languages) {
        std::vector<offered_choice> languages;
        auto add = [&](const std::string& lang) {
            languages.push_back({lang, ask.choice_label, {{"name", catalog_.language_name(lang)}}});
        };
        // The current language (pre-selected from the platform hint) is listed first.
        if (catalog_.has_language(state_.language)) {
            add(state_.language);
        }
        for (const auto& lang : catalog_.languages()) {
            if (lang != state_.language) {
                add(lang);
            }
        }
        state_.dynamic_choices = languages;
        out = std::move(languages);
    } else if (ask.choices_from == choice_source::action_result) {
        out = state_.dynamic_choices;
    }
    for (const auto& spec : ask.choices) {
        offered_choice c{spec.id, substitute(spec.label.key), {}};
        for (const auto& [name, templ] : spec.label.args) {
            c.args[name] = substitute(templ);
        }
        out.push_back(std::move(c));
    }
    if (ask.input == input_kind::yes_no) {
        out.push_back({"yes", script_.yes_label_key, {}});
        out.push_back({"no", script_.no_label_key, {}});
    }
    return out;
}

std::vector<reply_choice> runner::reply_choices(const ask_node& ask) {
    std::vector<reply_choice> out;
    for (const auto& c : listed_choices(ask)) {
        out.push_back({c.id, c.label, literal_args(c.args)});
    }
    return out;
}

std::string runner::label_text(const offered_choice& c, const std::string& language) const {
    return catalog_.format(language, c.label, literal_args(c.args)).text;
}

const ask_node* runner::current_ask() const {
    const flow* f = script_.find_flow(state_.flow);
    const node* n = f ? f->find(state_.node) : nullptr;
    return n ? std::get_if<ask_node>(&n->body) : nullptr;
}

void runner::go(const std::string& next) {
    if (next.empty()) {
        if (in_flow()) {
            mark_flow(flow_finished{state_.flow});
        }
        state_.node.clear();
        return;
    }
    follow(next);
}

void runner::run_flow_start(const std::string& flow_name) {
    run(flow_name + ":");
}

void runner::run(const std::string& ref) {
    walk(ref, false);
}

void runner::mark_flow(effect e) {
    flow_marks_.push_back(std::move(e));
}

void runner::append_flow_marks() {
    for (auto& e : flow_marks_) {
        effects_.push_back(std::move(e));
    }
    flow_marks_.clear();
}

void runner::follow(const std::string& ref) {
    walk(ref, true);
}

void runner::position_at(const std::string& flow_name, const std::string& node_id) {
    if (!in_flow() || state_.flow != flow_name) {
        mark_flow(flow_started{flow_name});
    }
    state_.flow = flow_name;
    state_.node = node_id;
}

void runner::walk(const std::string& ref, bool by_own_path) {
    auto target = parse_ref(ref, state_.flow);
    while (true) {
        if (++visits_ > max_visits_per_step) {
            // Loop without a question: stop here; the next message starts at the menu.
            state_.node.clear();
            bool replied = std::any_of(effects_.begin(), effects_.end(), [](const effect& e) {
                return std::holds_alternative<reply>(e);
            });
            if (!replied) {
                emit_reply({script_.moved_on_key, {}});
            }
            return;
        }
        if (target.flow == script_.menu_flow && !state_.consent &&
            script_.find_flow(script_.entry_flow) != nullptr) {
            target = {script_.entry_flow, ""};
        }
        const flow* f = script_.find_flow(target.flow);
        const node* n = nullptr;
        if (f != nullptr) {
            n = f->find(target.node.empty() ? f->start : target.node);
        }
        if (n == nullptr) {
            moved_on();
            return;
        }
        if (!in_flow() || state_.flow != f->name) {
            if (in_flow() && by_own_path) {
                mark_flow(flow_finished{state_.flow});
            }
            mark_flow(flow_started{f->name});
        }
        state_.flow = f->name;
        state_.node = n->id;
        auto result = std::visit(
            overloaded{
                [&](const say_node& x) { return run_say(x, *this); },
                [&](const ask_node& x) { return run_ask(x, *this); },
                [&](const branch_node& x) { return run_branch(x, *this); },
                [&](const action_node& x) { return run_action(x, *this); },
            },
            n->body
        );
        if (result.what == node_result::kind::wait) {
            return;
        }
        if (result.what == node_result::kind::end || result.next.empty()) {
            mark_flow(flow_finished{state_.flow});
            state_.node.clear();
            return;
        }
        by_own_path = true;
        target = parse_ref(result.next, state_.flow);
    }
}

void runner::moved_on() {
    state_.waiting_for_action.clear();
    bool already_recovering = visits_ > max_visits_per_step / 2;
    if (!already_recovering) {
        emit_reply({script_.moved_on_key, {}});
    }
    const flow* menu = script_.find_flow(script_.menu_flow);
    if (menu == nullptr || already_recovering) {
        state_.node.clear();
        if (state_.flow.empty()) {
            state_.flow = script_.menu_flow;
        }
        return;
    }
    // Recovery runs with half the visit budget left, so a broken menu cannot recurse.
    visits_ = std::max(visits_, max_visits_per_step / 2 + 1);
    run_flow_start(script_.menu_flow);
}

void runner::enter_global(const global_word& word) {
    state_.waiting_for_action.clear();
    state_.misunderstandings = 0;
    run(settings_ref(word.target));
}

void runner::misunderstood(const ask_node& ask) {
    ++state_.misunderstandings;
    if (state_.misunderstandings >= script_.max_misunderstandings) {
        state_.misunderstandings = 0;
        state_.variables["handoff_reason"] = "misunderstanding";
        run(settings_ref(script_.misunderstood_target));
        return;
    }
    if (!ask.reask.empty()) {
        emit_reply({ask.reask.key, ask.text.args}, reply_choices(ask));
        return;
    }
    emit_reply({script_.not_understood_key, {}});
    emit_reply(ask.text, reply_choices(ask));
}

void runner::answer_text(const std::string& text) {
    const ask_node* ask = current_ask();
    if (ask == nullptr) {
        moved_on();
        return;
    }
    if (auto next = read_answer(*ask, *this, text)) {
        state_.misunderstandings = 0;
        go(*next);
        return;
    }
    // Where only buttons are expected, a sentence containing a global word means that word.
    if (ask->input == input_kind::none || ask->input == input_kind::yes_no) {
        auto folded = i18n::fold_for_matching(text);
        if (const auto* word = words_.match_global(text, folded, state_.language, true)) {
            enter_global(*word);
            return;
        }
    }
    misunderstood(*ask);
}

void runner::answer_choice(const std::string& id) {
    const ask_node* ask = current_ask();
    if (ask == nullptr) {
        moved_on();
        return;
    }
    if (auto next = pick_choice(*ask, *this, id)) {
        state_.misunderstandings = 0;
        go(*next);
        return;
    }
    misunderstood(*ask);
}

void runner::action_result(const action_result_event& result) {
    if (state_.waiting_for_action.empty() || result.action != state_.waiting_for_action) {
        return;  // a late or foreign result: the conversation has moved on
    }
    state_.waiting_for_action.clear();
    for (const auto& [name, value] : result.variables) {
        state_.variables[name] = value;
    }
    state_.dynamic_choices = result.choices;
    const flow* f = script_.find_flow(state_.flow);
    const node* n = f ? f->find(state_.node) : nullptr;
    const auto* action = n ? std::get_if<action_node>(&n->body) : nullptr;
    if (action == nullptr) {
        moved_on();
        return;
    }
    for (const std::string& key :
         {result.outcome,
          std::string("default"),
          std::string("error"),
          std::string("unavailable")}) {
        if (auto it = action->outcomes.find(key); it != action->outcomes.end()) {
            go(it->second);
            return;
        }
    }
    moved_on();
}

bool within(const std::vector<weekly_window>& windows, const local_time& local) {
    for (const auto& w : windows) {
        bool day = std::find(w.days.begin(), w.days.end(), local.weekday) != w.days.end();
        if (day && local.minute_of_day >= w.from_minute && local.minute_of_day < w.to_minute) {
            return true;
        }
    }
    return false;
}

}  // namespace zaedno::engine
