// The listener and the HTTP/1.1 session loop (keep-alive, limits, timeouts, graceful close).
#include "bot/server/http_server.hpp"

#include <array>
#include <optional>
#include <utility>

#include <boost/beast/websocket/rfc6455.hpp>
#include <spdlog/spdlog.h>

#include "bot/common/log_failure.hpp"
#include "bot/server/request_id.hpp"
#include "bot/server/responses.hpp"

namespace zaedno::server {

struct http_server::session_handle {
    explicit session_handle(net::ip::tcp::socket socket) : stream(std::move(socket)) {}

    beast::tcp_stream stream;
    bool busy = false;  // touched only on the session's strand
};

namespace {

/// Writes one response; true when the connection stays open for another request.
net::awaitable<bool> write_response(
    beast::tcp_stream& stream, response res, bool keep_alive, std::chrono::milliseconds timeout
) {
    res.keep_alive(keep_alive);
    stream.expires_after(timeout);
    auto [ec, n] = co_await http::async_write(stream, res, net::as_tuple(net::use_awaitable));
    co_return !ec && keep_alive;
}

/// Answers a request we will not serve, then closes the way nginx's lingering close does:
/// stop sending and read what the client still sends for a moment, so the kernel does not
/// reset the connection and destroy the answer before the client has read it.
net::awaitable<void> refuse(
    beast::tcp_stream& stream,
    http::status status,
    std::string_view message,
    std::chrono::milliseconds write_timeout
) {
    co_await write_response(stream, json_error(status, message), false, write_timeout);
    boost::system::error_code ignored;
    stream.socket().shutdown(net::ip::tcp::socket::shutdown_send, ignored);
    stream.expires_after(std::chrono::seconds(2));
    std::array<char, 16384> sink{};
    std::size_t drained = 0;
    while (drained < 4 * 1024 * 1024) {
        auto [ec, n] =
            co_await stream.async_read_some(net::buffer(sink), net::as_tuple(net::use_awaitable));
        if (ec) {
            break;
        }
        drained += n;
    }
}

bool is_quiet_close(const boost::system::error_code& ec) {
    return ec == http::error::end_of_stream || ec == net::error::eof ||
           ec == net::error::connection_reset || ec == net::error::operation_aborted ||
           ec == net::error::bad_descriptor || ec == beast::error::timeout ||
           ec == net::error::broken_pipe;
}

/// The answer to a request that could not be read; none when the client closed or timed out.
std::optional<std::pair<http::status, std::string_view>> refusal_for(
    const boost::system::error_code& ec
) {
    if (ec == http::error::body_limit) {
        return std::pair{http::status::payload_too_large, "request body over 1 MiB"};
    }
    if (ec == http::error::header_limit) {
        return std::pair{http::status::request_header_fields_too_large, "headers too large"};
    }
    if (is_quiet_close(ec)) {
        return std::nullopt;
    }
    return std::pair{http::status::bad_request, "malformed HTTP request"};
}

}  // namespace

net::awaitable<void> http_server::end_after_read_error(
    beast::tcp_stream& stream, const boost::system::error_code& ec
) {
    if (ec == beast::error::timeout) {
        timeouts_total_.inc();
    }
    if (const auto refusal = refusal_for(ec)) {
        co_await refuse(stream, refusal->first, refusal->second, limits_.write_timeout);
    }
}

http_server::http_server(
    net::io_context& ioc, router& routes, server_limits limits, metrics::registry& m
)
    : ioc_(ioc),
      routes_(routes),
      limits_(limits),
      acceptor_(net::make_strand(ioc)),
      connections_total_(m.get_counter("zaedno_http_connections_total", "Connections accepted")),
      timeouts_total_(m.get_counter(
          "zaedno_http_timeouts_total", "Connections closed because the client was too slow"
      )) {
    m.add_gauge("zaedno_http_open_connections", "Connections open now", {}, [this] {
        return static_cast<double>(sessions_.load());
    });
}

http_server::~http_server() = default;

void http_server::set_upgrade(std::string path, upgrade_handler on_upgrade) {
    upgrades_[std::move(path)] = std::move(on_upgrade);
}

void http_server::start(const net::ip::tcp::endpoint& where) {
    acceptor_.open(where.protocol());
    acceptor_.set_option(net::socket_base::reuse_address(true));
    acceptor_.bind(where);
    acceptor_.listen(net::socket_base::max_listen_connections);
    bound_ = acceptor_.local_endpoint();
    net::co_spawn(
        acceptor_.get_executor(), accept_loop(), log_failure("http: accept loop stopped")
    );
}

void http_server::begin_shutdown() {
    if (stopping_.exchange(true)) {
        return;
    }
    net::post(acceptor_.get_executor(), [this] {
        boost::system::error_code ignored;
        acceptor_.close(ignored);
    });
    std::lock_guard lock(registry_mutex_);
    for (auto& [id, weak] : registry_) {
        auto handle = weak.lock();
        if (!handle) {
            continue;
        }
        // Runs on the session's strand, so it sees `busy` consistently: idle connections go
        // now, busy ones finish their response with Connection: close.
        auto close_if_idle = [handle] {
            if (!handle->busy) {
                boost::system::error_code ignored;
                handle->stream.socket().shutdown(net::ip::tcp::socket::shutdown_both, ignored);
                handle->stream.cancel();
            }
        };
        net::post(handle->stream.get_executor(), close_if_idle);
    }
}

net::awaitable<void> http_server::accept_loop() {
    std::uint64_t next_id = 0;
    while (!stopping_) {
        auto [ec, socket] = co_await acceptor_.async_accept(
            net::make_strand(ioc_), net::as_tuple(net::use_awaitable)
        );
        if (ec) {
            if (stopping_ || ec == net::error::operation_aborted) {
                break;
            }
            spdlog::warn("http: accept failed: {}", ec.message());
            continue;
        }
        connections_total_.inc();
        auto executor = socket.get_executor();
        net::co_spawn(
            executor,
            run_session(std::move(socket), ++next_id),
            log_failure("http: session ended by error", spdlog::level::warn)
        );
    }
}

net::awaitable<void> http_server::run_session(net::ip::tcp::socket socket, std::uint64_t id) {
    auto handle = std::make_shared<session_handle>(std::move(socket));
    sessions_.fetch_add(1);
    {
        std::lock_guard lock(registry_mutex_);
        registry_[id] = handle;
    }
    try {
        co_await serve_requests(handle);
    } catch (...) {
        std::lock_guard lock(registry_mutex_);
        registry_.erase(id);
        sessions_.fetch_sub(1);
        throw;
    }
    std::lock_guard lock(registry_mutex_);
    registry_.erase(id);
    sessions_.fetch_sub(1);
}

net::awaitable<void> http_server::serve_requests(std::shared_ptr<session_handle> handle) {
    auto& stream = handle->stream;
    beast::flat_buffer buffer;
    boost::system::error_code peer_ec;
    auto remote = stream.socket().remote_endpoint(peer_ec).address();

    for (;;) {
        if (stopping_) {
            break;
        }
        // Waiting for a next request is cheap and may be long; once its first byte arrives,
        // the whole header must follow within header_timeout.
        if (buffer.size() == 0) {
            stream.expires_after(limits_.idle_timeout);
            auto [ec, n] = co_await stream.async_read_some(
                buffer.prepare(4096), net::as_tuple(net::use_awaitable)
            );
            if (ec) {
                if (ec == beast::error::timeout) {
                    timeouts_total_.inc();
                }
                break;
            }
            buffer.commit(n);
        }
        http::request_parser<http::string_body> parser;
        parser.header_limit(static_cast<std::uint32_t>(limits_.header_limit));
        parser.body_limit(limits_.body_limit);
        stream.expires_after(limits_.header_timeout);
        auto [hec, hn] = co_await http::async_read_header(
            stream, buffer, parser, net::as_tuple(net::use_awaitable)
        );
        if (hec) {  // body_limit here: a declared Content-Length over the limit
            co_await end_after_read_error(stream, hec);
            break;
        }
        stream.expires_after(limits_.body_timeout);
        auto [bec, bn] =
            co_await http::async_read(stream, buffer, parser, net::as_tuple(net::use_awaitable));
        if (bec) {
            co_await end_after_read_error(stream, bec);
            break;
        }
        stream.expires_never();
        handle->busy = true;
        auto upgrade = upgrades_.end();
        if (beast::websocket::is_upgrade(parser.get())) {
            auto target = parser.get().target();
            upgrade = upgrades_.find(target.substr(0, target.find('?')));
        }
        if (upgrade != upgrades_.end()) {
            // The socket now belongs to the upgrade handler; busy keeps shutdown's idle sweep
            // away from it (the handler closes its own sockets).
            co_await upgrade->second(std::move(stream), parser.release());
            co_return;
        }
        request_context ctx;
        ctx.req = parser.release();
        ctx.remote = remote;
        ctx.request_id = request_id_for(ctx.req["X-Request-Id"]);
        auto started = std::chrono::steady_clock::now();
        bool keep_alive = ctx.req.keep_alive();
        auto method = ctx.req.method();
        auto version = ctx.req.version();
        response res = co_await routes_.dispatch(ctx);
        res.version(version);
        res.set("X-Request-Id", ctx.request_id);
        if (method == http::verb::head) {
            res.body().clear();
        }
        auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                          std::chrono::steady_clock::now() - started
        )
                          .count();
        // The route pattern, never the raw path: paths and queries may carry personal data.
        spdlog::info(
            "req={} {} {} -> {} {}us",
            ctx.request_id,
            std::string(http::to_string(method)),
            ctx.route.empty() ? "(unmatched)" : ctx.route,
            res.result_int(),
            micros
        );
        handle->busy = false;
        bool keep_going = co_await write_response(
            stream, std::move(res), keep_alive && !stopping_, limits_.write_timeout
        );
        if (!keep_going) {
            break;
        }
    }
    boost::system::error_code ignored;
    stream.socket().shutdown(net::ip::tcp::socket::shutdown_send, ignored);
}

}  // namespace zaedno::server
