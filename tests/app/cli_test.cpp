// The zaedno binary as an operator uses it: --version, --help, serve, signals, bad config, backup.
#include <atomic>
#include <fstream>
#include <regex>
#include <signal.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "bot/storage/connection.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/fake_http_server.hpp"
#include "tests/support/http_test_client.hpp"
#include "tests/support/paths.hpp"
#include "tests/support/temp_dir.hpp"

namespace zaedno::test {
namespace {

std::uint16_t port_from_log(const std::string& line) {
    std::smatch m;
    std::regex pattern{R"(listening on 127\.0\.0\.1:(\d+))"};
    if (!std::regex_search(line, m, pattern)) {
        return 0;
    }
    return static_cast<std::uint16_t>(std::stoi(m[1]));
}

TEST(cli, version_and_help) {
    auto version = run_process(zaedno_binary(), {"--version"});
    EXPECT_EQ(version.exit_code, 0);
    EXPECT_NE(version.out.find("zaedno "), std::string::npos);
    auto help = run_process(zaedno_binary(), {"--help"});
    EXPECT_EQ(help.exit_code, 0);
    for (const char* sub : {"serve", "backup"}) {
        EXPECT_NE(help.out.find(sub), std::string::npos) << sub;
    }
    auto serve_help = run_process(zaedno_binary(), {"serve", "--help"});
    EXPECT_NE(serve_help.out.find("ZAEDNO_LISTEN"), std::string::npos);
}

TEST(cli, unknown_subcommand_is_a_usage_error) {
    auto result = run_process(zaedno_binary(), {"fly"});
    EXPECT_NE(result.exit_code, 0);
    EXPECT_FALSE(result.err.empty());
}

TEST(cli, bad_configuration_stops_start_up_with_one_line) {
    temp_dir dir;
    auto result = run_process(
        zaedno_binary(), {"serve"}, {{"ZAEDNO_LISTEN", "127.0.0.1:notaport"}}, dir.path()
    );
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_NE(result.err.find("ZAEDNO_LISTEN"), std::string::npos) << result.err;
    EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
    EXPECT_FALSE(std::filesystem::exists(dir.path() / "zaedno.db"));
}

TEST(cli, config_file_errors_name_the_file_and_key) {
    temp_dir dir;
    std::ofstream(dir.path() / "z.toml") << "[telegram]\nsecret = \"bad secret!\"\n";
    auto result = run_process(zaedno_binary(), {"serve", "--config", "z.toml"}, {}, dir.path());
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_NE(result.err.find("z.toml: telegram.secret"), std::string::npos) << result.err;
}

TEST(cli, serve_starts_on_defaults_answers_and_stops_on_sigterm) {
    temp_dir dir;
    child_process server(
        zaedno_binary(),
        {"serve", "--listen", "127.0.0.1:0"},
        {{"ZAEDNO_TELEGRAM_TOKEN", "123456:VERY-SECRET-TOKEN"}},
        dir.path()
    );
    auto line = server.wait_for_stderr_line("listening on");
    auto port = port_from_log(line);
    ASSERT_NE(port, 0) << line;
    EXPECT_EQ(http_call(port, "GET", "/healthz").status, 200);
    server.send_signal(SIGTERM);
    auto result = server.finish();
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_NE(result.err.find("shutdown: complete"), std::string::npos);
    EXPECT_EQ(result.err.find("VERY-SECRET-TOKEN"), std::string::npos) << "a secret was logged";
    // The database is in the working folder and was closed cleanly (WAL folded back).
    EXPECT_TRUE(std::filesystem::exists(dir.path() / "zaedno.db"));
    EXPECT_FALSE(std::filesystem::exists(dir.path() / "zaedno.db-wal"));
}

TEST(cli, serve_refuses_a_database_from_a_newer_version) {
    temp_dir dir;
    {
        auto c = storage::connection::open(
            dir.path() / "zaedno.db", storage::open_mode::read_write_create
        );
        c.exec("PRAGMA user_version = 4242");
    }
    auto result =
        run_process(zaedno_binary(), {"serve", "--listen", "127.0.0.1:0"}, {}, dir.path());
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_NE(result.err.find("4242"), std::string::npos) << result.err;
}

TEST(cli, backup_copies_the_configured_database) {
    temp_dir dir;
    {
        child_process server(zaedno_binary(), {"serve", "--listen", "127.0.0.1:0"}, {}, dir.path());
        ASSERT_NE(port_from_log(server.wait_for_stderr_line("listening on")), 0);
        auto result = run_process(zaedno_binary(), {"backup", "copy.db"}, {}, dir.path());
        EXPECT_EQ(result.exit_code, 0) << result.err;
        server.send_signal(SIGTERM);
        server.finish();
    }
    auto copy = storage::connection::open(dir.path() / "copy.db", storage::open_mode::read_only);
    EXPECT_GE(copy.user_version(), 1);
    auto missing =
        run_process(zaedno_binary(), {"backup", "x.db", "--db", "absent.db"}, {}, dir.path());
    EXPECT_EQ(missing.exit_code, 1);
    EXPECT_NE(missing.err.find("absent.db"), std::string::npos) << missing.err;
}

}  // namespace
}  // namespace zaedno::test

namespace zaedno::test {
namespace {

TEST(cli, validate_passes_the_shipped_dialogs) {
    auto result = run_process(zaedno_binary(), {"validate"}, {}, source_dir());
    EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
    EXPECT_NE(result.out.find("0 errors"), std::string::npos) << result.out;
}

TEST(cli, validate_names_file_and_json_path_of_a_broken_reference) {
    auto dir = fixtures_dir() / "dialogs" / "broken_goto";
    auto result = run_process(zaedno_binary(), {"validate", dir.string()});
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_NE(result.out.find(".json: /"), std::string::npos) << result.out;
}

TEST(cli, chat_runs_the_shipped_dialogs_from_piped_input) {
    temp_dir dir;
    auto input = dir.path() / "input.txt";
    { std::ofstream(input) << "3\n"; }
    // The shell is the simplest way to feed standard input to the child.
    auto result = run_process(
        "/bin/sh",
        {"-c", "exec \"$0\" chat --lang bg < \"$1\"", zaedno_binary().string(), input.string()},
        {},
        source_dir()
    );
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_NE(result.out.find("1. "), std::string::npos) << result.out;  // numbered choices
    EXPECT_NE(result.out.find("> 3"), std::string::npos) << result.out;  // echoed answer
}

}  // namespace
}  // namespace zaedno::test

namespace zaedno::test {
namespace {

TEST(cli, telegram_set_webhook_sends_url_secret_and_update_kinds) {
    std::atomic<int> calls{0};
    fake_http_server api{[&](const recorded_request&) {
        if (calls++ == 0) {
            auto r =
                json_reply(429, R"({"ok":false,"error_code":429,"parameters":{"retry_after":1}})");
            return r;
        }
        return json_reply(200, R"({"ok":true,"result":true,"description":"Webhook was set"})");
    }};
    auto result = run_process(
        zaedno_binary(),
        {"telegram", "set-webhook", "https://bot.example.org/webhooks/telegram"},
        {{"ZAEDNO_TELEGRAM_TOKEN", "9:T"},
         {"ZAEDNO_TELEGRAM_SECRET", "s3cret"},
         {"ZAEDNO_TELEGRAM_API", api.base_url()}}
    );
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_NE(result.out.find("Webhook was set"), std::string::npos) << result.out;
    auto requests = api.requests();
    ASSERT_EQ(requests.size(), 2U);  // the 429 was waited out, not fatal
    EXPECT_EQ(requests[1].target, "/bot9:T/setWebhook");
    auto body = nlohmann::json::parse(requests[1].body);
    EXPECT_EQ(body["url"], "https://bot.example.org/webhooks/telegram");
    EXPECT_EQ(body["secret_token"], "s3cret");
    EXPECT_TRUE(body["allowed_updates"].is_array());
}

TEST(cli, telegram_set_webhook_without_a_secret_is_refused_before_calling) {
    fake_http_server api;
    auto result = run_process(
        zaedno_binary(),
        {"telegram", "set-webhook", "https://bot.example.org/webhooks/telegram"},
        {{"ZAEDNO_TELEGRAM_TOKEN", "9:T"}, {"ZAEDNO_TELEGRAM_API", api.base_url()}}
    );
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_NE(result.err.find("ZAEDNO_TELEGRAM_SECRET"), std::string::npos);
    EXPECT_EQ(api.request_count(), 0U);
}

TEST(cli, viber_set_webhook_prints_the_answer_and_fails_on_a_refusal) {
    fake_http_server api{[](const recorded_request& r) {
        if (r.headers.at("x-viber-auth-token") != "vt") {
            return json_reply(200, R"({"status":2,"status_message":"invalidAuthToken"})");
        }
        return json_reply(200, R"({"status":0,"status_message":"ok","event_types":["message"]})");
    }};
    std::map<std::string, std::string> env{
        {"ZAEDNO_VIBER_TOKEN", "vt"}, {"ZAEDNO_VIBER_API", api.base_url()}};
    auto ok = run_process(
        zaedno_binary(), {"viber", "set-webhook", "https://bot.example.org/webhooks/viber"}, env
    );
    EXPECT_EQ(ok.exit_code, 0) << ok.err;
    EXPECT_NE(ok.out.find("\"status\":0"), std::string::npos) << ok.out;
    EXPECT_EQ(api.requests().front().target, "/set_webhook");
    env["ZAEDNO_VIBER_TOKEN"] = "wrong";
    auto refused = run_process(
        zaedno_binary(), {"viber", "set-webhook", "https://bot.example.org/webhooks/viber"}, env
    );
    EXPECT_EQ(refused.exit_code, 1);
    EXPECT_NE(refused.out.find("invalidAuthToken"), std::string::npos);
}

}  // namespace
}  // namespace zaedno::test
