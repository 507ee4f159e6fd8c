// Viber answers → delivery outcomes: the status table and HTTP-level failures.
#include "integrations/viber/classify.hpp"

#include <gtest/gtest.h>

#include "tests/integrations/fixture.hpp"

namespace zaedno::viber {
namespace {

using namespace channels::outcome;

std::string response(std::string_view name) {
    return test::read_fixture("viber/" + std::string(name) + ".json");
}

TEST(viber_classify, status_zero_is_sent_with_the_64_bit_token) {
    EXPECT_EQ(
        classify(200, response("response_send_ok")),
        channels::send_outcome{sent{"5741311803571721087"}}
    );
}

TEST(viber_classify, status_table) {
    struct row {
        std::string_view fixture;
        std::string_view outcome;
    };

    const row table[] = {
        {"response_status_2_invalid_auth_token", "permanent"},
        {"response_status_3_bad_data", "permanent"},
        {"response_status_5_receiver_not_registered", "unreachable"},
        {"response_status_6_receiver_not_subscribed", "unreachable"},
        {"response_status_10_webhook_not_set", "permanent"},
        {"response_status_11_no_suitable_device", "unreachable"},
        {"response_status_12_too_many_requests", "transient"},
        {"response_status_99_unknown_status", "permanent"},
    };
    for (const row& r : table) {
        EXPECT_EQ(channels::outcome_name(classify(200, response(r.fixture))), r.outcome)
            << r.fixture;
    }
}

TEST(viber_classify, rate_limit_is_retried_not_final) {
    auto outcome = classify(200, response("response_status_12_too_many_requests"));
    EXPECT_TRUE(channels::is_retryable(outcome));
    EXPECT_EQ(std::get<transient>(outcome).reason, "12 tooManyRequests: Too many requests");
}

TEST(viber_classify, reasons_name_the_status) {
    auto outcome = classify(200, response("response_status_6_receiver_not_subscribed"));
    EXPECT_EQ(std::get<unreachable>(outcome).reason, "6 receiverNotSubscribed: notSubscribed");
    auto unknown = classify(200, response("response_status_99_unknown_status"));
    EXPECT_EQ(std::get<permanent>(unknown).reason, "99 generalError: something new");
}

TEST(viber_classify, http_level_failures) {
    EXPECT_EQ(classify(0, ""), channels::send_outcome{transient{"network failure"}});
    EXPECT_TRUE(std::holds_alternative<transient>(classify(429, "")));
    EXPECT_TRUE(std::holds_alternative<transient>(classify(503, "<html>")));
    EXPECT_TRUE(std::holds_alternative<permanent>(classify(404, "Not Found")));
    EXPECT_TRUE(std::holds_alternative<transient>(classify(200, "garbage")));
    EXPECT_TRUE(std::holds_alternative<transient>(classify(200, R"({"status_message":"ok"})")));
}

TEST(viber_classify, http_retry_after_is_honoured_on_429_and_503) {
    EXPECT_EQ(classify(429, "", 12), channels::send_outcome{retry_after{12}});
    EXPECT_EQ(classify(503, "", 4), channels::send_outcome{retry_after{4}});
    EXPECT_TRUE(std::holds_alternative<transient>(classify(502, "", 4)));
    EXPECT_TRUE(std::holds_alternative<sent>(classify(200, response("response_send_ok"), 4)));
}

TEST(viber_classify, status_names_cover_the_documented_table) {
    EXPECT_EQ(status_name(0), "ok");
    EXPECT_EQ(status_name(6), "receiverNotSubscribed");
    EXPECT_EQ(status_name(12), "tooManyRequests");
    EXPECT_EQ(status_name(24), "noBalance");
    EXPECT_EQ(status_name(25), "generalError");
    EXPECT_EQ(status_name(-1), "generalError");
}

}  // namespace
}  // namespace zaedno::viber
