// Route and query parameters as every REST handler reads them.
#include "bot/server/request_params.hpp"

#include <gtest/gtest.h>

namespace zaedno::server {
namespace {

TEST(request_params, positive_numbers_are_plain_digits_above_zero) {
    EXPECT_EQ(positive_number("42"), 42);
    EXPECT_EQ(positive_number("9223372036854775807"), 9223372036854775807);
    for (const char* bad : {"", "0", "-3", "+3", " 3", "3 ", "3a", "0x10", "9223372036854775808"}) {
        EXPECT_FALSE(positive_number(bad).has_value()) << bad;
    }
}

TEST(request_params, route_ids_are_read_by_name) {
    request_context ctx;
    ctx.params = {{"id", "17"}, {"message_id", "x"}};
    EXPECT_EQ(positive_id_param(ctx), 17);
    EXPECT_FALSE(positive_id_param(ctx, "message_id").has_value());
    EXPECT_FALSE(positive_id_param(ctx, "missing").has_value());
}

TEST(request_params, query_values_are_decoded_and_absent_ones_are_none) {
    request req{http::verb::get, "/api/v1/x?status=waiting%2Cassigned&empty=&language=ar", 11};
    EXPECT_EQ(query_param(req, "status"), "waiting,assigned");
    EXPECT_EQ(query_param(req, "empty"), "");
    EXPECT_EQ(query_param(req, "language"), "ar");
    EXPECT_FALSE(query_param(req, "missing").has_value());
    request broken{http::verb::get, "not a target", 11};
    EXPECT_FALSE(query_param(broken, "status").has_value());
}

}  // namespace
}  // namespace zaedno::server
