// A unit of work for the storage thread: run inside the batch's transaction, then handed to
// its awaiter (a coroutine's executor or a blocked thread) once the batch is durable.
#pragma once

#include <exception>
#include <future>
#include <optional>
#include <type_traits>
#include <variant>

#include "bot/common/net.hpp"
#include "bot/storage/connection.hpp"

namespace zaedno::storage {

namespace detail {

template <class R>
using stored_t = std::conditional_t<std::is_void_v<R>, std::monostate, R>;

class job_base {
public:
    virtual ~job_base() = default;
    /// Runs on the storage thread inside the batch's transaction; must not throw.
    virtual void execute(connection& db) noexcept = 0;
    /// Replaces the outcome with a failure (the batch's commit failed).
    virtual void fail(std::exception_ptr error) noexcept = 0;
    /// Hands the outcome to the waiting side; called after the batch committed.
    virtual void complete() noexcept = 0;
};

template <class R, class F>
class job_core : public job_base {
public:
    explicit job_core(F fn) : fn_(std::move(fn)) {}

    void execute(connection& db) noexcept override {
        try {
            savepoint sp{db};
            if constexpr (std::is_void_v<R>) {
                fn_(db);
                value_.emplace();
            } else {
                value_.emplace(fn_(db));
            }
            sp.release();
        } catch (...) {
            value_.reset();
            error_ = std::current_exception();
        }
    }

    void fail(std::exception_ptr error) noexcept override {
        value_.reset();
        error_ = std::move(error);
    }

protected:
    F fn_;
    std::optional<stored_t<R>> value_;
    std::exception_ptr error_;
};

template <class R, class F, class Handler>
class async_job final : public job_core<R, F> {
public:
    async_job(F fn, Handler handler)
        : job_core<R, F>(std::move(fn)),
          handler_(std::move(handler)),
          work_(net::prefer(
              net::get_associated_executor(handler_), net::execution::outstanding_work.tracked
          )) {}

    void complete() noexcept override {
        auto handler = std::move(handler_);
        auto error = std::move(this->error_);
        auto value = std::move(this->value_);
        auto finish =
            [h = std::move(handler), e = std::move(error), v = std::move(value)]() mutable {
                std::move(h)(e, std::move(v));
            };
        net::post(work_, std::move(finish));
    }

private:
    Handler handler_;
    std::decay_t<decltype(net::prefer(
        std::declval<net::associated_executor_t<Handler>>(),
        net::execution::outstanding_work.tracked
    ))>
        work_;
};

template <class R, class F>
class sync_job final : public job_core<R, F> {
public:
    using job_core<R, F>::job_core;

    std::future<stored_t<R>> future() { return promise_.get_future(); }

    void complete() noexcept override {
        if (this->error_) {
            promise_.set_exception(this->error_);
        } else {
            promise_.set_value(std::move(*this->value_));
        }
    }

private:
    std::promise<stored_t<R>> promise_;
};

}  // namespace detail

}  // namespace zaedno::storage
