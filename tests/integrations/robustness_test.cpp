// Every parser against every fixture, cut short and mutated: no exception escapes, and the
// webhook's envelope always agrees with the events the processor later reads.
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>

#include <gtest/gtest.h>

#include "integrations/telegram/parse.hpp"
#include "integrations/viber/parse.hpp"
#include "integrations/webchat/protocol.hpp"
#include "tests/support/paths.hpp"

namespace zaedno::channels {
namespace {

std::vector<std::string> all_fixture_bodies() {
    std::vector<std::string> bodies;
    for (const char* folder : {"telegram", "viber"}) {
        for (const auto& entry :
             std::filesystem::directory_iterator(test::fixtures_dir() / folder)) {
            std::ifstream in(entry.path(), std::ios::binary);
            bodies.emplace_back(
                std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()
            );
        }
    }
    return bodies;
}

template <class ReadEnvelope, class ToEvents>
void expect_consistent(std::string_view body, ReadEnvelope read_envelope, ToEvents to_events) {
    auto env = read_envelope(body);
    auto events = to_events(body);
    ASSERT_EQ(env.has_value(), events.has_value());
    if (!env) {
        EXPECT_FALSE(env.error().message.empty());
        return;
    }
    if (env->action != envelope_action::store) {
        EXPECT_TRUE(events->empty());
        return;
    }
    EXPECT_FALSE(env->dedupe_key.empty());
    EXPECT_FALSE(env->chat_key.empty());
    ASSERT_EQ(events->size(), 1u);
    EXPECT_EQ(events->front().dedupe_key, env->dedupe_key);
    EXPECT_EQ(events->front().chat_key, env->chat_key);
}

void exercise(std::string_view body) {
    expect_consistent(body, telegram::read_envelope, telegram::to_events);
    expect_consistent(body, viber::read_envelope, viber::to_events);
    (void)webchat::parse_client_frame(body);
}

TEST(channels_robustness, fixtures_are_read_consistently_by_both_parsers) {
    const auto bodies = all_fixture_bodies();
    ASSERT_GT(bodies.size(), 50u);
    for (const auto& body : bodies) {
        SCOPED_TRACE(body.substr(0, 80));
        EXPECT_NO_THROW(exercise(body));
    }
}

TEST(channels_robustness, every_truncation_of_every_fixture_is_handled) {
    for (const auto& body : all_fixture_bodies()) {
        for (std::size_t length = 0; length < body.size(); length += 7) {
            EXPECT_NO_THROW(exercise(std::string_view(body).substr(0, length)));
        }
    }
}

TEST(channels_robustness, mutated_fixtures_are_handled) {
    std::mt19937 random{20261125};  // fixed seed: the same cases on every run
    const std::string noise = "{}[]\",:0123456789-.eE\\u\xff\xc3\x80 nulltruefalse";
    for (const auto& body : all_fixture_bodies()) {
        if (body.empty()) {
            continue;
        }
        for (int round = 0; round < 40; ++round) {
            std::string mutated = body;
            for (int k = 0; k < 3; ++k) {
                const std::size_t at = random() % mutated.size();
                mutated[at] = noise[random() % noise.size()];
            }
            EXPECT_NO_THROW(exercise(mutated));
        }
    }
}

TEST(channels_robustness, deep_nesting_and_huge_numbers_are_handled) {
    const std::string deep = std::string(10'000, '[') + std::string(10'000, ']');
    EXPECT_NO_THROW(exercise(deep));
    EXPECT_NO_THROW(exercise(R"({"update_id":1e400,"event":"message","message_token":-1e999})"));
    EXPECT_NO_THROW(exercise(R"({"update_id":99999999999999999999999,"message":{}})"));
    EXPECT_NO_THROW(exercise(R"({"update_id":-9223372036854775808,"message":[]})"));
}

}  // namespace
}  // namespace zaedno::channels
