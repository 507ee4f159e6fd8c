// An executor-bound signal: notify() from anywhere, wait_until() from the coroutine running on
// that executor (a strand). A notify that arrives while nobody waits is remembered, so no
// wake-up is lost.
#pragma once

#include <chrono>
#include <memory>

#include "bot/common/net.hpp"

namespace zaedno {

class wakeup {
public:
    explicit wakeup(net::any_io_executor strand)
        : state_(std::make_shared<state>(std::move(strand))) {}

    void notify() {
        // The posted signal owns the state: the object holding this wakeup may be gone (a
        // closed web-chat socket) before the signal runs.
        auto signal = [s = state_] {
            s->pending = true;
            s->timer.cancel();
        };
        net::post(state_->timer.get_executor(), signal);
    }

    /// Returns at the deadline or at the first notify, whichever comes first.
    net::awaitable<void> wait_until(std::chrono::steady_clock::time_point deadline) {
        auto s = state_;
        if (!s->pending) {
            s->timer.expires_at(deadline);
            co_await s->timer.async_wait(net::as_tuple(net::use_awaitable));
        }
        s->pending = false;
    }

    net::any_io_executor strand() { return state_->timer.get_executor(); }

private:
    struct state {
        explicit state(net::any_io_executor ex) : timer(std::move(ex)) {}

        net::steady_timer timer;
        bool pending = false;
    };

    std::shared_ptr<state> state_;
};

}  // namespace zaedno
