// Group commit's second half: commits are written to the WAL without waiting for the disk,
// and this thread makes them durable (one fdatasync for every batch committed meanwhile)
// before their awaiters resume. The storage thread keeps running jobs during the flush.
#pragma once

#include <condition_variable>
#include <deque>
#include <filesystem>
#include <memory>
#include <mutex>
#include <thread>

#include "bot/storage/jobs.hpp"

namespace zaedno::storage {

class commit_syncer {
public:
    using batch = std::deque<std::unique_ptr<detail::job_base>>;

    /// Syncs the write-ahead log at wal_path (opened on first need: SQLite creates it lazily).
    explicit commit_syncer(std::filesystem::path wal_path);
    /// Finishes what is queued (one last flush), then stops.
    ~commit_syncer();
    commit_syncer(const commit_syncer&) = delete;
    commit_syncer& operator=(const commit_syncer&) = delete;

    /// Takes a batch after its COMMIT (or failed commit). Its jobs complete, in order, once
    /// the log is on disk up to this commit; `wrote` false (nothing changed, or the commit
    /// failed) needs no flush of its own but still waits for the batches before it, so no
    /// one acts on data read from a commit that is not yet durable.
    void after_commit(batch jobs, bool wrote);

private:
    void loop();
    /// fdatasync of the log; false (logged) when the disk refused, and then every job of the
    /// flushed batches fails: their data may not survive a power loss.
    bool flush();

    std::filesystem::path wal_path_;
    int wal_fd_ = -1;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<batch> pending_;
    bool pending_wrote_ = false;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace zaedno::storage
