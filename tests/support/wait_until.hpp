// Polls a condition with a deadline: tests wait for effects, never sleep a fixed time.
#pragma once

#include <chrono>
#include <thread>

namespace zaedno::test {

template <class Predicate>
bool wait_until(Predicate done, std::chrono::milliseconds limit = std::chrono::seconds(10)) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
        if (done()) {
            return true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return done();
}

}  // namespace zaedno::test
