// Loader and validator on small broken fixtures: one kind of breakage per folder, each reported
// with its file and JSON path.
#include <sstream>

#include <gtest/gtest.h>

#include "bot/app/validate_command.hpp"
#include "bot/engine/loader.hpp"
#include "tests/support/paths.hpp"

namespace zaedno::engine {
namespace {

struct broken_case {
    std::string folder;
    std::string file;  // relative to the case folder
    std::string path;  // JSON pointer, "" for the whole file
    std::string message;
    int exit_code = 1;
};

std::string validate_output(const std::filesystem::path& dir, int& exit_code) {
    std::ostringstream out;
    exit_code = app::run_validate({dir}, out);
    return out.str();
}

class engine_validate : public ::testing::TestWithParam<broken_case> {};

TEST_P(engine_validate, reports_file_and_json_path) {
    const auto& c = GetParam();
    auto dir = test::fixtures_dir() / "dialogs" / c.folder;
    int exit_code = -1;
    auto output = validate_output(dir, exit_code);
    EXPECT_EQ(exit_code, c.exit_code) << output;
    auto prefix = (dir / c.file).string() + ": " + (c.path.empty() ? "" : c.path + ": ");
    bool found = false;
    std::istringstream lines(output);
    for (std::string line; std::getline(lines, line);) {
        found = found || (line.starts_with(prefix) && line.find(c.message) != std::string::npos);
    }
    EXPECT_TRUE(found) << "expected a line starting with \"" << prefix << "\" containing \""
                       << c.message << "\"; got:\n"
                       << output;
}

INSTANTIATE_TEST_SUITE_P(
    engine_fixtures,
    engine_validate,
    ::testing::Values(
        broken_case{"invalid_json", "main.json", "", "invalid JSON"},
        broken_case{"missing_settings", "script.json", "", "missing"},
        broken_case{"unknown_kind", "main.json", "/nodes/hello/kind", "unknown kind \"sing\""},
        broken_case{"misspelt_field", "main.json", "/nodes/hello/nxt", "unknown field \"nxt\""},
        broken_case{"missing_text", "main.json", "/nodes/menu", "missing \"text\""},
        broken_case{
            "action_without_unavailable", "main.json", "/nodes/book/outcomes", "unavailable"},
        broken_case{"bad_office_hours", "script.json", "/office_hours/desk/0", "HH:MM"},
        broken_case{"broken_next", "main.json", "/nodes/menu/choices/0/next", "broken reference"},
        broken_case{"broken_goto", "main.json", "/nodes/done/target", "no flow \"ghost\""},
        broken_case{"unreachable_node", "main.json", "/nodes/orphan", "unreachable"},
        broken_case{"unreachable_flow", "extra.json", "/flow", "unreachable"},
        broken_case{"loop_without_question", "main.json", "/nodes/done", "never asks"},
        broken_case{"missing_translation", "locales/bg.json", "/t.menu", "missing translation"},
        broken_case{"malformed_message_format", "locales/en.json", "/t.hello", "MessageFormat"},
        broken_case{"text_over_telegram_limit", "locales/en.json", "/t.done", "Telegram"},
        broken_case{"text_over_viber_limit", "locales/en.json", "/t.done", "Viber allows 7000"},
        broken_case{"too_many_buttons", "main.json", "/nodes/menu/choices", "Viber"},
        broken_case{"label_too_long", "locales/en.json", "/t.book", "button label"},
        broken_case{"long_choice_id", "main.json", "/nodes/menu/choices/1/id", "64"},
        broken_case{"duplicate_choice_id", "main.json", "/nodes/menu/choices/1/id", "used twice"},
        broken_case{"unknown_office_hours", "main.json", "/nodes/done/hours", "\"night\""},
        broken_case{"template_key_without_match", "main.json", "/nodes/done/text", "no key"},
        broken_case{
            "unknown_variable", "main.json", "/nodes/done/args/who", "warning: variable", 0},
        broken_case{
            "plural_categories",
            "locales/ru.json",
            "/t.done",
            "warning: {n, plural}: no \"many\"",
            0}
    ),
    [](const ::testing::TestParamInfo<broken_case>& param_info) { return param_info.param.folder; }
);

TEST(engine_validate_clean, minimal_valid_fixture_has_no_problems) {
    int exit_code = -1;
    auto output = validate_output(test::fixtures_dir() / "dialogs" / "valid_minimal", exit_code);
    EXPECT_EQ(exit_code, 0) << output;
    EXPECT_EQ(output, "0 errors, 0 warnings\n");
}

TEST(engine_validate_clean, missing_folder_is_an_error_not_a_crash) {
    int exit_code = -1;
    auto output = validate_output(test::fixtures_dir() / "dialogs" / "no_such_case", exit_code);
    EXPECT_EQ(exit_code, 1);
    EXPECT_NE(output.find("no_such_case: is not a folder"), std::string::npos) << output;
}

TEST(engine_loader, reads_every_flow_with_nodes_in_file_order) {
    auto result = load_script(test::fixtures_dir() / "dialogs" / "valid_minimal");
    ASSERT_TRUE(result.problems.empty());
    const auto* main = result.loaded.find_flow("main");
    ASSERT_NE(main, nullptr);
    EXPECT_EQ(main->order, (std::vector<std::string>{"hello", "menu", "book", "done"}));
    EXPECT_EQ(main->file, "main.json");
    EXPECT_EQ(result.loaded.inactivity_timeout_seconds, 12 * 3600);
    EXPECT_EQ(result.loaded.max_misunderstandings, 3);
    ASSERT_EQ(result.loaded.office_hours.at("desk").size(), 1U);
    EXPECT_EQ(result.loaded.office_hours.at("desk")[0].days, (std::vector<int>{1, 5}));
    EXPECT_EQ(result.loaded.office_hours.at("desk")[0].from_minute, 9 * 60);
}

TEST(engine_loader, references_parse_relative_to_the_current_flow) {
    EXPECT_EQ(parse_ref("node", "flow"), (node_ref{"flow", "node"}));
    EXPECT_EQ(parse_ref("other:node", "flow"), (node_ref{"other", "node"}));
    EXPECT_EQ(parse_ref("other:", "flow"), (node_ref{"other", ""}));
}

}  // namespace
}  // namespace zaedno::engine
