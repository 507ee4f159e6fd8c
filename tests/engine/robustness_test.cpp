// Untrusted script files never crash the loader, validator or step: every value of some shipped
// files is replaced by each wrong type in turn.
#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "bot/engine/loader.hpp"
#include "bot/engine/step.hpp"
#include "bot/engine/validator.hpp"
#include "tests/engine/harness.hpp"
#include "tests/support/temp_dir.hpp"

namespace zaedno::engine::test {
namespace {

using json = nlohmann::json;

void collect_pointers(
    const json& value, const json::json_pointer& here, std::vector<json::json_pointer>& out
) {
    out.push_back(here);
    if (value.is_object()) {
        for (const auto& [key, child] : value.items()) {
            collect_pointers(child, here / key, out);
        }
    } else if (value.is_array()) {
        for (std::size_t i = 0; i < value.size(); ++i) {
            collect_pointers(value[i], here / i, out);
        }
    }
}

TEST(engine_robustness, every_value_of_a_file_replaced_by_a_wrong_type) {
    zaedno::test::temp_dir dir;
    auto source = zaedno::test::source_dir() / "dialogs";
    for (const auto& entry : std::filesystem::directory_iterator(source)) {
        if (entry.is_regular_file()) {
            std::filesystem::copy_file(entry.path(), dir.path() / entry.path().filename());
        }
    }
    // English alone keeps the many validations fast; languages do not change what is read.
    std::filesystem::create_directory(dir.path() / "locales");
    std::filesystem::copy_file(
        zaedno::test::source_dir() / "locales" / "en.json", dir.path() / "locales" / "en.json"
    );
    std::vector<i18n::load_problem> locale_problems;
    auto catalog =
        i18n::catalog::load(dir.path() / "locales", "en", "Europe/Sofia", locale_problems);
    const std::vector<json> replacements{nullptr, 7, "x", json::array()};
    int loads = 0;
    int clean_loads = 0;
    for (const std::string file : {"script.json", "human.json", "crisis.json", "forget.json"}) {
        std::ifstream in(source / file);
        auto original = json::parse(in);
        std::vector<json::json_pointer> pointers;
        collect_pointers(original, json::json_pointer{}, pointers);
        for (const auto& pointer : pointers) {
            for (const auto& replacement : replacements) {
                auto mutated = original;
                mutated[pointer] = replacement;
                std::ofstream(dir.path() / file, std::ios::trunc) << mutated.dump();
                auto result = load_script(dir.path());
                ++loads;
                for (const auto& p : result.problems) {
                    EXPECT_FALSE(p.file.empty());
                    EXPECT_FALSE(p.message.empty());
                }
                if (has_errors(result.problems)) {
                    continue;
                }
                ++clean_loads;
                // Loaded despite the change (e.g. a text key renamed): validate and talk to it.
                validate_script(result.loaded, catalog, "locales");
                lexicon words(result.loaded, catalog);
                conversation_state state;
                for (event ev :
                     {event{start_event{"", "bg"}},
                      event{text_event{"/human"}},
                      event{text_event{"1"}},
                      event{choice_event{"menu"}},
                      event{action_result_event{"handoff", "ok", {}, {}}},
                      event{text_event{"/forget"}},
                      event{text_event{"yes"}}}) {
                    auto out = step(
                        result.loaded, catalog, words, {state, ev, 1'790'000'000, {}, "viber"}
                    );
                    state = out.state;
                }
            }
        }
        std::ofstream(dir.path() / file, std::ios::trunc) << original.dump();
    }
    EXPECT_GT(loads, 500);
    EXPECT_GT(clean_loads, 0);
}

TEST(engine_robustness, stored_state_from_another_script_never_crashes_step) {
    const auto& world = loaded_world::shipped();
    conversation_state odd;
    odd.flow = "housing";
    odd.node = "search";  // a call node, but not waiting
    odd.waiting_for_action = "booking";
    odd.dynamic_choices = {{"", "", {}}};
    odd.language = "xx";
    odd.misunderstandings = 99;
    odd.last_activity = 1'790'000'000;
    for (event ev :
         {event{text_event{"hello"}},
          event{choice_event{""}},
          event{action_result_event{"booking", "", {}, {}}},
          event{start_event{}}}) {
        auto out = step(world.s, world.catalog, *world.words, {odd, ev, 1'790'000'001, {}, ""});
        EXPECT_FALSE(out.effects.empty()) << ev.index();
        EXPECT_EQ(out.state.language, "en");
    }
}

}  // namespace
}  // namespace zaedno::engine::test
