// The HTTP server over real loopback: health, metrics, errors, limits, timeouts, keep-alive.
#include <atomic>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "bot/server/responses.hpp"
#include "tests/support/http_test_client.hpp"
#include "tests/support/prometheus_text.hpp"
#include "tests/support/test_app.hpp"
#include "tests/support/wait_until.hpp"

namespace zaedno::test {
namespace {

using nlohmann::json;

void expect_json_error(const http_reply& reply, unsigned status) {
    EXPECT_EQ(reply.status, status);
    EXPECT_EQ(reply.headers.at("content-type"), "application/json; charset=utf-8");
    auto body = json::parse(reply.body);
    ASSERT_TRUE(body.contains("error")) << reply.body;
    EXPECT_TRUE(body["error"].is_string());
    EXPECT_FALSE(body["error"].get<std::string>().empty());
}

TEST(http_server, healthz_reports_database_ok) {
    test_app app;
    auto reply = app.get("/healthz");
    EXPECT_EQ(reply.status, 200);
    auto body = json::parse(reply.body);
    EXPECT_EQ(body["status"], "ok");
    EXPECT_EQ(body["database"], "ok");
    EXPECT_GE(body["schema_version"].get<int>(), 1);
    EXPECT_FALSE(reply.headers["x-request-id"].empty());
}

TEST(http_server, healthz_fails_with_503_when_the_database_is_gone) {
    test_app app;
    app.app().database().close();
    expect_json_error(app.get("/healthz"), 503);
}

TEST(http_server, metrics_parse_as_prometheus_text_and_count_requests) {
    test_app app;
    for (int i = 0; i < 3; ++i) {
        ASSERT_EQ(app.get("/healthz").status, 200);
    }
    ASSERT_EQ(app.get("/no/such/thing").status, 404);
    auto reply = app.get("/metrics");
    ASSERT_EQ(reply.status, 200);
    EXPECT_EQ(reply.headers["content-type"], "text/plain; version=0.0.4; charset=utf-8");
    auto scrape = parse_prometheus(reply.body);
    EXPECT_TRUE(scrape.errors.empty()) << testing::PrintToString(scrape.errors) << reply.body;
    EXPECT_EQ(
        scrape.value(
            "zaedno_http_requests_total",
            {{"route", "/healthz"}, {"method", "GET"}, {"status", "200"}}
        ),
        3
    );
    EXPECT_EQ(
        scrape.value("zaedno_http_requests_total", {{"route", "unmatched"}, {"status", "404"}}), 1
    );
    EXPECT_EQ(scrape.types["zaedno_http_request_duration_seconds"], "histogram");
    EXPECT_EQ(
        scrape.value("zaedno_http_request_duration_seconds_count", {{"route", "/healthz"}}), 3
    );
    EXPECT_TRUE(scrape.has("zaedno_storage_queue_depth"));
}

TEST(prometheus_reader, rejects_malformed_text) {
    EXPECT_FALSE(parse_prometheus("no_type_line 1\n").errors.empty());
    EXPECT_FALSE(parse_prometheus("# TYPE a counter\na{x=\"1} 2\n").errors.empty());
    EXPECT_FALSE(parse_prometheus("# TYPE a counter\na 1").errors.empty());
    EXPECT_FALSE(parse_prometheus("# TYPE a counter\na one\n").errors.empty());
    EXPECT_TRUE(parse_prometheus("# TYPE a counter\na{x=\"q\\\"\"} 2\n").errors.empty());
}

TEST(http_server, unknown_path_is_404_json) {
    test_app app;
    expect_json_error(app.get("/does-not-exist"), 404);
}

TEST(http_server, wrong_method_is_405_json_with_allow) {
    test_app app;
    auto reply = http_call(app.port(), "DELETE", "/healthz");
    expect_json_error(reply, 405);
    EXPECT_EQ(reply.headers["allow"], "GET");
}

TEST(http_server, body_over_one_mebibyte_is_413_json) {
    test_app app;
    std::string big(1024 * 1024 + 1, 'x');
    expect_json_error(http_call(app.port(), "POST", "/healthz", big), 413);
}

TEST(http_server, chunked_body_over_one_mebibyte_is_413_json) {
    test_app app;
    http_connection conn(app.port());
    std::string chunk(64 * 1024, 'y');
    std::string raw = "POST /healthz HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
    conn.send_raw(raw);
    char size_line[32];
    std::snprintf(size_line, sizeof size_line, "%zx\r\n", chunk.size());
    try {
        for (int i = 0; i < 17; ++i) {
            conn.send_raw(size_line + chunk + "\r\n");
        }
    } catch (const std::exception&) {
        // The server may close while we still send; the reply is already in our buffer.
    }
    expect_json_error(conn.read_reply(), 413);
}

TEST(http_server, body_of_exactly_one_mebibyte_is_accepted_by_the_limit) {
    test_app app;
    std::string exact(1024 * 1024, 'x');
    // The route rejects the method, which proves the body limit let the request through.
    expect_json_error(http_call(app.port(), "POST", "/healthz", exact), 405);
}

TEST(http_server, garbage_request_line_is_400_json) {
    test_app app;
    http_connection conn(app.port());
    conn.send_raw("HELLO THERE\r\n\r\n");
    expect_json_error(conn.read_reply(), 400);
}

TEST(http_server, headers_over_the_limit_are_431_json) {
    test_app app;
    http_connection conn(app.port());
    const std::string raw =
        "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Padding: " + std::string(16 * 1024, 'p') +
        "\r\n\r\n";
    try {
        conn.send_raw(raw);
    } catch (const std::exception&) {
        // The server may close while we still send; the reply is already in our buffer.
    }
    expect_json_error(conn.read_reply(), 431);
}

TEST(http_server, keep_alive_serves_many_requests_on_one_connection) {
    test_app app;
    http_connection conn(app.port());
    for (int i = 0; i < 20; ++i) {
        auto reply = conn.request("GET", "/healthz");
        ASSERT_EQ(reply.status, 200);
        EXPECT_TRUE(reply.keep_alive);
    }
}

TEST(http_server, half_sent_request_is_cut_off_while_others_are_served) {
    test_app app{[](app::config& c) {
        c.server.header_timeout = std::chrono::milliseconds(300);
    }};
    http_connection slow(app.port());
    slow.send_raw("GET /healthz HTTP/1.1\r\nHost: x\r\n");  // never finishes its headers
    std::atomic<bool> slow_closed{false};
    std::thread watcher([&] {
        auto rest = slow.read_until_closed();
        slow_closed = rest.empty();  // closed without an answer
    });
    // Others keep being served while the slow client hangs.
    for (int i = 0; i < 5; ++i) {
        EXPECT_EQ(app.get("/healthz").status, 200);
    }
    watcher.join();  // bounded: the server's timeout closes it, our socket timeout is 10 s
    EXPECT_TRUE(slow_closed);
    // The stream's timer closes the socket before the session counts the timeout: the client
    // can see the close first, so the count is awaited, not read once.
    EXPECT_TRUE(wait_until([&] {
        auto scrape = parse_prometheus(app.get("/metrics").body);
        return scrape.value("zaedno_http_timeouts_total", {}) >= 1;
    }));
}

TEST(http_server, silent_connection_is_closed_after_idle_timeout) {
    test_app app{[](app::config& c) {
        c.server.idle_timeout = std::chrono::milliseconds(200);
    }};
    http_connection silent(app.port());
    EXPECT_EQ(silent.read_until_closed(), "");
}

TEST(http_server, many_concurrent_keep_alive_clients) {
    test_app app;
    constexpr int clients = 32;
    constexpr int requests = 25;
    std::atomic<int> ok{0};
    std::vector<std::thread> threads;
    for (int c = 0; c < clients; ++c) {
        threads.emplace_back([&] {
            http_connection conn(app.port());
            for (int i = 0; i < requests; ++i) {
                if (conn.request("GET", "/healthz").status == 200) {
                    ++ok;
                }
            }
        });
    }
    for (auto& t : threads) {
        t.join();
    }
    EXPECT_EQ(ok.load(), clients * requests);
    auto scrape = parse_prometheus(app.get("/metrics").body);
    EXPECT_EQ(
        scrape.value("zaedno_http_requests_total", {{"route", "/healthz"}, {"status", "200"}}),
        clients * requests
    );
}

net::awaitable<server::response> slow_answer(std::chrono::milliseconds delay) {
    net::steady_timer timer(co_await net::this_coro::executor);
    timer.expires_after(delay);
    co_await timer.async_wait(net::use_awaitable);
    co_return server::json_response(http::status::ok, {{"slow", true}});
}

TEST(http_server, shutdown_finishes_the_request_in_flight_then_refuses_new_ones) {
    std::atomic<bool> entered{false};
    test_app app{{}, [&](app::application& a) {
                     a.routes().add(http::verb::get, "/slow", [&](server::request_context&) {
                         entered = true;
                         return slow_answer(std::chrono::milliseconds(300));
                     });
                 }};
    http_reply reply;
    std::thread client([&] { reply = http_call(app.port(), "GET", "/slow"); });
    ASSERT_TRUE(wait_until([&] { return entered.load(); }));
    auto port = app.port();
    app.stop();
    client.join();
    EXPECT_EQ(reply.status, 200);
    EXPECT_FALSE(reply.keep_alive);  // told to close: the server is stopping
    EXPECT_ANY_THROW(http_call(port, "GET", "/healthz"));
}

TEST(http_server, shutdown_closes_idle_keep_alive_connections) {
    test_app app;
    http_connection idle(app.port());
    ASSERT_EQ(idle.request("GET", "/healthz").status, 200);
    std::string rest;
    std::thread reader([&] { rest = idle.read_until_closed(); });
    app.stop();  // must not wait for the 60 s idle timeout
    reader.join();
    EXPECT_EQ(rest, "");
}

}  // namespace
}  // namespace zaedno::test
