// The flush thread behind group commit (see commit_syncer.hpp).
#include "bot/storage/commit_syncer.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <stdexcept>
#include <unistd.h>

#include <spdlog/spdlog.h>

#include "bot/common/thread_name.hpp"

namespace zaedno::storage {

commit_syncer::commit_syncer(std::filesystem::path wal_path)
    : wal_path_(std::move(wal_path)), thread_([this] {
          name_this_thread("zaedno-flush");
          loop();
      }) {}

commit_syncer::~commit_syncer() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    thread_.join();
    if (wal_fd_ >= 0) {
        ::close(wal_fd_);
    }
}

void commit_syncer::after_commit(batch jobs, bool wrote) {
    {
        std::lock_guard lock(mutex_);
        pending_.push_back(std::move(jobs));
        pending_wrote_ = pending_wrote_ || wrote;
    }
    wake_.notify_one();
}

bool commit_syncer::flush() {
    if (wal_fd_ < 0) {
        wal_fd_ = ::open(wal_path_.c_str(), O_RDONLY | O_CLOEXEC);
        if (wal_fd_ < 0) {
            spdlog::critical(
                "storage: cannot open {} to flush it: {}", wal_path_.string(), std::strerror(errno)
            );
            return false;
        }
    }
    if (::fdatasync(wal_fd_) != 0) {
        // After a failed flush the kernel may have dropped the dirty pages: nothing written
        // since the last good flush can be called durable (a retry would falsely succeed).
        spdlog::critical(
            "storage: flushing {} failed: {}", wal_path_.string(), std::strerror(errno)
        );
        return false;
    }
    return true;
}

void commit_syncer::loop() {
    for (;;) {
        std::deque<batch> ready;
        bool wrote = false;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !pending_.empty(); });
            if (pending_.empty()) {
                return;
            }
            ready.swap(pending_);
            wrote = std::exchange(pending_wrote_, false);
        }
        const bool durable = !wrote || flush();
        for (auto& jobs : ready) {
            for (auto& job : jobs) {
                if (!durable) {
                    job->fail(std::make_exception_ptr(
                        std::runtime_error("the database could not be flushed to disk")
                    ));
                }
                job->complete();
            }
        }
    }
}

}  // namespace zaedno::storage
