// Beast's synchronous WebSocket client.
#include "tests/support/websocket_test_client.hpp"

#include <sys/socket.h>
#include <sys/time.h>

#include <boost/beast/websocket.hpp>

#include "bot/common/net.hpp"

namespace zaedno::test {

struct websocket_client::state {
    net::io_context ioc;
    beast::websocket::stream<net::ip::tcp::socket> ws{ioc};
};

websocket_client::websocket_client(std::uint16_t port, const std::string& target)
    : state_(std::make_unique<state>()) {
    auto& socket = state_->ws.next_layer();
    socket.connect({net::ip::make_address("127.0.0.1"), port});
    timeval tv{10, 0};
    ::setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    state_->ws.handshake("127.0.0.1", target);
}

websocket_client::~websocket_client() {
    boost::system::error_code ignored;
    state_->ws.next_layer().close(ignored);
}

void websocket_client::send(const std::string& frame) {
    state_->ws.text(true);
    state_->ws.write(net::buffer(frame));
}

std::string websocket_client::receive() {
    beast::flat_buffer buffer;
    state_->ws.read(buffer);
    return beast::buffers_to_string(buffer.data());
}

void websocket_client::close() {
    state_->ws.close(beast::websocket::close_code::normal);
}

}  // namespace zaedno::test
