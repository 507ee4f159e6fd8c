// An executor-bound signal: notify() from anywhere, wait_until() from the coroutine running on
// that executor (a strand). A notify that arrives while nobody waits is remembered, so no
// wake-up is lost.
#pragma once

#include <chrono>

#include "bot/common/net.hpp"

namespace zaedno {

class wakeup {
public:
    explicit wakeup(net::any_io_executor strand) : timer_(std::move(strand)) {}

    void notify() {
        auto signal = [this] {
            pending_ = true;
            timer_.cancel();
        };
        net::post(timer_.get_executor(), signal);
    }

    /// Returns at the deadline or at the first notify, whichever comes first.
    net::awaitable<void> wait_until(std::chrono::steady_clock::time_point deadline) {
        if (!pending_) {
            timer_.expires_at(deadline);
            co_await timer_.async_wait(net::as_tuple(net::use_awaitable));
        }
        pending_ = false;
    }

    net::any_io_executor strand() { return timer_.get_executor(); }

private:
    net::steady_timer timer_;
    bool pending_ = false;
};

}  // namespace zaedno
