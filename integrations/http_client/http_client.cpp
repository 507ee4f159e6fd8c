// Beast client: resolve, connect (TLS handshake with SNI and host-name check), write, read.
#include "integrations/http_client/http_client.hpp"

#include <variant>

#include <boost/asio/ssl.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/url/parse.hpp>
#include <openssl/ssl.h>

namespace zaedno::http_client {

using tls_stream = beast::ssl_stream<beast::tcp_stream>;

struct client::connection {
    std::string key;
    std::variant<beast::tcp_stream, tls_stream> stream;
    bool reused = false;

    beast::tcp_stream& tcp() {
        if (auto* plain = std::get_if<beast::tcp_stream>(&stream)) {
            return *plain;
        }
        return beast::get_lowest_layer(std::get<tls_stream>(stream));
    }
};

namespace {

struct split_url {
    std::string scheme;
    std::string host;
    std::string port;
    std::string target;
};

std::optional<split_url> split(const std::string& url) {
    auto parsed = boost::urls::parse_absolute_uri(url);
    if (!parsed) {
        return std::nullopt;
    }
    split_url out;
    out.scheme = parsed->scheme();
    if (out.scheme != "http" && out.scheme != "https") {
        return std::nullopt;
    }
    out.host = parsed->encoded_host();
    if (out.host.empty()) {
        return std::nullopt;
    }
    out.port =
        parsed->has_port() ? std::string(parsed->port()) : (out.scheme == "https" ? "443" : "80");
    out.target = parsed->encoded_path().empty() ? "/" : std::string(parsed->encoded_path());
    if (parsed->has_query()) {
        out.target += "?" + std::string(parsed->encoded_query());
    }
    return out;
}

template <class Stream>
net::awaitable<outbound_response> exchange(
    Stream& stream,
    beast::tcp_stream& tcp,
    http::request<http::string_body>& req,
    std::chrono::milliseconds timeout,
    std::size_t limit,
    bool& got_bytes
) {
    outbound_response out;
    tcp.expires_after(timeout);
    auto [wec, wn] = co_await http::async_write(stream, req, net::as_tuple(net::use_awaitable));
    if (wec) {
        out.ec = wec;
        co_return out;
    }
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(limit);
    auto [rec, rn] =
        co_await http::async_read(stream, buffer, parser, net::as_tuple(net::use_awaitable));
    got_bytes = rn > 0 || buffer.size() > 0;
    if (rec) {
        out.ec = rec;
        co_return out;
    }
    tcp.expires_never();
    auto res = parser.release();
    out.status = res.result_int();
    out.body = std::move(res.body());
    if (auto it = res.find(http::field::retry_after); it != res.end()) {
        try {
            out.retry_after_seconds = std::stol(std::string(it->value()));
        } catch (const std::exception&) {
            // An HTTP-date form is legal but neither platform sends it; ignore it.
        }
    }
    if (!res.keep_alive()) {
        out.ec = {};  // fine, but the connection must not be reused
        got_bytes = true;
        tcp.socket().close();
    }
    co_return out;
}

}  // namespace

client::client(client_options options)
    : options_(options), tls_(std::make_unique<net::ssl::context>(net::ssl::context::tls_client)) {
    tls_->set_default_verify_paths();
    tls_->set_options(
        net::ssl::context::default_workarounds | net::ssl::context::no_sslv2 |
        net::ssl::context::no_sslv3 | net::ssl::context::no_tlsv1 | net::ssl::context::no_tlsv1_1
    );
    tls_->set_verify_mode(options_.verify_peer ? net::ssl::verify_peer : net::ssl::verify_none);
}

client::~client() = default;

std::size_t client::idle_connections() const {
    std::lock_guard lock(mutex_);
    std::size_t n = 0;
    for (const auto& [key, list] : idle_) {
        n += list.size();
    }
    return n;
}

void client::give_back(std::unique_ptr<connection> conn) {
    if (!conn->tcp().socket().is_open()) {
        return;
    }
    std::lock_guard lock(mutex_);
    auto& list = idle_[conn->key];
    if (list.size() < options_.max_idle_per_host) {
        conn->reused = true;
        list.push_back(std::move(conn));
    }
}

net::awaitable<std::unique_ptr<client::connection>> client::take_or_connect(
    const std::string& scheme,
    const std::string& host,
    const std::string& port,
    boost::system::error_code& ec
) {
    auto key = scheme + "://" + host + ":" + port;
    {
        std::lock_guard lock(mutex_);
        auto& list = idle_[key];
        if (!list.empty()) {
            auto conn = std::move(list.back());
            list.pop_back();
            co_return conn;
        }
    }
    auto executor = co_await net::this_coro::executor;
    net::ip::tcp::resolver resolver(executor);
    auto [rec, endpoints] =
        co_await resolver.async_resolve(host, port, net::as_tuple(net::use_awaitable));
    if (rec) {
        ec = rec;
        co_return nullptr;
    }
    beast::tcp_stream tcp(executor);
    tcp.expires_after(options_.connect_timeout);
    auto [cec, ep] = co_await tcp.async_connect(endpoints, net::as_tuple(net::use_awaitable));
    if (cec) {
        ec = cec;
        co_return nullptr;
    }
    tcp.socket().set_option(net::ip::tcp::no_delay(true));
    std::unique_ptr<connection> conn;
    if (scheme == "https") {
        tls_stream tls(std::move(tcp), *tls_);
        // SNI, so hosts behind shared front ends present the right certificate.
        if (!SSL_set_tlsext_host_name(tls.native_handle(), host.c_str())) {
            ec = boost::system::error_code(
                static_cast<int>(::ERR_get_error()), net::error::get_ssl_category()
            );
            co_return nullptr;
        }
        if (options_.verify_peer) {
            tls.set_verify_callback(net::ssl::host_name_verification(host));
        }
        auto [hec] = co_await tls.async_handshake(
            net::ssl::stream_base::client, net::as_tuple(net::use_awaitable)
        );
        if (hec) {
            ec = hec;
            co_return nullptr;
        }
        conn = std::make_unique<connection>(connection{key, std::move(tls)});
    } else {
        conn = std::make_unique<connection>(connection{key, std::move(tcp)});
    }
    opened_.fetch_add(1);
    co_return conn;
}

net::awaitable<outbound_response> client::send(outbound_request req) {
    auto parts = split(req.url);
    if (!parts) {
        outbound_response bad;
        bad.ec = net::error::invalid_argument;
        co_return bad;
    }
    http::request<http::string_body> message{req.method, parts->target, 11};
    message.set(http::field::host, parts->host);
    message.set(http::field::user_agent, "zaedno/" ZAEDNO_VERSION);
    message.set(http::field::content_type, req.content_type);
    for (const auto& [name, value] : req.headers) {
        message.set(name, value);
    }
    message.body() = std::move(req.body);
    message.keep_alive(true);
    message.prepare_payload();

    for (int attempt = 0; attempt < 2; ++attempt) {
        boost::system::error_code ec;
        auto conn = co_await take_or_connect(parts->scheme, parts->host, parts->port, ec);
        if (!conn) {
            outbound_response failed;
            failed.ec = ec;
            co_return failed;
        }
        bool got_bytes = false;
        outbound_response out;
        if (auto* plain = std::get_if<beast::tcp_stream>(&conn->stream)) {
            out = co_await exchange(
                *plain,
                conn->tcp(),
                message,
                options_.request_timeout,
                options_.response_limit,
                got_bytes
            );
        } else {
            out = co_await exchange(
                std::get<tls_stream>(conn->stream),
                conn->tcp(),
                message,
                options_.request_timeout,
                options_.response_limit,
                got_bytes
            );
        }
        if (!out.ec) {
            give_back(std::move(conn));
            co_return out;
        }
        // A pooled connection the server closed while idle fails before any answer: the
        // request never reached the application, so one fresh attempt cannot double it.
        if (conn->reused && !got_bytes && attempt == 0) {
            continue;
        }
        co_return out;
    }
    outbound_response unreachable;
    unreachable.ec = net::error::connection_aborted;
    co_return unreachable;
}

}  // namespace zaedno::http_client
