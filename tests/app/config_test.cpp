// Configuration: defaults, precedence (file < environment < flags) and every kind of bad input.
#include "bot/app/config.hpp"

#include <fstream>

#include <gtest/gtest.h>

#include "tests/support/temp_dir.hpp"

namespace zaedno::app {
namespace {

struct fixture {
    test::temp_dir dir;
    std::map<std::string, std::string> env;

    config_sources sources() {
        config_sources s;
        s.env = [this](const std::string& name) -> std::optional<std::string> {
            auto it = env.find(name);
            if (it == env.end()) {
                return std::nullopt;
            }
            return it->second;
        };
        s.env_names_present = env;
        return s;
    }

    std::filesystem::path write(const std::string& toml) {
        auto path = dir.path() / "zaedno.toml";
        std::ofstream(path) << toml;
        return path;
    }
};

std::string error_of(const config_sources& s) {
    try {
        load_config(s);
    } catch (const config_error& e) {
        return e.what();
    }
    return "";
}

TEST(config, defaults_match_the_product_contract) {
    fixture f;
    auto c = load_config(f.sources());
    EXPECT_EQ(c.server.listen.host, "127.0.0.1");
    EXPECT_EQ(c.server.listen.port, 8080);
    EXPECT_EQ(c.database, "zaedno.db");
    EXPECT_EQ(c.timezone, "Europe/Sofia");
    EXPECT_EQ(c.default_language, "en");
    EXPECT_EQ(c.telegram.api, "https://api.telegram.org");
    EXPECT_EQ(c.viber.api, "https://chatapi.viber.com/pa");
    EXPECT_EQ(c.viber.name, "Zaedno");
    EXPECT_TRUE(c.telegram.token.empty());
    EXPECT_GE(c.server.threads, 1U);
    EXPECT_EQ(c.dialogs.filename(), "dialogs");
    EXPECT_EQ(c.locales.filename(), "locales");
}

TEST(config, file_then_environment_then_flags) {
    fixture f;
    auto s = f.sources();
    s.file = f.write(R"(
listen = "127.0.0.1:9001"
db = "from-file.db"
timezone = "Europe/Kyiv"
default_language = "bg"

[telegram]
token = "123:file"
api = "http://127.0.0.1:1/"

[server]
threads = 3
header_timeout = "500ms"
)");
    auto from_file = load_config(s);
    EXPECT_EQ(from_file.server.listen.port, 9001);
    EXPECT_EQ(from_file.database, "from-file.db");
    EXPECT_EQ(from_file.timezone, "Europe/Kyiv");
    EXPECT_EQ(from_file.default_language, "bg");
    EXPECT_EQ(from_file.telegram.token, "123:file");
    EXPECT_EQ(from_file.telegram.api, "http://127.0.0.1:1");  // trailing slash dropped
    EXPECT_EQ(from_file.server.threads, 3U);
    EXPECT_EQ(from_file.server.header_timeout, std::chrono::milliseconds(500));

    f.env = {
        {"ZAEDNO_LISTEN", "127.0.0.1:9002"},
        {"ZAEDNO_DB", "from-env.db"},
        {"ZAEDNO_TELEGRAM_TOKEN", "123:env"}};
    s = f.sources();
    s.file = f.dir.path() / "zaedno.toml";
    auto from_env = load_config(s);
    EXPECT_EQ(from_env.server.listen.port, 9002);
    EXPECT_EQ(from_env.database, "from-env.db");
    EXPECT_EQ(from_env.telegram.token, "123:env");
    EXPECT_EQ(from_env.timezone, "Europe/Kyiv");  // untouched by env: file value stays

    s.flags = {{"listen", "127.0.0.1:9003"}};
    auto from_flags = load_config(s);
    EXPECT_EQ(from_flags.server.listen.port, 9003);
    EXPECT_EQ(from_flags.database, "from-env.db");
}

TEST(config, every_fixed_environment_name_is_read) {
    fixture f;
    f.env = {
        {"ZAEDNO_LISTEN", "0.0.0.0:80"},
        {"ZAEDNO_DB", "x.db"},
        {"ZAEDNO_DIALOGS", "/srv/d"},
        {"ZAEDNO_LOCALES", "/srv/l"},
        {"ZAEDNO_PUBLIC_URL", "https://bot.example.org/"},
        {"ZAEDNO_TIMEZONE", "UTC"},
        {"ZAEDNO_DEFAULT_LANGUAGE", "uk"},
        {"ZAEDNO_ADMIN_PASSWORD", "pw"},
        {"ZAEDNO_TELEGRAM_TOKEN", "1:t"},
        {"ZAEDNO_TELEGRAM_SECRET", "s3cr3t_-"},
        {"ZAEDNO_TELEGRAM_API", "http://127.0.0.1:5"},
        {"ZAEDNO_VIBER_TOKEN", "v"},
        {"ZAEDNO_VIBER_API", "http://127.0.0.1:6/pa"},
        {"ZAEDNO_VIBER_NAME", "Help Desk"},
    };
    auto c = load_config(f.sources());
    EXPECT_EQ(c.server.listen.host, "0.0.0.0");
    EXPECT_EQ(c.server.listen.port, 80);
    EXPECT_EQ(c.dialogs, "/srv/d");
    EXPECT_EQ(c.locales, "/srv/l");
    EXPECT_EQ(c.public_url, "https://bot.example.org");
    EXPECT_EQ(c.timezone, "UTC");
    EXPECT_EQ(c.default_language, "uk");
    EXPECT_EQ(c.admin_password, "pw");
    EXPECT_EQ(c.telegram.secret, "s3cr3t_-");
    EXPECT_EQ(c.viber.token, "v");
    EXPECT_EQ(c.viber.api, "http://127.0.0.1:6/pa");
    EXPECT_EQ(c.viber.name, "Help Desk");
}

TEST(config, delivery_rates_are_configurable_per_channel) {
    fixture f;
    f.env = {{"ZAEDNO_TELEGRAM_CHAT_RATE", "0.5"}, {"ZAEDNO_VIBER_GLOBAL_RATE", "10"}};
    auto c = load_config(f.sources());
    EXPECT_DOUBLE_EQ(c.telegram.chat_rate, 0.5);
    EXPECT_DOUBLE_EQ(c.telegram.global_rate, 30.0);
    EXPECT_DOUBLE_EQ(c.viber.global_rate, 10.0);
}

TEST(config, rate_zero_switches_the_limit_off) {
    fixture f;
    f.env = {{"ZAEDNO_TELEGRAM_GLOBAL_RATE", "0"}};
    auto c = load_config(f.sources());
    EXPECT_DOUBLE_EQ(c.telegram.global_rate, 0.0);
}

struct bad_case {
    const char* name;
    std::map<std::string, std::string> env;
    const char* toml;  // nullptr: no file
    std::map<std::string, std::string> flags;
    std::vector<std::string> expected_parts;
};

// gtest prints parameters of failed cases; the name says which case it was.
void PrintTo(const bad_case& c, std::ostream* os) {
    *os << c.name;
}

class bad_config : public testing::TestWithParam<bad_case> {};

TEST_P(bad_config, stops_with_one_line_naming_source_key_and_problem) {
    const auto& param = GetParam();
    fixture f;
    f.env = param.env;
    auto s = f.sources();
    if (param.toml != nullptr) {
        s.file = f.write(param.toml);
    }
    s.flags = param.flags;
    auto message = error_of(s);
    ASSERT_FALSE(message.empty()) << "expected a configuration error";
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
    for (const auto& part : param.expected_parts) {
        EXPECT_NE(message.find(part), std::string::npos) << message << " lacks " << part;
    }
}

INSTANTIATE_TEST_SUITE_P(
    config,
    bad_config,
    testing::Values(
        bad_case{
            "unknown_toml_key",
            {},
            "lisen = \"1.2.3.4:5\"\n",
            {},
            {"zaedno.toml", "lisen", "unknown key"}},
        bad_case{
            "unknown_nested_key",
            {},
            "[telegram]\ntokn = \"x\"\n",
            {},
            {"telegram.tokn", "unknown key"}},
        bad_case{"toml_syntax", {}, "listen = \n", {}, {"zaedno.toml:1"}},
        bad_case{"wrong_toml_type", {}, "listen = true\n", {}, {"listen", "expected a string"}},
        bad_case{
            "port_out_of_range",
            {{"ZAEDNO_LISTEN", "127.0.0.1:99999"}},
            nullptr,
            {},
            {"ZAEDNO_LISTEN", "65535"}},
        bad_case{
            "host_not_an_address",
            {{"ZAEDNO_LISTEN", "localhost:80"}},
            nullptr,
            {},
            {"ZAEDNO_LISTEN", "not an IP"}},
        bad_case{
            "missing_port",
            {{"ZAEDNO_LISTEN", "127.0.0.1"}},
            nullptr,
            {},
            {"ZAEDNO_LISTEN", "host:port"}},
        bad_case{
            "bad_timezone",
            {{"ZAEDNO_TIMEZONE", "Europe/Atlantis"}},
            nullptr,
            {},
            {"ZAEDNO_TIMEZONE", "IANA"}},
        bad_case{
            "bad_language",
            {{"ZAEDNO_DEFAULT_LANGUAGE", "English"}},
            nullptr,
            {},
            {"ZAEDNO_DEFAULT_LANGUAGE"}},
        bad_case{
            "bad_url",
            {{"ZAEDNO_TELEGRAM_API", "ftp://x"}},
            nullptr,
            {},
            {"ZAEDNO_TELEGRAM_API", "http"}},
        bad_case{
            "bad_public_url",
            {{"ZAEDNO_PUBLIC_URL", "not a url"}},
            nullptr,
            {},
            {"ZAEDNO_PUBLIC_URL"}},
        bad_case{
            "bad_secret_chars",
            {{"ZAEDNO_TELEGRAM_SECRET", "has:colon"}},
            nullptr,
            {},
            {"ZAEDNO_TELEGRAM_SECRET", "A-Z"}},
        bad_case{
            "empty_token",
            {{"ZAEDNO_TELEGRAM_TOKEN", ""}},
            nullptr,
            {},
            {"ZAEDNO_TELEGRAM_TOKEN", "empty"}},
        bad_case{
            "bad_duration",
            {},
            "[server]\nidle_timeout = \"10 hours\"\n",
            {},
            {"server.idle_timeout", "unit"}},
        bad_case{
            "negative_number", {}, "[server]\nthreads = -2\n", {}, {"server.threads", "negative"}},
        bad_case{
            "too_many_threads", {{"ZAEDNO_THREADS", "100000"}}, nullptr, {}, {"ZAEDNO_THREADS"}},
        bad_case{
            "long_viber_name",
            {{"ZAEDNO_VIBER_NAME", "A name much longer than Viber allows"}},
            nullptr,
            {},
            {"ZAEDNO_VIBER_NAME", "28"}},
        bad_case{"unknown_env", {{"ZAEDNO_LISTN", "x"}}, nullptr, {}, {"ZAEDNO_LISTN", "unknown"}},
        bad_case{"bad_flag_value", {}, nullptr, {{"listen", "nope"}}, {"--listen", "host:port"}},
        bad_case{"log_level", {{"ZAEDNO_LOG_LEVEL", "loud"}}, nullptr, {}, {"ZAEDNO_LOG_LEVEL"}},
        bad_case{
            "negative_rate",
            {{"ZAEDNO_TELEGRAM_CHAT_RATE", "-1"}},
            nullptr,
            {},
            {"ZAEDNO_TELEGRAM_CHAT_RATE", "from 0"}},
        bad_case{"text_rate", {}, "[viber]\nglobal_rate = \"fast\"\n", {}, {"viber.global_rate"}}
    ),
    [](const testing::TestParamInfo<bad_case>& case_info) {
        return std::string(case_info.param.name);
    }
);

TEST(config, unreadable_file_is_reported_with_its_path) {
    fixture f;
    auto s = f.sources();
    s.file = f.dir.path() / "missing.toml";
    auto message = error_of(s);
    EXPECT_NE(message.find("missing.toml"), std::string::npos) << message;
    s.file = f.dir.path();  // a directory
    EXPECT_FALSE(error_of(s).empty());
}

TEST(config, secrets_never_appear_in_the_summary) {
    fixture f;
    f.env = {
        {"ZAEDNO_TELEGRAM_TOKEN", "111:SECRET-TOKEN"},
        {"ZAEDNO_TELEGRAM_SECRET", "webhooksecret"},
        {"ZAEDNO_VIBER_TOKEN", "viber-secret-token"},
        {"ZAEDNO_ADMIN_PASSWORD", "hunter2-password"}};
    auto summary = load_config(f.sources()).redacted_summary();
    for (const auto& [name, value] : f.env) {
        EXPECT_EQ(summary.find(value), std::string::npos) << name;
    }
    EXPECT_NE(summary.find("telegram.token=set"), std::string::npos);
}

TEST(config, secrets_have_no_command_line_flags) {
    for (const auto& s : documented_settings()) {
        if (s.secret) {
            EXPECT_TRUE(s.flag.empty()) << s.key;
        }
    }
}

}  // namespace
}  // namespace zaedno::app
