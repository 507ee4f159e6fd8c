// A running app with Telegram pointed at a fake Bot API, people who write to it, and
// caseworkers who log in: the setting of every handoff test.
#pragma once

#include <algorithm>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tests/support/api_session.hpp"
#include "tests/support/fake_http_server.hpp"
#include "tests/support/telegram_updates.hpp"
#include "tests/support/test_app.hpp"
#include "tests/support/wait_until.hpp"

namespace zaedno::test {

inline delivery::worker_settings fast_handoff_delivery() {
    auto s = delivery::default_worker_settings();
    s.retry.base = delivery::duration(20);
    s.retry.cap = delivery::duration(100);
    for (auto& [name, rates] : s.rates) {
        rates.per_chat_per_second = 50;
        rates.global_per_second = 1000;
    }
    return s;
}

/// Always open unless a test says otherwise: replies must not depend on the time of day.
inline void always_open(app::config& c) {
    c.office_hours.weekly = "mon-sun 00:00-24:00";
}

class handoff_fixture {
public:
    static constexpr const char* token = "123456:HANDOFF-TOKEN";
    static constexpr const char* secret = "handoff-secret";

    explicit handoff_fixture(const std::function<void(app::config&)>& adjust = always_open) {
        auto base = api.base_url();
        auto configure = [&](app::config& c) {
            c.telegram.token = token;
            c.telegram.secret = secret;
            c.telegram.api = base;
            c.admin_password = "bootstrap-secret-1";
            if (adjust) {
                adjust(c);
            }
        };
        app = std::make_unique<test_app>(configure, nullptr, fast_handoff_delivery());
    }

    /// The person in Telegram chat `chat` sends `text` (first contact carries `language`).
    void write(std::int64_t chat, const std::string& text, const std::string& language = "en") {
        auto reply = http_call(
            app->port(),
            "POST",
            "/webhooks/telegram",
            telegram_text(next_update_++, chat, text, language),
            {{"Content-Type", "application/json"}, {"X-Telegram-Bot-Api-Secret-Token", secret}}
        );
        if (reply.status != 200) {
            throw std::runtime_error("webhook refused: " + reply.body);
        }
    }

    void post_update(const std::string& body) {
        http_call(
            app->port(),
            "POST",
            "/webhooks/telegram",
            body,
            {{"Content-Type", "application/json"}, {"X-Telegram-Bot-Api-Secret-Token", secret}}
        );
    }

    void press(std::int64_t chat, const std::string& data) {
        post_update(telegram_button(next_update_++, chat, data));
    }

    std::int64_t next_update() { return next_update_++; }

    /// sendMessage bodies to one chat, in the order the fake API received them.
    std::vector<nlohmann::json> sent_to(std::int64_t chat) const {
        std::vector<nlohmann::json> out;
        for (const auto& r : api.requests()) {
            if (!r.target.ends_with("/sendMessage")) {
                continue;
            }
            auto body = nlohmann::json::parse(r.body);
            if (body["chat_id"].dump() == std::to_string(chat)) {
                out.push_back(std::move(body));
            }
        }
        return out;
    }

    std::vector<std::string> texts_to(std::int64_t chat) const {
        std::vector<std::string> out;
        for (const auto& body : sent_to(chat)) {
            out.push_back(body["text"].get<std::string>());
        }
        return out;
    }

    bool received(std::int64_t chat, const std::string& text) const {
        auto texts = texts_to(chat);
        return std::find(texts.begin(), texts.end(), text) != texts.end();
    }

    /// Everything stored was processed and sent.
    bool settle() const {
        return wait_until([&] { return app->settled(); });
    }

    std::int64_t conversation_of(std::int64_t chat) const {
        return app->scalar(
            "SELECT c.id FROM conversations c JOIN people p ON p.id = c.person_id "
            "WHERE p.channel = 'telegram' AND p.channel_user = '" +
            std::to_string(chat) + "'"
        );
    }

    std::string status_of(std::int64_t chat) const {
        auto id = conversation_of(chat);
        for (const char* s : {"bot", "waiting", "assigned", "closed"}) {
            if (app->scalar(
                    "SELECT count(*) FROM conversations WHERE id = " + std::to_string(id) +
                    " AND status = '" + s + "'"
                ) == 1) {
                return s;
            }
        }
        return "none";
    }

    /// First contact through the welcome: the hinted language (offered first) and consent.
    void onboard(std::int64_t chat, const std::string& language) {
        for (const char* typed : {"/start", "1", "1"}) {
            write(chat, typed, language);
            if (!settle()) {
                throw std::runtime_error("the welcome did not finish");
            }
        }
    }

    /// The person asks for a human and waits in the queue; returns the conversation id.
    std::int64_t waiting_person(std::int64_t chat, const std::string& language = "en") {
        write(chat, "/human", language);
        if (!wait_until([&] { return status_of(chat) == "waiting"; }) || !settle()) {
            throw std::runtime_error("the person never reached the queue");
        }
        return conversation_of(chat);
    }

    std::string text(const std::string& language, const std::string& key) const {
        return app->app().dialogs()->catalog().format(language, key).text;
    }

    http_reply call(
        const std::string& bearer,
        const std::string& method,
        const std::string& target,
        const nlohmann::json& body = nullptr
    ) {
        return api_call(*app, bearer, method, target, body.is_null() ? "" : body.dump());
    }

    static std::string conversation_path(std::int64_t id, const std::string& rest = "") {
        return "/api/v1/conversations/" + std::to_string(id) + rest;
    }

    fake_http_server api;
    std::unique_ptr<test_app> app;

private:
    std::int64_t next_update_ = 1;
};

}  // namespace zaedno::test
