// Beast's synchronous client, bounded by socket receive timeouts.
#include "tests/support/http_test_client.hpp"

#include <algorithm>
#include <cctype>
#include <sys/socket.h>
#include <sys/time.h>

#include "bot/common/net.hpp"

namespace zaedno::test {

struct http_connection::state {
    net::io_context ioc;
    net::ip::tcp::socket socket{ioc};
    beast::flat_buffer buffer;
};

http_connection::http_connection(std::uint16_t port, std::chrono::milliseconds timeout)
    : state_(std::make_unique<state>()) {
    state_->socket.connect({net::ip::make_address("127.0.0.1"), port});
    timeval tv{};
    tv.tv_sec = static_cast<long>(timeout.count() / 1000);
    tv.tv_usec = static_cast<long>((timeout.count() % 1000) * 1000);
    ::setsockopt(state_->socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(state_->socket.native_handle(), SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
}

http_connection::~http_connection() {
    boost::system::error_code ignored;
    state_->socket.shutdown(net::ip::tcp::socket::shutdown_both, ignored);
    state_->socket.close(ignored);
}

http_reply http_connection::request(
    const std::string& method,
    const std::string& target,
    const std::string& body,
    const header_list& headers
) {
    http::request<http::string_body> req{http::string_to_verb(method), target, 11};
    req.set(http::field::host, "127.0.0.1");
    for (const auto& [name, value] : headers) {
        req.set(name, value);
    }
    req.body() = body;
    req.prepare_payload();
    try {
        http::write(state_->socket, req);
    } catch (const boost::system::system_error&) {
        // A server may answer (413) and stop reading before the whole body went out; the
        // answer is still there to read.
        return read_reply();
    }
    return read_reply();
}

void http_connection::send_raw(const std::string& bytes) {
    net::write(state_->socket, net::buffer(bytes));
}

http_reply http_connection::read_reply() {
    http::response_parser<http::string_body> parser;
    parser.body_limit(64 * 1024 * 1024);
    http::read(state_->socket, state_->buffer, parser);
    auto res = parser.release();
    http_reply out;
    out.status = res.result_int();
    out.body = res.body();
    out.keep_alive = res.keep_alive();
    for (const auto& field : res) {
        std::string name(field.name_string());
        std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) {
            return static_cast<char>(std::tolower(c));
        });
        out.headers[name] = std::string(field.value());
    }
    return out;
}

std::string http_connection::read_until_closed() {
    std::string out(static_cast<const char*>(state_->buffer.data().data()), state_->buffer.size());
    state_->buffer.consume(state_->buffer.size());
    char chunk[4096];
    for (;;) {
        boost::system::error_code ec;
        auto n = state_->socket.read_some(net::buffer(chunk), ec);
        out.append(chunk, n);
        if (ec) {
            if (ec == net::error::eof || ec == net::error::connection_reset) {
                return out;
            }
            throw boost::system::system_error(ec, "read_until_closed");
        }
    }
}

http_reply http_call(
    std::uint16_t port,
    const std::string& method,
    const std::string& target,
    const std::string& body,
    const header_list& headers
) {
    http_connection conn(port);
    return conn.request(method, target, body, headers);
}

}  // namespace zaedno::test
