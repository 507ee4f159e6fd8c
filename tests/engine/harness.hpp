// A conversation driven through the real step() with a loaded script and catalog, for tests.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "bot/engine/loader.hpp"
#include "bot/engine/step.hpp"
#include "bot/i18n/catalog.hpp"
#include "tests/support/paths.hpp"

namespace zaedno::engine::test {

inline std::string join_problems(const std::vector<problem>& problems) {
    std::string out;
    for (const auto& p : problems) {
        out += to_string(p) + "\n";
    }
    return out;
}

/// Script, catalog and lexicon loaded once; conversations share them.
struct loaded_world {
    script s;
    i18n::catalog catalog;
    std::unique_ptr<lexicon> words;

    loaded_world(const std::filesystem::path& dialogs, const std::filesystem::path& locales) {
        auto result = load_script(dialogs);
        EXPECT_TRUE(result.problems.empty()) << join_problems(result.problems);
        s = std::move(result.loaded);
        std::vector<i18n::load_problem> locale_problems;
        catalog = i18n::catalog::load(locales, "en", "Europe/Sofia", locale_problems);
        for (const auto& p : locale_problems) {
            ADD_FAILURE() << p.file << ": " << p.path << ": " << p.message;
        }
        words = std::make_unique<lexicon>(s, catalog);
    }

    static const loaded_world& basic() {
        static const loaded_world world(
            zaedno::test::fixtures_dir() / "dialogs" / "basic",
            zaedno::test::fixtures_dir() / "dialogs" / "basic" / "locales"
        );
        return world;
    }

    static const loaded_world& shipped() {
        static const loaded_world world(
            zaedno::test::source_dir() / "dialogs", zaedno::test::source_dir() / "locales"
        );
        return world;
    }
};

/// One person's conversation: each send() runs a step and keeps the new state.
class conversation {
public:
    explicit conversation(const loaded_world& world, std::string channel = "telegram")
        : world_(world), channel_(std::move(channel)) {}

    std::vector<effect> send(event ev) {
        step_input in{state, std::move(ev), now, local, channel_};
        auto out = step(world_.s, world_.catalog, *world_.words, std::move(in));
        state = std::move(out.state);
        last = out.effects;
        return out.effects;
    }

    std::vector<effect> text(const std::string& t) { return send(text_event{t}); }

    std::vector<effect> tap(const std::string& id) { return send(choice_event{id}); }

    std::vector<effect> start(const std::string& hint = "", const std::string& payload = "") {
        return send(start_event{payload, hint});
    }

    std::vector<effect> result(
        const std::string& action,
        const std::string& outcome,
        std::map<std::string, std::string> variables = {},
        std::vector<offered_choice> choices = {}
    ) {
        return send(action_result_event{action, outcome, std::move(variables), std::move(choices)});
    }

    /// Text keys of the replies in the last step, in order.
    std::vector<std::string> reply_keys() const {
        std::vector<std::string> keys;
        for (const auto& e : last) {
            if (const auto* r = std::get_if<reply>(&e)) {
                keys.push_back(r->text);
            }
        }
        return keys;
    }

    const reply* last_reply() const {
        for (auto it = last.rbegin(); it != last.rend(); ++it) {
            if (const auto* r = std::get_if<reply>(&*it)) {
                return r;
            }
        }
        return nullptr;
    }

    std::vector<std::string> choice_ids() const {
        std::vector<std::string> ids;
        if (const auto* r = last_reply()) {
            for (const auto& c : r->choices) {
                ids.push_back(c.id);
            }
        }
        return ids;
    }

    template <typename T>
    const T* find_effect() const {
        for (const auto& e : last) {
            if (const auto* x = std::get_if<T>(&e)) {
                return x;
            }
        }
        return nullptr;
    }

    /// A consenting person sitting at the menu.
    void at_menu() {
        state = {};
        state.flow = world_.s.menu_flow;
        const auto* menu = world_.s.find_flow(state.flow);
        state.node = menu != nullptr ? menu->start : std::string{};
        state.consent = true;
        state.language = "en";
        state.script_version = world_.s.version;
        state.last_activity = now;
    }

    conversation_state state;
    std::vector<effect> last;
    std::int64_t now = 1'790'000'000;
    local_time local{3, 10 * 60};  // Wednesday 10:00

private:
    const loaded_world& world_;
    std::string channel_;
};

}  // namespace zaedno::engine::test
