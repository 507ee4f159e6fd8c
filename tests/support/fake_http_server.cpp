// Beast coroutine server on its own io_context thread.
#include "tests/support/fake_http_server.hpp"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <thread>

#include "bot/common/net.hpp"
#include "tests/support/wait_until.hpp"

namespace zaedno::test {

scripted_reply json_reply(unsigned status, std::string body) {
    scripted_reply r;
    r.status = status;
    r.body = std::move(body);
    return r;
}

struct fake_http_server::impl {
    net::io_context ioc;
    net::ip::tcp::acceptor acceptor{ioc};
    std::thread thread;
    mutable std::mutex mutex;
    responder respond;
    std::vector<recorded_request> seen;
    std::atomic<std::size_t> connections{0};

    scripted_reply answer(const recorded_request& req) {
        responder r;
        {
            std::lock_guard lock(mutex);
            seen.push_back(req);
            r = respond;
        }
        return r ? r(req) : scripted_reply{};
    }
};

namespace {

void ignore_error(std::exception_ptr) {}

net::awaitable<void> serve_one(fake_http_server::impl& self, net::ip::tcp::socket socket) {
    beast::tcp_stream stream(std::move(socket));
    beast::flat_buffer buffer;
    for (;;) {
        http::request_parser<http::string_body> parser;
        parser.body_limit(64 * 1024 * 1024);
        auto [ec, n] =
            co_await http::async_read(stream, buffer, parser, net::as_tuple(net::use_awaitable));
        if (ec) {
            co_return;
        }
        auto req = parser.release();
        recorded_request rec;
        rec.method = std::string(req.method_string());
        rec.target = std::string(req.target());
        rec.body = req.body();
        for (const auto& field : req) {
            std::string name(field.name_string());
            std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) {
                return static_cast<char>(std::tolower(c));
            });
            rec.headers[name] = std::string(field.value());
        }
        auto reply = self.answer(rec);
        if (reply.delay.count() > 0) {
            net::steady_timer timer(stream.get_executor());
            timer.expires_after(reply.delay);
            co_await timer.async_wait(net::as_tuple(net::use_awaitable));
        }
        if (reply.drop_connection) {
            stream.socket().close();
            co_return;
        }
        http::response<http::string_body> res{static_cast<http::status>(reply.status), 11};
        res.set(http::field::content_type, "application/json");
        for (const auto& [k, v] : reply.headers) {
            res.set(k, v);
        }
        res.body() = reply.body;
        res.keep_alive(req.keep_alive() && !reply.close_after);
        res.prepare_payload();
        auto [wec, wn] = co_await http::async_write(stream, res, net::as_tuple(net::use_awaitable));
        if (wec || !res.keep_alive()) {
            boost::system::error_code ignored;
            stream.socket().shutdown(net::ip::tcp::socket::shutdown_send, ignored);
            co_return;
        }
    }
}

net::awaitable<void> accept_all(fake_http_server::impl& self) {
    for (;;) {
        auto [ec, socket] = co_await self.acceptor.async_accept(net::as_tuple(net::use_awaitable));
        if (ec) {
            co_return;
        }
        ++self.connections;
        net::co_spawn(self.ioc, serve_one(self, std::move(socket)), ignore_error);
    }
}

}  // namespace

fake_http_server::fake_http_server(responder respond) : impl_(std::make_unique<impl>()) {
    impl_->respond = std::move(respond);
    net::ip::tcp::endpoint where{net::ip::make_address("127.0.0.1"), 0};
    impl_->acceptor.open(where.protocol());
    impl_->acceptor.bind(where);
    impl_->acceptor.listen();
    net::co_spawn(impl_->ioc, accept_all(*impl_), ignore_error);
    impl_->thread = std::thread([this] { impl_->ioc.run(); });
}

fake_http_server::~fake_http_server() {
    impl_->ioc.stop();
    impl_->thread.join();
}

std::uint16_t fake_http_server::port() const {
    return impl_->acceptor.local_endpoint().port();
}

std::string fake_http_server::base_url() const {
    return "http://127.0.0.1:" + std::to_string(port());
}

std::vector<recorded_request> fake_http_server::requests() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->seen;
}

std::size_t fake_http_server::request_count() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->seen.size();
}

std::size_t fake_http_server::connections_accepted() const {
    return impl_->connections.load();
}

bool fake_http_server::wait_for_requests(std::size_t n, std::chrono::milliseconds limit) const {
    return wait_until([&] { return request_count() >= n; }, limit);
}

void fake_http_server::set_responder(responder respond) {
    std::lock_guard lock(impl_->mutex);
    impl_->respond = std::move(respond);
}

}  // namespace zaedno::test
