// A scriptable HTTP server on 127.0.0.1:0 standing in for the Telegram and Viber clouds.
// It records every request; a responder decides each answer (status, body, delay, or a
// dropped connection). The responder runs on the server's own thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace zaedno::test {

struct recorded_request {
    std::string method;
    std::string target;
    std::map<std::string, std::string> headers;  // names lower-cased
    std::string body;
};

struct scripted_reply {
    unsigned status = 200;
    std::string body = R"({"ok":true,"result":{}})";
    std::vector<std::pair<std::string, std::string>> headers;
    std::chrono::milliseconds delay{0};
    bool drop_connection = false;  // close without answering
    bool close_after = false;      // answer, then close the connection
};

scripted_reply json_reply(unsigned status, std::string body);

class fake_http_server {
public:
    using responder = std::function<scripted_reply(const recorded_request&)>;

    explicit fake_http_server(responder respond = {});
    ~fake_http_server();
    fake_http_server(const fake_http_server&) = delete;
    fake_http_server& operator=(const fake_http_server&) = delete;

    std::uint16_t port() const;
    std::string base_url() const;  // http://127.0.0.1:PORT
    std::vector<recorded_request> requests() const;
    std::size_t request_count() const;
    std::size_t connections_accepted() const;
    /// Bounded wait until at least n requests arrived.
    bool wait_for_requests(
        std::size_t n, std::chrono::milliseconds limit = std::chrono::seconds(10)
    ) const;
    void set_responder(responder respond);

    struct impl;

private:
    std::unique_ptr<impl> impl_;
};

}  // namespace zaedno::test
