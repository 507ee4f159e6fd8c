// The outbound client against a fake platform on loopback: answers, keep-alive reuse,
// timeouts, dropped connections, Retry-After, bad URLs.
#include "integrations/http_client/http_client.hpp"

#include <gtest/gtest.h>

#include "tests/support/fake_http_server.hpp"

namespace zaedno::http_client {
namespace {

using test::fake_http_server;
using test::json_reply;
using test::recorded_request;
using test::scripted_reply;

/// The client's pooled connections belong to one io_context, as in the server: every test
/// drives its sends through the same context, run until each send finishes.
net::io_context& test_context() {
    static net::io_context ioc;
    return ioc;
}

outbound_response run_send(client& c, outbound_request req) {
    auto& ioc = test_context();
    ioc.restart();
    outbound_response out;
    auto store = [&out](std::exception_ptr e, outbound_response r) {
        if (e) {
            std::rethrow_exception(e);
        }
        out = std::move(r);
    };
    net::co_spawn(ioc, c.send(std::move(req)), store);
    ioc.run();
    return out;
}

outbound_request post(const std::string& url, std::string body) {
    outbound_request r;
    r.url = url;
    r.body = std::move(body);
    return r;
}

TEST(http_client, posts_json_and_reads_the_answer) {
    fake_http_server server{[](const recorded_request&) {
        return json_reply(200, R"({"ok":true})");
    }};
    client c;
    auto req = post(server.base_url() + "/bot123:abc/sendMessage", R"({"chat_id":1})");
    req.headers.emplace_back("X-Viber-Auth-Token", "t");
    auto res = run_send(c, req);
    ASSERT_FALSE(res.transport_failed()) << res.ec.message();
    EXPECT_EQ(res.status, 200);
    EXPECT_EQ(res.body, R"({"ok":true})");
    auto seen = server.requests();
    ASSERT_EQ(seen.size(), 1U);
    EXPECT_EQ(seen[0].method, "POST");
    EXPECT_EQ(seen[0].target, "/bot123:abc/sendMessage");
    EXPECT_EQ(seen[0].headers["content-type"], "application/json");
    EXPECT_EQ(seen[0].headers["x-viber-auth-token"], "t");
    EXPECT_EQ(seen[0].body, R"({"chat_id":1})");
}

TEST(http_client, reuses_a_keep_alive_connection) {
    fake_http_server server;
    client c;
    for (int i = 0; i < 5; ++i) {
        EXPECT_EQ(run_send(c, post(server.base_url() + "/x", "{}")).status, 200);
    }
    EXPECT_EQ(server.connections_accepted(), 1U);
    EXPECT_EQ(c.connections_opened(), 1U);
    EXPECT_EQ(c.idle_connections(), 1U);
}

TEST(http_client, reports_error_statuses_with_their_body_and_retry_after) {
    fake_http_server server{[](const recorded_request&) {
        auto r = json_reply(429, R"({"ok":false,"error_code":429,"parameters":{"retry_after":3}})");
        r.headers.emplace_back("Retry-After", "3");
        return r;
    }};
    client c;
    auto res = run_send(c, post(server.base_url() + "/x", "{}"));
    EXPECT_FALSE(res.transport_failed());
    EXPECT_EQ(res.status, 429);
    ASSERT_TRUE(res.retry_after_seconds.has_value());
    EXPECT_EQ(*res.retry_after_seconds, 3);
}

TEST(http_client, a_dropped_connection_is_a_transport_failure_not_an_exception) {
    fake_http_server server{[](const recorded_request&) {
        scripted_reply r;
        r.drop_connection = true;
        return r;
    }};
    client c;
    auto res = run_send(c, post(server.base_url() + "/x", "{}"));
    EXPECT_TRUE(res.transport_failed());
    EXPECT_EQ(res.status, 0U);
    EXPECT_EQ(server.request_count(), 1U) << "a fresh connection is never retried";
}

TEST(http_client, a_stale_pooled_connection_is_replaced_once) {
    int calls = 0;
    fake_http_server server{[&calls](const recorded_request&) {
        scripted_reply r;
        r.close_after = ++calls == 1;  // first answer closes the connection behind us
        return r;
    }};
    client c;
    EXPECT_EQ(run_send(c, post(server.base_url() + "/a", "{}")).status, 200);
    EXPECT_EQ(run_send(c, post(server.base_url() + "/b", "{}")).status, 200);
    EXPECT_EQ(server.request_count(), 2U);
}

TEST(http_client, slow_server_hits_the_request_timeout) {
    fake_http_server server{[](const recorded_request&) {
        scripted_reply r;
        r.delay = std::chrono::milliseconds(2000);
        return r;
    }};
    client_options options;
    options.request_timeout = std::chrono::milliseconds(200);
    client c{options};
    auto res = run_send(c, post(server.base_url() + "/x", "{}"));
    EXPECT_TRUE(res.transport_failed());
    EXPECT_EQ(res.ec, beast::error::timeout);
}

TEST(http_client, refused_connection_and_bad_urls_fail_cleanly) {
    std::uint16_t closed_port = 0;
    {
        fake_http_server gone;
        closed_port = gone.port();
    }
    client c;
    EXPECT_TRUE(run_send(c, post("http://127.0.0.1:" + std::to_string(closed_port) + "/x", "{}"))
                    .transport_failed());
    EXPECT_TRUE(run_send(c, post("not a url", "{}")).transport_failed());
    EXPECT_TRUE(run_send(c, post("ftp://127.0.0.1/x", "{}")).transport_failed());
}

TEST(http_client, tls_to_a_plain_server_fails_the_handshake) {
    fake_http_server server;
    client c;
    auto res = run_send(c, post("https://127.0.0.1:" + std::to_string(server.port()) + "/x", "{}"));
    EXPECT_TRUE(res.transport_failed());
}

}  // namespace
}  // namespace zaedno::http_client
