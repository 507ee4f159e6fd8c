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

#include "bot/actions/content_actions.hpp"
#include "bot/common/overloaded.hpp"
#include "bot/conversation/local_time.hpp"
#include "bot/engine/loader.hpp"
#include "bot/i18n/normalize.hpp"

namespace zaedno::app {

namespace {

std::int64_t system_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch()
    )
        .count();
}

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
                options_.local.value_or(conversation::local_time_in(options_.time_zone, now)),
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
            auto answer =
                actions_.perform(*call, state_.language)
                    .value_or(engine::action_result_event{call->name, "unavailable", {}, {}});
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
                [](const engine::flow_started&) {},  // counted for reports, not shown
                [](const engine::flow_finished&) {},
            },
            e
        );
    }

    const chat_options& options_;
    const engine::script& script_;
    const i18n::catalog& catalog_;
    engine::lexicon words_;
    actions::content_actions actions_;
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
