// The open WebSockets of one kind (web chat, console): their hub wakes them all when there is
// news and closes them all at shutdown. A Connection has `ws` (a Beast websocket stream),
// `wake` (a zaedno::wakeup) and `closed` (a bool touched on its executor).
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "bot/common/net.hpp"

namespace zaedno::server {

template <class Connection>
class live_sockets {
public:
    /// Ends the socket's membership when the socket's coroutine frame ends.
    class [[nodiscard]] membership {
    public:
        membership(live_sockets& sockets, std::uint64_t id) : sockets_(sockets), id_(id) {}

        ~membership() { sockets_.remove(id_); }

        membership(const membership&) = delete;
        membership& operator=(const membership&) = delete;

    private:
        live_sockets& sockets_;
        std::uint64_t id_;
    };

    membership add(const std::shared_ptr<Connection>& conn) {
        auto id = ++next_id_;
        std::lock_guard lock(mutex_);
        live_[id] = conn;
        return membership(*this, id);
    }

    std::size_t size() const {
        std::lock_guard lock(mutex_);
        return live_.size();
    }

    /// Calls f with each open connection, under the registry's lock: keep f short.
    template <class F>
    void for_each(F&& f) const {
        std::lock_guard lock(mutex_);
        for (const auto& [id, weak] : live_) {
            if (auto conn = weak.lock()) {
                f(*conn);
            }
        }
    }

    /// Marks each connection closed, cancels its socket and wakes it, on its own executor.
    void close_all() {
        std::lock_guard lock(mutex_);
        for (const auto& [id, weak] : live_) {
            auto conn = weak.lock();
            if (!conn) {
                continue;
            }
            auto close = [conn] {
                conn->closed = true;
                beast::get_lowest_layer(conn->ws).cancel();
                conn->wake.notify();
            };
            net::post(conn->ws.get_executor(), close);
        }
    }

private:
    void remove(std::uint64_t id) {
        std::lock_guard lock(mutex_);
        live_.erase(id);
    }

    mutable std::mutex mutex_;
    std::unordered_map<std::uint64_t, std::weak_ptr<Connection>> live_;
    std::atomic<std::uint64_t> next_id_{0};
};

}  // namespace zaedno::server
