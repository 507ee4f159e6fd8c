// The office-hours settings: read from TOML or the environment, refused with a clear line.
#include <fstream>

#include <gtest/gtest.h>

#include "bot/app/config.hpp"
#include "tests/support/temp_dir.hpp"

namespace zaedno::test {
namespace {

app::config load_with_env(const std::map<std::string, std::string>& env) {
    app::config_sources sources;
    sources.env = [env](const std::string& name) -> std::optional<std::string> {
        auto it = env.find(name);
        return it == env.end() ? std::nullopt : std::optional<std::string>(it->second);
    };
    for (const auto& [name, value] : env) {
        sources.env_names_present[name] = "";
    }
    return app::load_config(sources);
}

TEST(office_hours_config, toml_section_sets_weekly_hours_and_holidays) {
    temp_dir dir;
    auto file = dir.path() / "zaedno.toml";
    std::ofstream(file) << "[office_hours]\nweekly = \"mon-thu 10:00-16:00\"\n"
                           "holidays = \"2026-12-24, 2026-12-25\"\n";
    app::config_sources sources;
    sources.file = file;
    auto cfg = app::load_config(sources);
    EXPECT_EQ(cfg.office_hours.weekly, "mon-thu 10:00-16:00");
    EXPECT_EQ(cfg.office_hours.holidays, "2026-12-24, 2026-12-25");
}

TEST(office_hours_config, a_bad_value_names_its_source_and_the_problem) {
    try {
        load_with_env({{"ZAEDNO_OFFICE_HOURS", "weekdays 9-5"}});
        FAIL() << "accepted a bad schedule";
    } catch (const app::config_error& e) {
        std::string message = e.what();
        EXPECT_NE(message.find("ZAEDNO_OFFICE_HOURS"), std::string::npos) << message;
        EXPECT_NE(message.find("weekdays"), std::string::npos) << message;
    }
    EXPECT_THROW(load_with_env({{"ZAEDNO_HOLIDAYS", "christmas"}}), app::config_error);
    EXPECT_TRUE(load_with_env({}).office_hours.weekly.empty());  // the script's hours
}

}  // namespace
}  // namespace zaedno::test
