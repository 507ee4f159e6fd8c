// The storage thread's loop: take every queued job, run them in one transaction, then answer.
#include "bot/storage/database.hpp"

#include <spdlog/spdlog.h>
#include <sqlite3.h>

#include "bot/common/thread_name.hpp"
#include "bot/storage/commit_syncer.hpp"

namespace zaedno::storage {

namespace {

// Bounds one group transaction so a burst cannot hold the write lock for long.
constexpr std::size_t max_batch = 512;

}  // namespace

database::database(const std::filesystem::path& path) : path_(path) {
    conn_.emplace(connection::open(path, open_mode::read_write_create));
    schema_ = migrate(*conn_, embedded_migrations());
    enable_deferred_flush();
    thread_ = std::thread([this] {
        name_this_thread("zaedno-storage");
        worker();
    });
}

void database::enable_deferred_flush() {
    auto& mode = conn_->prepared("PRAGMA journal_mode");
    const bool wal = mode.step() && mode.text(0) == "wal";
    mode.reset();
    const char* wal_path = sqlite3_filename_wal(sqlite3_db_filename(conn_->handle(), "main"));
    if (!wal || wal_path == nullptr || *wal_path == '\0') {
        return;  // every COMMIT keeps waiting for the disk itself (synchronous = FULL)
    }
    // A commit now only writes the log; commit_syncer flushes it before anyone is answered,
    // which keeps "answered means durable" while the next batch already runs.
    conn_->exec("PRAGMA synchronous = NORMAL");
    syncer_ = std::make_unique<commit_syncer>(wal_path);
}

database::~database() {
    close();
}

void database::close() {
    {
        std::lock_guard lock(mutex_);
        if (closing_ && !thread_.joinable()) {
            return;
        }
        closing_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) {
        thread_.join();
    }
    syncer_.reset();  // answers the last batches once they are on disk
    if (const auto done = stats(); done.batches != 0) {
        spdlog::debug(
            "storage: {} jobs in {} group commits ({} failed)",
            done.jobs,
            done.batches,
            done.failed_commits
        );
    }
    if (conn_) {
        try {
            // Fold the WAL back into the main file so a copied .db is complete on its own.
            conn_->exec("PRAGMA wal_checkpoint(TRUNCATE)");
        } catch (const std::exception& e) {
            spdlog::warn("storage: checkpoint at close failed: {}", e.what());
        }
        conn_.reset();
    }
}

database_stats database::stats() const {
    return {jobs_.load(), batches_.load(), failed_commits_.load()};
}

void database::enqueue(std::unique_ptr<detail::job_base> job) {
    {
        std::lock_guard lock(mutex_);
        if (closing_) {
            job->fail(std::make_exception_ptr(database_closed{}));
            job->complete();
            return;
        }
        queue_.push_back(std::move(job));
        depth_.fetch_add(1, std::memory_order_relaxed);
    }
    wake_.notify_one();
}

void database::worker() {
    std::deque<std::unique_ptr<detail::job_base>> batch;
    for (;;) {
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return closing_ || !queue_.empty(); });
            if (queue_.empty()) {
                return;  // closing and drained
            }
            while (!queue_.empty() && batch.size() < max_batch) {
                batch.push_back(std::move(queue_.front()));
                queue_.pop_front();
            }
            depth_.fetch_sub(batch.size(), std::memory_order_relaxed);
        }
        run_batch(batch);
        batch.clear();
    }
}

void database::run_batch(std::deque<std::unique_ptr<detail::job_base>>& batch) {
    auto& db = *conn_;
    try {
        db.prepared("BEGIN IMMEDIATE").run();
    } catch (...) {
        auto error = std::current_exception();
        for (auto& job : batch) {
            job->fail(error);
        }
        failed_commits_.fetch_add(1, std::memory_order_relaxed);
        finish(batch, false);
        return;
    }
    const auto changes_before = sqlite3_total_changes64(db.handle());
    for (auto& job : batch) {
        job->execute(db);
    }
    bool committed = false;
    try {
        db.prepared("COMMIT").run();
        committed = true;
    } catch (const std::exception& e) {
        spdlog::error("storage: commit of {} jobs failed: {}", batch.size(), e.what());
        auto error = std::current_exception();
        try {
            if (db.in_transaction()) {
                db.exec("ROLLBACK");
            }
        } catch (...) {  // NOLINT(bugprone-empty-catch): the commit error is what we report
        }
        for (auto& job : batch) {
            job->fail(error);
        }
        failed_commits_.fetch_add(1, std::memory_order_relaxed);
    }
    jobs_.fetch_add(batch.size(), std::memory_order_relaxed);
    batches_.fetch_add(1, std::memory_order_relaxed);
    finish(batch, committed && sqlite3_total_changes64(db.handle()) != changes_before);
}

void database::finish(std::deque<std::unique_ptr<detail::job_base>>& batch, bool wrote) {
    if (syncer_) {
        syncer_->after_commit(std::exchange(batch, {}), wrote);
        return;
    }
    for (auto& job : batch) {
        job->complete();
    }
}

}  // namespace zaedno::storage
