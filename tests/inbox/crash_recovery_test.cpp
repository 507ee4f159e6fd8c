// kill -9 with a full inbox and outbox, then a restart: every acknowledged update is answered,
// and nothing is delivered twice.
#include <atomic>
#include <map>
#include <mutex>
#include <regex>
#include <signal.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "bot/storage/connection.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/fake_http_server.hpp"
#include "tests/support/http_test_client.hpp"
#include "tests/support/paths.hpp"
#include "tests/support/telegram_updates.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/wait_until.hpp"

namespace zaedno::test {
namespace {

constexpr const char* secret = "crash-test-secret";

std::uint16_t started_port(child_process& server) {
    auto line = server.wait_for_stderr_line("listening on");
    std::smatch m;
    std::regex pattern{R"(listening on 127\.0\.0\.1:(\d+))"};
    if (!std::regex_search(line, m, pattern)) {
        return 0;
    }
    return static_cast<std::uint16_t>(std::stoi(m[1]));
}

TEST(crash_recovery, sigkill_with_pending_work_delivers_everything_once_after_restart) {
    std::atomic<bool> platform_up{false};
    std::mutex mutex;
    std::map<std::string, int> delivered;  // chat id → successful sendMessage calls
    fake_http_server api{[&](const recorded_request& r) {
        if (!r.target.ends_with("/sendMessage")) {
            return scripted_reply{};
        }
        if (!platform_up) {
            return json_reply(500, R"({"ok":false,"error_code":500,"description":"Internal"})");
        }
        auto chat = nlohmann::json::parse(r.body)["chat_id"].dump();
        std::lock_guard lock(mutex);
        ++delivered[chat];
        return json_reply(200, R"({"ok":true,"result":{"message_id":1}})");
    }};
    temp_dir dir;
    std::map<std::string, std::string> env{
        {"ZAEDNO_TELEGRAM_TOKEN", "42:CRASH"},
        {"ZAEDNO_TELEGRAM_SECRET", secret},
        {"ZAEDNO_TELEGRAM_API", api.base_url()},
        {"ZAEDNO_LOG_LEVEL", "warn"},
    };
    const int acknowledged = 10;
    {
        child_process server(
            zaedno_binary(),
            {"serve", "--listen", "127.0.0.1:0", "--log-level", "info"},
            env,
            dir.path()
        );
        auto port = started_port(server);
        ASSERT_NE(port, 0);
        for (int i = 0; i < acknowledged; ++i) {
            auto reply = http_call(
                port,
                "POST",
                "/webhooks/telegram",
                telegram_text(1000 + i, 7000 + i, "/start"),
                {{"X-Telegram-Bot-Api-Secret-Token", secret}, {"Content-Type", "application/json"}}
            );
            ASSERT_EQ(reply.status, 200);
        }
        server.send_signal(SIGKILL);
        auto result = server.finish();
        EXPECT_EQ(result.signal, SIGKILL);
    }
    // Updates stored but never processed (as if the kill came between commit and processing).
    const int unprocessed = 3;
    {
        auto db = storage::connection::open(
            dir.path() / "zaedno.db", storage::open_mode::read_write_create
        );
        for (int i = 0; i < unprocessed; ++i) {
            db.prepared(
                  "INSERT INTO inbox (channel, dedupe_key, chat_key, body, received_ms) "
                  "VALUES ('telegram', ?, ?, ?, 0)"
            )
                .bind(1, std::to_string(2000 + i))
                .bind(2, std::to_string(8000 + i))
                .bind(3, telegram_text(2000 + i, 8000 + i, "/start"))
                .run();
        }
    }
    platform_up = true;
    child_process restarted(
        zaedno_binary(),
        {"serve", "--listen", "127.0.0.1:0", "--log-level", "info"},
        env,
        dir.path()
    );
    ASSERT_NE(started_port(restarted), 0);
    auto all_delivered = [&] {
        std::lock_guard lock(mutex);
        return delivered.size() == static_cast<std::size_t>(acknowledged + unprocessed);
    };
    EXPECT_TRUE(wait_until(all_delivered, std::chrono::seconds(30)));
    restarted.send_signal(SIGTERM);
    EXPECT_EQ(restarted.finish().exit_code, 0);
    // Before the kill every send failed, so no successful call was in flight: each queued
    // sendMessage must have reached the platform exactly once.
    auto db = storage::connection::open(dir.path() / "zaedno.db", storage::open_mode::read_only);
    auto& st = db.prepared(
        "SELECT chat_key, count(*), sum(status = 'sent') FROM outbox "
        "WHERE method = 'sendMessage' GROUP BY chat_key"
    );
    std::map<std::string, int> queued;
    while (st.step()) {
        queued[st.text(0)] = static_cast<int>(st.int64(1));
        EXPECT_EQ(st.int64(1), st.int64(2)) << "chat " << st.text(0) << " has unsent replies";
    }
    st.reset();
    std::lock_guard lock(mutex);
    EXPECT_EQ(delivered, queued);
}

}  // namespace
}  // namespace zaedno::test
