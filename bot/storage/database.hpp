// The storage thread: the only owner of the SQLite write connection. Coroutines hand it jobs
// and resume on their own executor once the job's group transaction is committed and on disk.
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
#include "bot/storage/jobs.hpp"
#include "bot/storage/migration.hpp"

namespace zaedno::storage {

class commit_syncer;

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
    void enable_deferred_flush();
    /// Hands a finished batch's jobs to their awaiters: through the syncer when there is one.
    void finish(std::deque<std::unique_ptr<detail::job_base>>& batch, bool wrote);

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
    // Set when the database runs in WAL mode: commits do not wait for the disk, this does.
    std::unique_ptr<commit_syncer> syncer_;
    std::thread thread_;
};

/// Thrown to a job's awaiter when the database is closing and the job was never run.
class database_closed : public std::runtime_error {
public:
    database_closed() : std::runtime_error("database is closed") {}
};

}  // namespace zaedno::storage
