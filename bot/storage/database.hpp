// The storage thread: the only owner of the SQLite write connection. Coroutines hand it jobs
// and resume on their own executor once the job's group transaction has committed.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <exception>
#include <filesystem>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <type_traits>
#include <variant>

#include "bot/common/net.hpp"
#include "bot/storage/connection.hpp"
#include "bot/storage/migration.hpp"

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

struct database_stats {
    std::uint64_t jobs = 0;
    std::uint64_t batches = 0;
    std::uint64_t failed_commits = 0;
};

class database {
public:
    /// Opens the file, applies migrations (throws schema_too_new / storage_error) and starts
    /// the storage thread.
    explicit database(const std::filesystem::path& path);
    ~database();
    database(const database&) = delete;
    database& operator=(const database&) = delete;

    /// Runs job(connection&) on the storage thread. Jobs queued together share one
    /// transaction (group commit), each inside its own savepoint: a job that throws is rolled
    /// back alone and its exception is rethrown to its awaiter. The caller resumes only
    /// after the commit, so "answered" always means "durable".
    template <class F>
    net::awaitable<std::invoke_result_t<F&, connection&>> run(F job) {
        using result_type = std::invoke_result_t<F&, connection&>;
        using value_type = std::optional<detail::stored_t<result_type>>;
        auto initiation = [this](auto handler, F fn) {
            using job_type = detail::async_job<result_type, F, decltype(handler)>;
            enqueue(std::make_unique<job_type>(std::move(fn), std::move(handler)));
        };
        auto outcome = co_await net::
            async_initiate<const net::use_awaitable_t<>, void(std::exception_ptr, value_type)>(
                initiation, net::use_awaitable, std::move(job)
            );
        if constexpr (!std::is_void_v<result_type>) {
            co_return std::move(*outcome);
        }
    }

    /// Blocking variant for threads that are not event loops (CLI commands, start-up, tests).
    template <class F>
    std::invoke_result_t<F&, connection&> run_sync(F job) {
        using result_type = std::invoke_result_t<F&, connection&>;
        auto owned = std::make_unique<detail::sync_job<result_type, F>>(std::move(job));
        auto future = owned->future();
        enqueue(std::move(owned));
        if constexpr (std::is_void_v<result_type>) {
            future.get();
        } else {
            return future.get();
        }
    }

    /// Stops taking jobs, finishes those queued, checkpoints the WAL and closes the file.
    void close();

    std::size_t queue_depth() const { return depth_.load(std::memory_order_relaxed); }

    database_stats stats() const;

    const migration_outcome& schema() const { return schema_; }

    const std::filesystem::path& path() const { return path_; }

private:
    void enqueue(std::unique_ptr<detail::job_base> job);
    void worker();
    void run_batch(std::deque<std::unique_ptr<detail::job_base>>& batch);

    std::filesystem::path path_;
    std::optional<connection> conn_;
    migration_outcome schema_{};
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::unique_ptr<detail::job_base>> queue_;
    bool closing_ = false;
    std::atomic<std::size_t> depth_{0};
    std::atomic<std::uint64_t> jobs_{0};
    std::atomic<std::uint64_t> batches_{0};
    std::atomic<std::uint64_t> failed_commits_{0};
    std::thread thread_;
};

/// Thrown to a job's awaiter when the database is closing and the job was never run.
class database_closed : public std::runtime_error {
public:
    database_closed() : std::runtime_error("database is closed") {}
};

}  // namespace zaedno::storage
