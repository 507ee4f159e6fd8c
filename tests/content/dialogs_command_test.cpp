// `zaedno dialogs export DIR` and `zaedno dialogs import DIR` through the real binary.
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/support/child_process.hpp"
#include "tests/support/paths.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/test_app.hpp"

namespace zaedno::test {
namespace {

std::string read_file(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

void write_file(const std::filesystem::path& p, const std::string& text) {
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out << text;
}

std::map<std::string, std::string> env_for(const temp_dir& dir) {
    return {
        {"ZAEDNO_DB", (dir.path() / "z.db").string()},
        {"ZAEDNO_DIALOGS", (source_dir() / "dialogs").string()},
        {"ZAEDNO_LOCALES", (source_dir() / "locales").string()}};
}

TEST(dialogs_command, export_import_export_round_trips_an_edit) {
    temp_dir dir;
    auto env = env_for(dir);
    auto first = run_process(zaedno_binary(), {"dialogs", "export", "first"}, env, dir.path());
    ASSERT_EQ(first.exit_code, 0) << first.err;
    EXPECT_NE(first.out.find("exported version 1"), std::string::npos) << first.out;
    EXPECT_EQ(
        read_file(dir.path() / "first/dialogs/main_menu.json"),
        read_file(source_dir() / "dialogs/main_menu.json")
    );
    EXPECT_EQ(
        read_file(dir.path() / "first/dialogs/data/contacts.json"),
        read_file(source_dir() / "dialogs/data/contacts.json")
    );

    auto ar_path = dir.path() / "first/locales/ar.json";
    auto ar = nlohmann::ordered_json::parse(read_file(ar_path));
    ar["menu.prompt"] = "قائمة جديدة: كيف يمكننا مساعدتك؟";
    write_file(ar_path, ar.dump(2));
    auto imported = run_process(zaedno_binary(), {"dialogs", "import", "first"}, env, dir.path());
    ASSERT_EQ(imported.exit_code, 0) << imported.out << imported.err;
    EXPECT_NE(imported.out.find("as version 2"), std::string::npos) << imported.out;

    auto second = run_process(zaedno_binary(), {"dialogs", "export", "second"}, env, dir.path());
    ASSERT_EQ(second.exit_code, 0) << second.err;
    EXPECT_NE(second.out.find("exported version 2"), std::string::npos);
    EXPECT_EQ(read_file(dir.path() / "second/locales/ar.json"), ar.dump(2));
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir.path() / "first")) {
        if (entry.is_regular_file()) {
            auto rel = std::filesystem::relative(entry.path(), dir.path() / "first");
            EXPECT_EQ(read_file(entry.path()), read_file(dir.path() / "second" / rel)) << rel;
        }
    }
}

TEST(dialogs_command, an_invalid_folder_is_refused_with_file_path_message_lines) {
    temp_dir dir;
    auto env = env_for(dir);
    ASSERT_EQ(
        run_process(zaedno_binary(), {"dialogs", "export", "c"}, env, dir.path()).exit_code, 0
    );
    auto flow_path = dir.path() / "c/dialogs/forget.json";
    auto flow = nlohmann::ordered_json::parse(read_file(flow_path));
    flow["nodes"]["check"]["default"] = "vanished";
    write_file(flow_path, flow.dump(2));
    auto result = run_process(zaedno_binary(), {"dialogs", "import", "c"}, env, dir.path());
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_NE(
        result.out.find("dialogs/forget.json: /nodes/check/default: broken reference"),
        std::string::npos
    ) << result.out;
    EXPECT_NE(result.out.find("not imported"), std::string::npos);
    auto after = run_process(zaedno_binary(), {"dialogs", "export", "d"}, env, dir.path());
    EXPECT_NE(after.out.find("exported version 1"), std::string::npos) << after.out;
}

TEST(dialogs_command, import_takes_a_dialogs_folder_with_its_locales_beside_it) {
    temp_dir dir;
    auto env = env_for(dir);
    auto result = run_process(
        zaedno_binary(), {"dialogs", "import", (source_dir() / "dialogs").string()}, env, dir.path()
    );
    EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
    EXPECT_NE(result.out.find("as version 1"), std::string::npos) << result.out;
}

TEST(dialogs_command, a_running_server_takes_up_an_import_made_beside_it) {
    test_app app;
    auto env = env_for(app.dir());
    env["ZAEDNO_DB"] = (app.dir().path() / "zaedno.db").string();
    auto folder = app.dir().path() / "edit";
    ASSERT_EQ(
        run_process(zaedno_binary(), {"dialogs", "export", folder.string()}, env).exit_code, 0
    );
    auto en_path = folder / "locales/en.json";
    auto en = nlohmann::ordered_json::parse(read_file(en_path));
    en["menu.prompt"] = "Imported prompt";
    write_file(en_path, en.dump(2));
    auto imported = run_process(zaedno_binary(), {"dialogs", "import", folder.string()}, env);
    ASSERT_EQ(imported.exit_code, 0) << imported.out << imported.err;

    auto checked = net::co_spawn(
        app.app().io_context(), app.app().content_watcher().check_once(), net::use_future
    );
    EXPECT_TRUE(checked.get());
    EXPECT_EQ(app.app().content_version(), 2);
    EXPECT_EQ(app.app().dialogs()->catalog().format("en", "menu.prompt").text, "Imported prompt");
    auto again = net::co_spawn(
        app.app().io_context(), app.app().content_watcher().check_once(), net::use_future
    );
    EXPECT_FALSE(again.get());
}

}  // namespace
}  // namespace zaedno::test
