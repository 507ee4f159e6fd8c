// A person talking to the real server over the fake Telegram Bot API, turn by turn: each
// step waits until the server has settled and returns what was sent back.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/support/fake_http_server.hpp"
#include "tests/support/telegram_updates.hpp"
#include "tests/support/test_app.hpp"
#include "tests/support/wait_until.hpp"

namespace zaedno::test {

inline delivery::worker_settings quick_delivery() {
    auto s = delivery::default_worker_settings();
    s.retry.base = delivery::duration(20);
    s.retry.cap = delivery::duration(100);
    for (auto& [name, rates] : s.rates) {
        rates.per_chat_per_second = 200;
        rates.global_per_second = 1000;
    }
    return s;
}

class telegram_world {
public:
    static constexpr const char* token = "123456:TEST-TOKEN";
    static constexpr const char* secret = "webhook-secret_1";

    explicit telegram_world(const std::function<void(app::config&)>& more = {}) {
        auto base = api_.base_url();
        auto adjust = [&](app::config& c) {
            c.telegram.token = token;
            c.telegram.secret = secret;
            c.telegram.api = base;
            if (more) {
                more(c);
            }
        };
        app_ = std::make_unique<test_app>(adjust, nullptr, quick_delivery());
    }

    test_app& app() { return *app_; }

    /// Texts of every sendMessage so far, in order.
    std::vector<std::string> sent_texts() const {
        std::vector<std::string> out;
        for (const auto& r : api_.requests()) {
            if (r.target.ends_with("/sendMessage")) {
                out.push_back(nlohmann::json::parse(r.body).value("text", ""));
            }
        }
        return out;
    }

    /// Posts one update and returns the texts sent in answer to it.
    std::vector<std::string> post(const std::string& update) {
        auto before = sent_texts().size();
        header_list headers{
            {"Content-Type", "application/json"}, {"X-Telegram-Bot-Api-Secret-Token", secret}};
        auto reply = http_call(app_->port(), "POST", "/webhooks/telegram", update, headers);
        EXPECT_EQ(reply.status, 200u);
        EXPECT_TRUE(wait_until([&] { return app_->settled() && sent_texts().size() > before; }))
            << "no answer to " << update;
        auto all = sent_texts();
        return {all.begin() + static_cast<std::ptrdiff_t>(before), all.end()};
    }

    std::vector<std::string> say(std::int64_t chat, const std::string& text) {
        return post(telegram_text(++update_id_, chat, text, "en"));
    }

    std::vector<std::string> press(std::int64_t chat, const std::string& choice) {
        return post(telegram_button(++update_id_, chat, choice));
    }

    /// /start, English, agree: the person stands at the main menu.
    void greet(std::int64_t chat) {
        say(chat, "/start");
        press(chat, "en");
        auto answer = press(chat, "agree");
        ASSERT_FALSE(answer.empty());
        EXPECT_EQ(answer.back(), "How can I help you?");
    }

private:
    fake_http_server api_;
    std::unique_ptr<test_app> app_;
    std::int64_t update_id_ = 0;
};

}  // namespace zaedno::test
