// Whole-script checks: references, reachability, loops, translations, formats, channel limits.
#include "bot/engine/validator.hpp"

#include <algorithm>
#include <functional>
#include <regex>
#include <set>

namespace zaedno::engine {

namespace {

const char* const settings_file = "script.json";

/// A reference leaving a node: where it is written (pointer suffix) and what it says.
struct edge {
    std::string where;
    std::string ref;
};

std::vector<edge> edges_of(const node& n) {
    std::vector<edge> out;
    auto add = [&](std::string where, const std::string& ref) {
        if (!ref.empty()) {
            out.push_back({std::move(where), ref});
        }
    };
    std::visit(
        [&](const auto& body) {
            using T = std::decay_t<decltype(body)>;
            if constexpr (std::is_same_v<T, say_node>) {
                add("/next", body.next);
            } else if constexpr (std::is_same_v<T, ask_node>) {
                for (std::size_t i = 0; i < body.choices.size(); ++i) {
                    add("/choices/" + std::to_string(i) + "/next", body.choices[i].next);
                }
                add("/next", body.next);
            } else if constexpr (std::is_same_v<T, branch_node>) {
                for (const auto& [value, next] : body.cases) {
                    add("/cases/" + pointer_segment(value), next);
                }
                add("/default", body.otherwise);
            } else {
                if (body.op == action_op::go_to) {
                    add("/target", body.target);
                } else if (body.op == action_op::call) {
                    for (const auto& [outcome, next] : body.outcomes) {
                        add("/outcomes/" + pointer_segment(outcome), next);
                    }
                } else if (body.op != action_op::end) {
                    add("/next", body.next);
                }
            }
        },
        n.body
    );
    return out;
}

bool waits(const node& n) {
    if (std::holds_alternative<ask_node>(n.body)) {
        return true;
    }
    const auto* action = std::get_if<action_node>(&n.body);
    return action != nullptr && (action->op == action_op::call || action->op == action_op::end);
}

std::size_t code_points(const std::string& text) {
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U;
    }));
}

/// Telegram counts message length in UTF-16 code units: characters beyond U+FFFF count twice.
std::size_t utf16_units(const std::string& text) {
    auto astral = std::count_if(text.begin(), text.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xF8U) == 0xF0U;
    });
    return code_points(text) + static_cast<std::size_t>(astral);
}

/// The {name} references inside a template.
std::vector<std::string> variables_in(const std::string& templ) {
    std::vector<std::string> names;
    static const std::regex pattern(R"(\{([A-Za-z0-9_.]+)\})");
    for (std::sregex_iterator it(templ.begin(), templ.end(), pattern), end; it != end; ++it) {
        names.push_back((*it)[1].str());
    }
    return names;
}

struct key_use {
    std::string key;
    std::string file;
    std::string path;
    enum class role { text, label, words } kind = role::text;
    std::map<std::string, std::string> args;
};

class checker {
public:
    checker(
        const script& s,
        const i18n::catalog& catalog,
        const std::filesystem::path& locales_dir,
        const channel_limits& limits
    )
        : s_(s), catalog_(catalog), locales_dir_(locales_dir), limits_(limits) {}

    std::vector<problem> run() {
        check_settings();
        for (const auto& [name, f] : s_.flows) {
            check_flow(f);
        }
        check_reachability();
        check_variables();
        check_keys();
        return std::move(problems_);
    }

private:
    void error(const std::string& file, const std::string& path, const std::string& message) {
        problems_.push_back({file, path, message, severity::error});
    }

    void warning(const std::string& file, const std::string& path, const std::string& message) {
        problems_.push_back({file, path, message, severity::warning});
    }

    std::string locale_file(const std::string& lang) const {
        return (locales_dir_ / (lang + ".json")).string();
    }

    /// The node a reference leads to, or an explanation of why it leads nowhere.
    std::variant<std::pair<const flow*, const node*>, std::string> resolve(
        const std::string& ref, const std::string& current_flow
    ) const {
        auto target = parse_ref(ref, current_flow);
        const flow* f = s_.find_flow(target.flow);
        if (f == nullptr) {
            return "\"" + ref + "\": there is no flow \"" + target.flow + "\"";
        }
        auto id = target.node.empty() ? f->start : target.node;
        const node* n = f->find(id);
        if (n == nullptr) {
            return "\"" + ref + "\": flow \"" + f->name + "\" has no node \"" + id + "\"";
        }
        return std::make_pair(f, n);
    }

    void check_ref(
        const std::string& file,
        const std::string& path,
        const std::string& ref,
        const std::string& current_flow
    ) {
        auto r = resolve(ref, current_flow);
        if (auto* message = std::get_if<std::string>(&r)) {
            error(file, path, "broken reference " + *message);
        }
    }

    void check_settings() {
        for (const auto& [field, name] :
             {std::pair{"/entry", s_.entry_flow},
              std::pair{"/menu", s_.menu_flow},
              std::pair{"/crisis", s_.crisis_flow}}) {
            if (!name.empty() && s_.find_flow(name) == nullptr) {
                error(settings_file, field, "there is no flow \"" + name + "\"");
            }
        }
        if (!s_.misunderstood_target.empty()) {
            check_ref(
                settings_file, "/misunderstood", settings_ref(s_.misunderstood_target), s_.menu_flow
            );
        }
        for (const auto& word : s_.global_words) {
            auto path = "/global_words/" + pointer_segment(word.name);
            check_ref(settings_file, path + "/goto", settings_ref(word.target), s_.menu_flow);
            if (word.words_key.empty() && word.commands.empty()) {
                error(settings_file, path, "needs words or commands");
            }
            for (std::size_t i = 0; i < word.commands.size(); ++i) {
                const auto& command = word.commands[i];
                if (command.size() < 2 || command[0] != '/') {
                    error(
                        settings_file,
                        path + "/commands/" + std::to_string(i),
                        "a command starts with '/'"
                    );
                }
            }
            if (!word.words_key.empty()) {
                uses_.push_back(
                    {word.words_key, settings_file, path + "/words", key_use::role::words, {}}
                );
            }
        }
        for (const auto& [payload, target] : s_.deep_links) {
            check_ref(
                settings_file, "/deep_links/" + pointer_segment(payload), target, s_.menu_flow
            );
        }
        for (const auto& [field, key] :
             {std::pair{"/texts/not_understood", s_.not_understood_key},
              std::pair{"/texts/welcome_back", s_.welcome_back_key},
              std::pair{"/texts/moved_on", s_.moved_on_key},
              std::pair{"/texts/please_wait", s_.please_wait_key}}) {
            if (!key.empty()) {
                uses_.push_back({key, settings_file, field, key_use::role::text, {}});
            }
        }
        for (const auto& [field, key] :
             {std::pair{"/texts/yes", s_.yes_label_key}, std::pair{"/texts/no", s_.no_label_key}}) {
            if (!key.empty()) {
                uses_.push_back({key, settings_file, field, key_use::role::label, {}});
            }
        }
        for (const auto& [field, key] :
             {std::pair{"/words/yes", s_.yes_words_key},
              std::pair{"/words/no", s_.no_words_key},
              std::pair{"/words/crisis", s_.crisis_words_key}}) {
            if (!key.empty()) {
                uses_.push_back({key, settings_file, field, key_use::role::words, {}});
            }
        }
    }

    void use_text(
        const std::string& file, const std::string& path, const text_ref& t, key_use::role role
    ) {
        if (!t.key.empty()) {
            uses_.push_back({t.key, file, path, role, t.args});
        }
    }

    void check_ask(const flow& f, const std::string& path, const ask_node& ask) {
        use_text(f.file, path + "/text", ask.text, key_use::role::text);
        if (!ask.reask.empty()) {
            text_ref reask{ask.reask.key, ask.text.args};
            use_text(f.file, path + "/reask", reask, key_use::role::text);
        }
        if (ask.choices_from == choice_source::languages) {
            uses_.push_back(
                {ask.choice_label,
                 f.file,
                 path + "/choice_label",
                 key_use::role::label,
                 {{"name", "Українська"}}}
            );
        }
        std::set<std::string> ids;
        for (std::size_t i = 0; i < ask.choices.size(); ++i) {
            const auto& c = ask.choices[i];
            auto here = path + "/choices/" + std::to_string(i);
            if (!ids.insert(c.id).second) {
                error(f.file, here + "/id", "choice id \"" + c.id + "\" is used twice");
            }
            if (c.id.size() > limits_.callback_bytes) {
                error(
                    f.file,
                    here + "/id",
                    "choice id is " + std::to_string(c.id.size()) +
                        " bytes; Telegram callback data allows " +
                        std::to_string(limits_.callback_bytes)
                );
            }
            use_text(f.file, here + "/label", c.label, key_use::role::label);
        }
        std::size_t buttons = ask.choices.size();
        if (ask.choices_from == choice_source::languages) {
            buttons += catalog_.languages().size();
        }
        if (ask.input == input_kind::yes_no) {
            buttons += 2;
        }
        if (buttons > limits_.viber_buttons) {
            error(
                f.file,
                path + "/choices",
                std::to_string(buttons) + " buttons; Viber keyboards allow " +
                    std::to_string(limits_.viber_buttons)
            );
        } else if (buttons > limits_.sensible_buttons) {
            warning(
                f.file,
                path + "/choices",
                std::to_string(buttons) + " buttons are hard to use on a phone (Telegram)"
            );
        }
        if (ask.choices_from == choice_source::action_result && ask.var.empty()) {
            warning(f.file, path, "choices from an action result are not stored (no \"var\")");
        }
    }

    void check_flow(const flow& f) {
        for (const auto& id : f.order) {
            const node& n = f.nodes.at(id);
            auto path = "/nodes/" + pointer_segment(id);
            for (const auto& e : edges_of(n)) {
                check_ref(f.file, path + e.where, e.ref, f.name);
            }
            if (const auto* say = std::get_if<say_node>(&n.body)) {
                use_text(f.file, path + "/text", say->text, key_use::role::text);
            } else if (const auto* ask = std::get_if<ask_node>(&n.body)) {
                check_ask(f, path, *ask);
            } else if (const auto* branch = std::get_if<branch_node>(&n.body)) {
                if (branch->on == branch_on::office_hours &&
                    !s_.office_hours.contains(branch->hours)) {
                    error(
                        f.file,
                        path + "/hours",
                        "no office hours named \"" + branch->hours + "\" in script.json"
                    );
                }
            } else if (const auto* action = std::get_if<action_node>(&n.body)) {
                if (action->op == action_op::call) {
                    const auto& known = known_actions();
                    if (std::find(known.begin(), known.end(), action->action) == known.end()) {
                        warning(
                            f.file,
                            path + "/action",
                            "\"" + action->action +
                                "\" is not a known action; the caller will answer "
                                "\"unavailable\""
                        );
                    }
                }
            }
        }
    }

    void check_reachability() {
        std::set<std::pair<std::string, std::string>> seen;
        std::vector<std::pair<const flow*, const node*>> to_visit;
        auto reach = [&](const std::string& ref, const std::string& current) {
            auto r = resolve(ref, current);
            if (auto* hit = std::get_if<std::pair<const flow*, const node*>>(&r)) {
                if (seen.insert({hit->first->name, hit->second->id}).second) {
                    to_visit.push_back(*hit);
                }
            }
        };
        for (const auto& name : {s_.entry_flow, s_.menu_flow, s_.crisis_flow}) {
            if (!name.empty()) {
                reach(name + ":", name);
            }
        }
        if (!s_.misunderstood_target.empty()) {
            reach(settings_ref(s_.misunderstood_target), s_.menu_flow);
        }
        for (const auto& word : s_.global_words) {
            reach(settings_ref(word.target), s_.menu_flow);
        }
        for (const auto& [payload, target] : s_.deep_links) {
            reach(settings_ref(target), s_.menu_flow);
        }
        while (!to_visit.empty()) {
            auto [f, n] = to_visit.back();
            to_visit.pop_back();
            for (const auto& e : edges_of(*n)) {
                reach(e.ref, f->name);
            }
        }
        for (const auto& [name, f] : s_.flows) {
            bool any = std::any_of(f.order.begin(), f.order.end(), [&](const std::string& id) {
                return seen.contains({name, id});
            });
            if (!any) {
                error(
                    f.file,
                    "/flow",
                    "flow \"" + name +
                        "\" is unreachable: nothing leads to it from the entry, menu, crisis, "
                        "global words or deep links"
                );
                continue;
            }
            for (const auto& id : f.order) {
                if (!seen.contains({name, id})) {
                    error(
                        f.file,
                        "/nodes/" + pointer_segment(id),
                        "node \"" + id + "\" is unreachable"
                    );
                }
            }
        }
        check_loops();
    }

    /// A cycle of nodes that never wait would spin inside one step.
    void check_loops() {
        std::map<std::pair<std::string, std::string>, int> color;  // 1 visiting, 2 done
        std::function<bool(const flow&, const node&)> visit = [&](const flow& f, const node& n) {
            auto key = std::make_pair(f.name, n.id);
            if (color[key] == 1) {
                error(
                    f.file,
                    "/nodes/" + pointer_segment(n.id),
                    "node \"" + n.id + "\" is part of a loop that never asks anything"
                );
                return true;
            }
            if (color[key] == 2 || waits(n)) {
                return false;
            }
            color[key] = 1;
            bool found = false;
            for (const auto& e : edges_of(n)) {
                auto r = resolve(e.ref, f.name);
                if (auto* hit = std::get_if<std::pair<const flow*, const node*>>(&r)) {
                    found = visit(*hit->first, *hit->second) || found;
                    if (found) {
                        break;
                    }
                }
            }
            color[key] = 2;
            return found;
        };
        for (const auto& [name, f] : s_.flows) {
            for (const auto& id : f.order) {
                visit(f, f.nodes.at(id));
            }
        }
    }

    void check_variables() {
        std::set<std::string> known{
            "answer", "handoff_reason", "start_payload", "language", "channel"};
        for (const auto& [name, f] : s_.flows) {
            for (const auto& [id, n] : f.nodes) {
                if (const auto* ask = std::get_if<ask_node>(&n.body); ask && !ask->var.empty()) {
                    known.insert(ask->var);
                } else if (const auto* action = std::get_if<action_node>(&n.body)) {
                    if (action->op == action_op::set) {
                        known.insert(action->var);
                    }
                    known.insert(action->sets.begin(), action->sets.end());
                }
            }
        }
        auto check = [&](const std::string& file, const std::string& path, const std::string& templ
                     ) {
            for (const auto& name : variables_in(templ)) {
                if (!known.contains(name)) {
                    warning(
                        file,
                        path,
                        "variable \"" + name + "\" is never set by the script (empty when used)"
                    );
                }
            }
        };
        for (const auto& [name, f] : s_.flows) {
            for (const auto& id : f.order) {
                const node& n = f.nodes.at(id);
                auto path = "/nodes/" + pointer_segment(id);
                auto text_args = [&](const std::string& where, const text_ref& t) {
                    check(f.file, path + where, t.key);
                    for (const auto& [arg, templ] : t.args) {
                        check(f.file, path + "/args/" + pointer_segment(arg), templ);
                    }
                };
                if (const auto* say = std::get_if<say_node>(&n.body)) {
                    text_args("/text", say->text);
                } else if (const auto* ask = std::get_if<ask_node>(&n.body)) {
                    text_args("/text", ask->text);
                } else if (const auto* branch = std::get_if<branch_node>(&n.body)) {
                    if (branch->on == branch_on::variable && !known.contains(branch->var)) {
                        warning(
                            f.file,
                            path + "/var",
                            "variable \"" + branch->var + "\" is never set by the script"
                        );
                    }
                } else if (const auto* action = std::get_if<action_node>(&n.body)) {
                    check(
                        f.file,
                        path + (action->op == action_op::set_language ? "/language" : "/value"),
                        action->value
                    );
                    for (const auto& [param, templ] : action->params) {
                        check(f.file, path + "/params/" + pointer_segment(param), templ);
                    }
                }
            }
        }
    }

    /// Keys a use stands for: itself, or every default-language key its {var} pattern matches.
    std::vector<std::string> expand(const key_use& use) {
        if (use.key.find('{') == std::string::npos) {
            return {use.key};
        }
        std::string pattern;
        std::size_t i = 0;
        static const std::regex special(R"([.^$|()\[\]*+?\\{}])");
        while (i < use.key.size()) {
            auto open = use.key.find('{', i);
            auto literal = use.key.substr(i, open == std::string::npos ? open : open - i);
            pattern += std::regex_replace(literal, special, R"(\$&)");
            if (open == std::string::npos) {
                break;
            }
            auto close = use.key.find('}', open);
            if (close == std::string::npos) {
                pattern += std::regex_replace(use.key.substr(open), special, R"(\$&)");
                break;
            }
            pattern += "[A-Za-z0-9_-]+";
            i = close + 1;
        }
        std::regex matcher(pattern);
        std::vector<std::string> out;
        for (const auto& key : catalog_.keys(catalog_.default_language())) {
            if (std::regex_match(key, matcher)) {
                out.push_back(key);
            }
        }
        if (out.empty()) {
            error(
                use.file,
                use.path,
                "no key in " + locale_file(catalog_.default_language()) + " matches \"" + use.key +
                    "\""
            );
        }
        return out;
    }

    i18n::message_args sample_args(const key_use& use) const {
        i18n::message_args args;
        for (const auto& [name, templ] : use.args) {
            // A bare variable may hold a number (plural); anything else is text of typical size.
            if (variables_in(templ).size() == 1 && templ.front() == '{' && templ.back() == '}') {
                args[name] = static_cast<std::int64_t>(2);
            } else {
                args[name] = templ;
            }
        }
        return args;
    }

    void check_keys() {
        std::set<std::pair<std::string, std::string>> reported;  // (lang, key)
        for (const auto& use : uses_) {
            for (const auto& key : expand(use)) {
                for (const auto& lang : catalog_.languages()) {
                    check_key(use, key, lang, reported);
                }
            }
        }
    }

    void check_key(
        const key_use& use,
        const std::string& key,
        const std::string& lang,
        std::set<std::pair<std::string, std::string>>& reported
    ) {
        bool first_report = reported.insert({lang, key}).second;
        if (!catalog_.has(lang, key)) {
            if (first_report) {
                error(
                    locale_file(lang),
                    "/" + pointer_segment(key),
                    "missing translation (used by " + use.file + ": " + use.path + ")"
                );
            }
            return;
        }
        auto raw = catalog_.raw(lang, key).value_or("");
        if (use.kind != key_use::role::words) {
            if (auto bad = i18n::check_message_format(raw, lang)) {
                if (first_report) {
                    error(
                        locale_file(lang),
                        "/" + pointer_segment(key),
                        "malformed MessageFormat: " + *bad
                    );
                }
                return;
            }
        }
        if (!first_report) {
            return;
        }
        if (use.kind != key_use::role::words) {
            for (const auto& message : i18n::check_plural_categories(raw, lang)) {
                warning(locale_file(lang), "/" + pointer_segment(key), message);
            }
        }
        auto text = catalog_.format(lang, key, sample_args(use)).text;
        auto length = code_points(text);
        auto where = locale_file(lang);
        auto path = "/" + pointer_segment(key);
        switch (use.kind) {
            case key_use::role::text:
                if (length > limits_.viber_text) {
                    error(
                        where,
                        path,
                        std::to_string(length) + " characters; Viber allows " +
                            std::to_string(limits_.viber_text)
                    );
                } else if (utf16_units(text) > limits_.telegram_text) {
                    error(
                        where,
                        path,
                        std::to_string(utf16_units(text)) + " UTF-16 units; Telegram allows " +
                            std::to_string(limits_.telegram_text)
                    );
                }
                break;
            case key_use::role::label:
                if (length > limits_.label_error) {
                    error(
                        where,
                        path,
                        "button label of " + std::to_string(length) + " characters (at most " +
                            std::to_string(limits_.label_error) + ")"
                    );
                } else if (length > limits_.label_warning) {
                    warning(
                        where,
                        path,
                        "button label of " + std::to_string(length) +
                            " characters may be cut on small screens"
                    );
                }
                break;
            case key_use::role::words:
                if (catalog_.word_list(lang, key).empty()) {
                    error(where, path, "word list is empty");
                }
                break;
        }
    }

    const script& s_;
    const i18n::catalog& catalog_;
    std::filesystem::path locales_dir_;
    channel_limits limits_;
    std::vector<problem> problems_;
    std::vector<key_use> uses_;
};

}  // namespace

std::vector<problem> validate_script(
    const script& s,
    const i18n::catalog& catalog,
    const std::filesystem::path& locales_dir,
    const channel_limits& limits
) {
    return checker(s, catalog, locales_dir, limits).run();
}

}  // namespace zaedno::engine
