// The codec interface forwards to each platform's functions with its own configuration.
#include "integrations/codec.hpp"

#include <map>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "integrations/viber/auth.hpp"
#include "tests/integrations/fixture.hpp"

namespace zaedno::channels {
namespace {

header_lookup headers_of(const std::map<std::string, std::string>& headers) {
    return [headers](std::string_view name) -> std::optional<std::string_view> {
        auto it = headers.find(std::string(name));
        if (it == headers.end()) {
            return std::nullopt;
        }
        return std::string_view(it->second);
    };
}

TEST(channels_codec, telegram_codec_checks_its_secret_and_reads_updates) {
    auto telegram = make_telegram_codec("s3cr3t");
    EXPECT_EQ(telegram->name(), "telegram");
    const std::string body = test::read_fixture("telegram/callback_query.json");
    EXPECT_TRUE(
        telegram->authenticate(headers_of({{"X-Telegram-Bot-Api-Secret-Token", "s3cr3t"}}), body)
    );
    EXPECT_FALSE(
        telegram->authenticate(headers_of({{"X-Telegram-Bot-Api-Secret-Token", "other"}}), body)
    );
    EXPECT_FALSE(telegram->authenticate(headers_of({}), body));
    EXPECT_FALSE(make_telegram_codec("")->authenticate(
        headers_of({{"X-Telegram-Bot-Api-Secret-Token", ""}}), body
    ));
    EXPECT_EQ(telegram->read_envelope(body)->dedupe_key, "700000004");
    EXPECT_EQ(telegram->to_events(body)->size(), 1u);
    EXPECT_EQ(telegram->render("1", {"hi", {}, false}).at(0).method, "sendMessage");
    EXPECT_EQ(outcome_name(telegram->classify(403, "", std::nullopt)), "unreachable");
}

TEST(channels_codec, viber_codec_checks_the_signature_and_uses_its_sender) {
    viber::sender_profile sender;
    sender.name = "Червоний Хрест";
    auto viber_channel = make_viber_codec("token-1", sender);
    EXPECT_EQ(viber_channel->name(), "viber");
    const std::string body = test::read_fixture("viber/message_text.json");
    EXPECT_TRUE(viber_channel->authenticate(
        headers_of({{"X-Viber-Content-Signature", viber::sign("token-1", body)}}), body
    ));
    EXPECT_FALSE(viber_channel->authenticate(
        headers_of({{"X-Viber-Content-Signature", viber::sign("token-2", body)}}), body
    ));
    EXPECT_EQ(viber_channel->read_envelope(body)->chat_key, "01234567890A=");
    auto calls = viber_channel->render("u", {"hi", {}, false});
    EXPECT_EQ(nlohmann::json::parse(calls.at(0).body)["sender"]["name"], "Червоний Хрест");
    EXPECT_EQ(
        outcome_name(viber_channel->classify(200, R"({"status":6})", std::nullopt)), "unreachable"
    );
}

}  // namespace
}  // namespace zaedno::channels
