// Channel-name dispatch of answer classification.
#include "integrations/classify.hpp"

#include <gtest/gtest.h>

namespace zaedno::channels {
namespace {

TEST(channels_classify, dispatches_by_channel_name) {
    // The same HTTP 200 means different things: Telegram needs ok:true, Viber status 0.
    const std::string_view viber_ok = R"({"status":0,"message_token":5741311803571721087})";
    EXPECT_EQ(classify("viber", 200, viber_ok), send_outcome{outcome::sent{"5741311803571721087"}});
    EXPECT_EQ(outcome_name(classify("telegram", 200, viber_ok)), "transient");
    EXPECT_EQ(
        classify("telegram", 200, R"({"ok":true,"result":{"message_id":5}})"),
        send_outcome{outcome::sent{"5"}}
    );
    EXPECT_EQ(outcome_name(classify("webchat", 200, "")), "permanent");
    EXPECT_EQ(classify("viber", 429, "", 3), send_outcome{outcome::retry_after{3}});
    EXPECT_EQ(classify("telegram", 429, "", 3), send_outcome{outcome::retry_after{3}});
    EXPECT_EQ(outcome_name(classify("", 200, "")), "permanent");
}

TEST(channels_classify, outcome_names_and_retryability) {
    EXPECT_EQ(outcome_name(outcome::sent{}), "sent");
    EXPECT_EQ(outcome_name(outcome::retry_after{1}), "retry_after");
    EXPECT_EQ(outcome_name(outcome::unreachable{}), "unreachable");
    EXPECT_TRUE(is_retryable(outcome::retry_after{1}));
    EXPECT_TRUE(is_retryable(outcome::transient{}));
    EXPECT_FALSE(is_retryable(outcome::permanent{}));
    EXPECT_FALSE(is_retryable(outcome::unreachable{}));
    EXPECT_FALSE(is_retryable(outcome::sent{}));
}

TEST(channels_classify, event_kind_names) {
    EXPECT_EQ(kind_name(text_event{"x"}), "text");
    EXPECT_EQ(kind_name(conversation_started_event{}), "conversation_started");
    EXPECT_EQ(kind_name(delivery_status_event{}), "delivery_status");
    EXPECT_EQ(kind_name(ignored_event{}), "ignored");
    EXPECT_EQ(media_kind_name(media_kind::voice), "voice");
    EXPECT_EQ(delivery_state_name(delivery_state::seen), "seen");
    EXPECT_EQ((problem{"/a", "bad"}).describe(), "/a: bad");
    EXPECT_EQ((problem{"", "bad"}).describe(), "bad");
}

}  // namespace
}  // namespace zaedno::channels
