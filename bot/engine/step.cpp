// The engine's entry: crisis first, then global words, return after a pause, then the script.
#include "bot/engine/step.hpp"

#include <algorithm>

#include "bot/common/overloaded.hpp"
#include "bot/engine/runner.hpp"
#include "bot/i18n/normalize.hpp"

namespace zaedno::engine {

namespace {

/// "/menu@zaedno_bot extra" → "/menu"; anything not starting with '/' → "".
std::string command_of(std::string_view text) {
    auto begin = text.find_first_not_of(" \t\r\n");
    if (begin == std::string_view::npos || text[begin] != '/') {
        return {};
    }
    auto end = text.find_first_of(" \t\r\n@", begin);
    auto token = std::string(text.substr(begin, end == std::string_view::npos ? end : end - begin));
    std::transform(token.begin(), token.end(), token.begin(), [](unsigned char c) {
        return static_cast<char>(std::tolower(c));
    });
    return token;
}

bool contains_word(const std::vector<std::string>& words, const std::string& folded) {
    return std::find(words.begin(), words.end(), folded) != words.end();
}

void crisis_answer(const script& s, runner& r, conversation_state& state) {
    r.urgent = true;
    state.waiting_for_action.clear();
    state.misunderstandings = 0;
    state.variables["handoff_reason"] = "crisis";
    r.run_flow_start(s.crisis_flow);
    r.emit(handoff_request{"crisis", "urgent", true});
}

void welcome_back(const script& s, runner& r, conversation_state& state) {
    state.waiting_for_action.clear();
    state.misunderstandings = 0;
    r.emit_reply({s.welcome_back_key, {}});
    r.run_flow_start(s.menu_flow);
}

bool position_exists(const script& s, const conversation_state& state) {
    const flow* f = s.find_flow(state.flow);
    return f != nullptr && f->find(state.node) != nullptr;
}

/// Idle between conversations: a message that names a menu choice goes straight there,
/// anything else shows the menu.
template <typename Answer>
void from_idle(const script& s, runner& r, conversation_state& state, Answer answer) {
    const flow* menu = s.find_flow(s.menu_flow);
    const node* start = menu ? menu->find(menu->start) : nullptr;
    const auto* ask = start ? std::get_if<ask_node>(&start->body) : nullptr;
    if (ask != nullptr && state.consent) {
        r.position_at(menu->name, start->id);
        if (auto next = answer(*ask)) {
            if (next->empty()) {
                r.mark_flow(flow_finished{menu->name});
                state.node.clear();
            } else {
                r.follow(*next);
            }
            return;
        }
    }
    r.run_flow_start(s.menu_flow);
}

/// Where an answer, typed or tapped, goes once crisis and the global words are ruled out:
/// `idle_answer` reads it against the menu's first question, `in_flow` where the person is.
template <typename IdleAnswer, typename InFlow>
void route_answer(
    const script& s,
    runner& r,
    conversation_state& state,
    bool returning,
    IdleAnswer idle_answer,
    InFlow in_flow
) {
    if (state.is_new()) {
        r.run_flow_start(s.entry_flow);
    } else if (returning) {
        welcome_back(s, r, state);
    } else if (!state.waiting_for_action.empty()) {
        r.emit_reply({s.please_wait_key, {}});
    } else if (state.is_idle()) {
        from_idle(s, r, state, idle_answer);
    } else if (!position_exists(s, state)) {
        r.moved_on();
    } else {
        in_flow();
    }
}

}  // namespace

lexicon::lexicon(const script& s, const i18n::catalog& catalog)
    : script_(s), crisis_(catalog, s.crisis_words_key) {
    for (const auto& lang : catalog.languages()) {
        words_of_language words;
        for (std::size_t i = 0; i < s.global_words.size(); ++i) {
            const auto& key = s.global_words[i].words_key;
            if (!key.empty()) {
                words.globals.emplace_back(i, catalog.word_list(lang, key));
            }
        }
        if (!s.yes_words_key.empty()) {
            words.yes = catalog.word_list(lang, s.yes_words_key);
        }
        if (!s.no_words_key.empty()) {
            words.no = catalog.word_list(lang, s.no_words_key);
        }
        by_language_.emplace(lang, std::move(words));
    }
}

const lexicon::words_of_language* lexicon::find(const std::string& language) const {
    auto it = by_language_.find(language);
    return it == by_language_.end() ? nullptr : &it->second;
}

const global_word* lexicon::match_global(
    std::string_view raw_text, const std::string& folded, const std::string& language, bool loose
) const {
    auto command = command_of(raw_text);
    if (!command.empty()) {
        for (const auto& word : script_.global_words) {
            if (std::find(word.commands.begin(), word.commands.end(), command) !=
                word.commands.end()) {
                return &word;
            }
        }
    }
    if (folded.empty()) {
        return nullptr;
    }
    auto search = [&](const words_of_language& words) -> const global_word* {
        for (const auto& [index, list] : words.globals) {
            for (const auto& w : list) {
                if (w.empty()) {
                    continue;
                }
                if (w == folded || (loose && i18n::contains_phrase(folded, w))) {
                    return &script_.global_words[index];
                }
            }
        }
        return nullptr;
    };
    if (const auto* own = find(language)) {
        if (const auto* word = search(*own)) {
            return word;
        }
    }
    // People mix languages; an exact word from any loaded language still counts.
    for (const auto& [lang, words] : by_language_) {
        if (lang == language) {
            continue;
        }
        if (const auto* word = search(words)) {
            return word;
        }
    }
    return nullptr;
}

bool lexicon::is_yes(const std::string& folded, const std::string& language) const {
    const auto* words = find(language);
    return words != nullptr && contains_word(words->yes, folded);
}

bool lexicon::is_no(const std::string& folded, const std::string& language) const {
    const auto* words = find(language);
    return words != nullptr && contains_word(words->no, folded);
}

step_output step(
    const script& s, const i18n::catalog& catalog, const lexicon& words, step_input in
) {
    step_output out{in.state, {}};
    auto& state = out.state;
    if (state.language.empty() || !catalog.has_language(state.language)) {
        state.language = catalog.default_language();
    }
    state.script_version = s.version;
    runner r(s, catalog, words, in, state, out.effects);
    bool returning =
        state.last_activity > 0 && in.now - state.last_activity >= s.inactivity_timeout_seconds;

    std::visit(
        overloaded{
            [&](const start_event& ev) {
                state.last_activity = in.now;
                state.waiting_for_action.clear();
                state.misunderstandings = 0;
                if (!ev.payload.empty()) {
                    state.variables["start_payload"] = ev.payload;
                }
                if (state.is_new() || !state.consent) {
                    if (auto hinted = catalog.match_language(ev.language_hint)) {
                        state.language = *hinted;
                    }
                    r.run_flow_start(s.entry_flow);
                    return;
                }
                if (auto link = s.deep_links.find(ev.payload); link != s.deep_links.end()) {
                    r.run(settings_ref(link->second));
                    return;
                }
                r.run_flow_start(s.menu_flow);
            },
            [&](const text_event& ev) {
                auto folded = i18n::fold_for_matching(ev.text);
                state.last_activity = in.now;
                if (words.crisis().detect_folded(folded, state.language)) {
                    crisis_answer(s, r, state);
                    return;
                }
                if (const auto* word = words.match_global(ev.text, folded, state.language, false)) {
                    r.enter_global(*word);
                    return;
                }
                route_answer(
                    s,
                    r,
                    state,
                    returning,
                    [&](const ask_node& ask) { return read_answer(ask, r, ev.text); },
                    [&] { r.answer_text(ev.text); }
                );
            },
            [&](const choice_event& ev) {
                state.last_activity = in.now;
                route_answer(
                    s,
                    r,
                    state,
                    returning,
                    [&](const ask_node& ask) { return pick_choice(ask, r, ev.id); },
                    [&] { r.answer_choice(ev.id); }
                );
            },
            [&](const action_result_event& ev) { r.action_result(ev); },
        },
        in.ev
    );
    r.append_flow_marks();
    return out;
}

step_output step(const script& s, const i18n::catalog& catalog, step_input in) {
    lexicon words(s, catalog);
    return step(s, catalog, words, std::move(in));
}

}  // namespace zaedno::engine
