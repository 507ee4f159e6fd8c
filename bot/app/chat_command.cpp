// Terminal conversation: the engine's effects printed, actions answered in memory.
#include "bot/app/chat_command.hpp"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <istream>
#include <memory>
#include <ostream>
#include <regex>

#include <nlohmann/json.hpp>
#include <unicode/calendar.h>
#include <unicode/timezone.h>

#include "bot/engine/loader.hpp"
#include "bot/i18n/normalize.hpp"

namespace zaedno::app {

namespace {

template <class... Ts>
struct overloaded : Ts... {
    using Ts::operator()...;
};

std::int64_t system_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch()
    )
        .count();
}

engine::local_time local_time_in(const std::string& zone, std::int64_t now) {
    std::unique_ptr<icu::TimeZone> tz(
        icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(zone))
    );
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Calendar> calendar(icu::Calendar::createInstance(tz.release(), status));
    if (U_FAILURE(status) || !calendar) {
        return {};
    }
    calendar->setTime(static_cast<UDate>(now) * 1000.0, status);
    int day = calendar->get(UCAL_DAY_OF_WEEK, status);  // 1 = Sunday
    int hour = calendar->get(UCAL_HOUR_OF_DAY, status);
    int minute = calendar->get(UCAL_MINUTE, status);
    if (U_FAILURE(status)) {
        return {};
    }
    return {day == UCAL_SUNDAY ? 7 : day - 1, hour * 60 + minute};
}

std::size_t code_points(const std::string& text) {
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U;
    }));
}

/// The named actions a terminal can answer without a server.
class terminal_actions {
public:
    terminal_actions(const i18n::catalog& catalog, const std::filesystem::path& dialogs)
        : catalog_(catalog) {
        std::ifstream file(dialogs / "data" / "contacts.json");
        if (file) {
            contacts_ = nlohmann::json::parse(file, nullptr, false);
        }
        static const std::regex title(R"(housing\.topic\.([A-Za-z0-9_-]+)\.title)");
        for (const auto& key : catalog_.keys(catalog_.default_language())) {
            std::smatch m;
            if (std::regex_match(key, m, title)) {
                topics_.push_back(m[1].str());
            }
        }
    }

    engine::action_result_event perform(
        const engine::call_action& call, const std::string& language
    ) const {
        if (call.name == "housing_search") {
            return housing_search(param(call, "query"), language);
        }
        if (call.name == "contacts") {
            return contacts(param(call, "topic"));
        }
        return {call.name, "unavailable", {}, {}};
    }

private:
    static std::string param(const engine::call_action& call, const std::string& name) {
        auto it = call.params.find(name);
        return it == call.params.end() ? std::string{} : it->second;
    }

    std::string searchable(const std::string& language, const std::string& id) const {
        std::string text;
        for (const auto& lang : {language, catalog_.default_language()}) {
            for (const auto& part : {"title", "keywords"}) {
                auto raw = catalog_.raw(lang, "housing.topic." + id + "." + part);
                if (raw) {
                    std::replace(raw->begin(), raw->end(), '|', ' ');
                    text += " " + i18n::fold_for_matching(*raw);
                }
            }
        }
        return text + " ";
    }

    engine::action_result_event housing_search(
        const std::string& query, const std::string& language
    ) const {
        engine::action_result_event result{"housing_search", "none", {}, {}};
        std::vector<std::string> words;
        auto folded = i18n::fold_for_matching(query);
        std::size_t start = 0;
        while (start <= folded.size()) {
            auto end = folded.find(' ', start);
            auto word = folded.substr(start, end == std::string::npos ? end : end - start);
            if (code_points(word) >= 3) {
                words.push_back(word);
            }
            if (end == std::string::npos) {
                break;
            }
            start = end + 1;
        }
        std::vector<std::pair<int, std::string>> scored;
        for (const auto& id : topics_) {
            auto text = searchable(language, id);
            int score = 0;
            for (const auto& word : words) {
                // A word or the start of one: "rent" finds "renting", "contract" finds "contracts".
                if (text.find(" " + word) != std::string::npos) {
                    ++score;
                }
            }
            if (score > 0) {
                scored.emplace_back(score, id);
            }
        }
        std::stable_sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) {
            return a.first > b.first;
        });
        for (std::size_t i = 0; i < scored.size() && i < 5; ++i) {
            const auto& id = scored[i].second;
            result.choices.push_back({id, "housing.topic." + id + ".title", {}});
        }
        if (!result.choices.empty()) {
            result.outcome = "ok";
        }
        return result;
    }

    engine::action_result_event contacts(const std::string& topic) const {
        engine::action_result_event result{"contacts", "none", {}, {}};
        if (!contacts_.is_object() || !contacts_.contains("contacts") ||
            !contacts_["contacts"].is_array()) {
            result.outcome = "unavailable";
            return result;
        }
        std::string list;
        for (const auto& c : contacts_["contacts"]) {
            if (!c.is_object() || c.value("topic", "") != topic) {
                continue;
            }
            list += "• " + c.value("name", "") + ": " + c.value("phone", "") + " (" +
                    c.value("hours", "") + ")\n";
        }
        if (!list.empty()) {
            list.pop_back();
            result.outcome = "ok";
            result.variables["contact_list"] = list;
        }
        return result;
    }

    const i18n::catalog& catalog_;
    nlohmann::json contacts_;
    std::vector<std::string> topics_;
};

class terminal {
public:
    terminal(
        const chat_options& options,
        const engine::script& s,
        const i18n::catalog& catalog,
        std::ostream& out
    )
        : options_(options),
          script_(s),
          catalog_(catalog),
          words_(s, catalog),
          actions_(catalog, options.dialogs),
          out_(out) {}

    void send(engine::event ev) {
        // Actions answer at once here, so a chain of them stays bounded by the script's size.
        for (int round = 0; round < 16; ++round) {
            auto now = options_.now.value_or(system_now());
            engine::step_input in{
                state_,
                std::move(ev),
                now,
                options_.local.value_or(local_time_in(options_.time_zone, now)),
                "terminal",
            };
            auto language = state_.language.empty() ? catalog_.default_language() : state_.language;
            auto result = engine::step(script_, catalog_, words_, std::move(in));
            state_ = std::move(result.state);
            const engine::call_action* call = nullptr;
            for (const auto& e : result.effects) {
                print(e, language);
                if (const auto* c = std::get_if<engine::call_action>(&e)) {
                    call = c;
                }
            }
            if (call == nullptr) {
                return;
            }
            auto answer = actions_.perform(*call, state_.language);
            out_ << "[" << answer.action << " → " << answer.outcome << "]\n";
            ev = std::move(answer);
        }
    }

private:
    void print(const engine::effect& e, std::string& language) {
        std::visit(
            overloaded{
                [&](const engine::reply& r) {
                    language = r.language;
                    auto text = catalog_.format(language, r.text, r.args).text;
                    out_ << (r.urgent ? "[urgent] " : "") << text << "\n";
                    for (std::size_t i = 0; i < r.choices.size(); ++i) {
                        const auto& c = r.choices[i];
                        out_ << "  " << (i + 1) << ". "
                             << catalog_.format(language, c.label, c.args).text << "\n";
                    }
                },
                [&](const engine::call_action& c) {
                    out_ << "[action " << c.name;
                    for (const auto& [name, value] : c.params) {
                        out_ << " " << name << "=" << value;
                    }
                    out_ << "]\n";
                },
                [&](const engine::language_changed& c) {
                    language = c.language;
                    out_ << "[language " << c.language << "]\n";
                },
                [&](const engine::consent_changed& c) {
                    out_ << "[consent " << (c.given ? "given" : "withdrawn") << "]\n";
                },
                [&](const engine::handoff_request& h) {
                    out_ << "[handoff reason=" << h.reason << " priority=" << h.priority
                         << (h.urgent ? " urgent" : "") << "]\n";
                },
                [&](const engine::conversation_ended&) { out_ << "[end]\n"; },
            },
            e
        );
    }

    const chat_options& options_;
    const engine::script& script_;
    const i18n::catalog& catalog_;
    engine::lexicon words_;
    terminal_actions actions_;
    engine::conversation_state state_;
    std::ostream& out_;
};

}  // namespace

int run_chat(const chat_options& options, std::istream& in, std::ostream& out) {
    auto loaded = engine::load_script(options.dialogs);
    std::vector<i18n::load_problem> locale_problems;
    auto catalog = i18n::catalog::load(
        options.locales, options.default_language, options.time_zone, locale_problems
    );
    for (const auto& p : locale_problems) {
        out << p.file << ": " << (p.path.empty() ? "" : p.path + ": ") << p.message << "\n";
    }
    for (const auto& p : loaded.problems) {
        out << (options.dialogs / p.file).string() << ": "
            << engine::to_string(p).substr(p.file.size() + 2) << "\n";
    }
    if (engine::has_errors(loaded.problems)) {
        return 1;
    }
    terminal chat(options, loaded.loaded, catalog, out);
    chat.send(engine::start_event{"", options.language});
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
        }
        if (options.echo) {
            out << "> " << line << "\n";
        }
        if (line.size() > 1 && line.front() == '#') {
            chat.send(engine::choice_event{line.substr(1)});
        } else {
            chat.send(engine::text_event{line});
        }
    }
    return 0;
}

}  // namespace zaedno::app
