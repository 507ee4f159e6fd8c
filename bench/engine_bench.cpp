// Engine alone: events per second through the main menu and through the housing search path.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "bot/conversation/state_codec.hpp"
#include "bot/engine/loader.hpp"
#include "bot/engine/step.hpp"
#include "bot/i18n/catalog.hpp"

namespace {

using namespace zaedno;

/// The checkout's dialogs/ and locales/: from arguments, else the nearest parent holding them.
std::filesystem::path find_root() {
    auto dir = std::filesystem::current_path();
    while (true) {
        if (std::filesystem::exists(dir / "dialogs" / "script.json")) {
            return dir;
        }
        if (!dir.has_parent_path() || dir.parent_path() == dir) {
            return std::filesystem::current_path();
        }
        dir = dir.parent_path();
    }
}

struct world {
    engine::script script;
    i18n::catalog catalog;
};

struct run_result {
    std::size_t events = 0;
    std::size_t effects = 0;
    double seconds = 0;
};

/// Feeds the cycle of events again and again for at least min_seconds.
run_result run(
    const world& w,
    const engine::lexicon& words,
    engine::conversation_state state,
    const std::vector<engine::event>& cycle,
    double min_seconds
) {
    run_result result;
    auto start = std::chrono::steady_clock::now();
    std::int64_t now = 1'790'000'000;
    while (true) {
        for (const auto& ev : cycle) {
            engine::step_input in{state, ev, now, {3, 10 * 60}, "telegram"};
            auto out = engine::step(w.script, w.catalog, words, std::move(in));
            state = std::move(out.state);
            result.effects += out.effects.size();
            ++result.events;
            ++now;
        }
        auto elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start);
        if (elapsed.count() >= min_seconds) {
            result.seconds = elapsed.count();
            return result;
        }
    }
}

void print(const char* name, const run_result& r) {
    std::printf(
        "%-34s %9zu events in %.2f s  %10.0f events/s  %7.2f us/event  (%zu effects)\n",
        name,
        r.events,
        r.seconds,
        static_cast<double>(r.events) / r.seconds,
        r.seconds * 1e6 / static_cast<double>(r.events),
        r.effects
    );
}

/// Calls once() in rounds of 1,000 for at least min_seconds: how many calls, in how long.
template <class F>
std::pair<std::size_t, double> repeat_for(double min_seconds, F once) {
    std::size_t calls = 0;
    auto start = std::chrono::steady_clock::now();
    double elapsed = 0;
    while (elapsed < min_seconds) {
        for (int i = 0; i < 1000; ++i) {
            once();
            ++calls;
        }
        elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    }
    return {calls, elapsed};
}

void print_rate(
    const char* name, const char* unit, std::pair<std::size_t, double> run, std::size_t check
) {
    const auto [calls, seconds] = run;
    std::printf(
        "%-34s %9zu %s in %.2f s  %10.0f/s  %7.2f us each  (check %zu)\n",
        name,
        calls,
        unit,
        seconds,
        static_cast<double>(calls) / seconds,
        seconds * 1e6 / static_cast<double>(calls),
        check
    );
}

/// Formats one text again and again, as a reply's localisation does.
void print_formatting(
    const char* name,
    const i18n::catalog& catalog,
    const std::string& lang,
    const std::string& key,
    const i18n::message_args& args,
    double min_seconds
) {
    std::size_t bytes = 0;
    auto run =
        repeat_for(min_seconds, [&] { bytes += catalog.format(lang, key, args).text.size(); });
    print_rate(name, "texts", run, bytes);
}

/// Reads and writes a stored state again and again, as every turn does once each.
void print_state_codec(const engine::conversation_state& state, double min_seconds) {
    const std::string text = conversation::encode_state(state);
    std::size_t checksum = 0;
    auto run = repeat_for(min_seconds, [&] {
        checksum += conversation::decode_state(text).dynamic_choices.size();
        checksum += conversation::encode_state(state).size();
    });
    print_rate("state: read and write back", "rounds", run, checksum);
}

engine::conversation_state at(const world& w, const std::string& flow, const std::string& node) {
    engine::conversation_state s;
    s.flow = flow;
    s.node = node;
    s.consent = true;
    s.language = w.catalog.default_language();
    s.script_version = w.script.version;
    s.last_activity = 1'790'000'000;
    return s;
}

}  // namespace

int main(int argc, char** argv) {
    auto root = find_root();
    std::filesystem::path dialogs = argc > 1 ? argv[1] : root / "dialogs";
    std::filesystem::path locales = argc > 2 ? argv[2] : root / "locales";
    world w;
    auto loaded = engine::load_script(dialogs);
    if (engine::has_errors(loaded.problems)) {
        std::fprintf(stderr, "cannot load %s\n", dialogs.string().c_str());
        return 1;
    }
    w.script = std::move(loaded.loaded);
    std::vector<i18n::load_problem> problems;
    w.catalog = i18n::catalog::load(locales, "en", "Europe/Sofia", problems);
    auto build_start = std::chrono::steady_clock::now();
    engine::lexicon words(w.script, w.catalog);
    auto build = std::chrono::duration<double>(std::chrono::steady_clock::now() - build_start);
    std::printf(
        "engine_bench: %zu flows, %zu languages, lexicon built in %.2f ms\n",
        w.script.flows.size(),
        w.catalog.languages().size(),
        build.count() * 1e3
    );

    const double seconds = 1.0;
    using engine::choice_event;
    using engine::text_event;

    print(
        "menu: button taps",
        run(w,
            words,
            at(w, "main_menu", "menu"),
            {choice_event{"about"}, choice_event{"menu"}},
            seconds)
    );
    print(
        "menu: typed labels and numbers",
        run(w,
            words,
            at(w, "main_menu", "menu"),
            {text_event{"About and privacy"}, text_event{"4"}},
            seconds)
    );
    print(
        "menu: not understood",
        run(w, words, at(w, "main_menu", "menu"), {text_event{"what is this"}}, seconds)
    );

    engine::action_result_event found{
        "housing_search", "ok", {}, {{"renting", "housing.topic.renting.title", {}}}};
    print(
        "housing search: ask, search, pick",
        run(w,
            words,
            at(w, "housing", "menu"),
            {choice_event{"search"},
             text_event{"deposit and contract"},
             found,
             choice_event{"renting"},
             choice_event{"search"},
             text_event{"registration"},
             engine::action_result_event{"housing_search", "none", {}, {}},
             choice_event{"topics"},
             choice_event{"back"}},
            seconds)
    );
    print(
        "crisis check on every text",
        run(w, words, at(w, "main_menu", "menu"), {text_event{"I want to die"}}, seconds)
    );

    {
        // The state of someone choosing a language: the one the load tool's chats keep.
        engine::conversation_state choosing;
        engine::step_input in{
            choosing, engine::start_event{"", "en"}, 1'790'000'000, {3, 600}, "telegram"};
        choosing = engine::step(w.script, w.catalog, words, std::move(in)).state;
        print_state_codec(choosing, seconds);
    }
    const i18n::timestamp at_ten{1'790'000'000};
    print_formatting(
        "text: a language's name (ar)",
        w.catalog,
        "ar",
        "language.option",
        {{"name", std::string("العربية")}},
        seconds
    );
    print_formatting(
        "text: booked, with a date",
        w.catalog,
        "en",
        "appointments.booked",
        {{"service", std::string("Registration")}, {"when", at_ten}},
        seconds
    );
    print_formatting(
        "text: confirm, with a select",
        w.catalog,
        "en",
        "appointments.confirm",
        {{"service", std::string("Registration")},
         {"when", at_ten},
         {"place", std::string("Sofia")},
         {"interpreter", std::string("no")}},
        seconds
    );
    return 0;
}
