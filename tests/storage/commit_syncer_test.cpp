// Group commit's flush stage: jobs are answered only after the log is flushed, in commit
// order, and fail when the flush is impossible; the database uses it in WAL mode.
#include "bot/storage/commit_syncer.hpp"

#include <fstream>
#include <future>
#include <memory>

#include <gtest/gtest.h>

#include "bot/storage/database.hpp"
#include "tests/support/temp_dir.hpp"

namespace zaedno::storage {
namespace {

using int_job = detail::sync_job<int, std::function<int(connection&)>>;

/// A job already run on a real connection, as the storage thread leaves it before answering.
std::unique_ptr<int_job> executed_job(connection& db, int value) {
    auto job = std::make_unique<int_job>([value](connection&) { return value; });
    job->execute(db);
    return job;
}

commit_syncer::batch batch_of(std::unique_ptr<int_job> job) {
    commit_syncer::batch b;
    b.push_back(std::move(job));
    return b;
}

TEST(commit_syncer, answers_jobs_after_flushing_the_log_in_commit_order) {
    test::temp_dir dir;
    auto db = connection::open(dir.path() / "z.db", open_mode::read_write_create);
    std::ofstream(dir.path() / "z.db-wal") << "frames";
    auto first = executed_job(db, 1);
    auto second = executed_job(db, 2);
    auto first_answer = first->future();
    auto second_answer = second->future();
    {
        commit_syncer syncer(dir.path() / "z.db-wal");
        syncer.after_commit(batch_of(std::move(first)), true);
        syncer.after_commit(batch_of(std::move(second)), false);
        EXPECT_EQ(first_answer.get(), 1);
        EXPECT_EQ(second_answer.get(), 2);
    }
}

TEST(commit_syncer, fails_written_jobs_when_the_log_cannot_be_flushed) {
    test::temp_dir dir;
    auto db = connection::open(dir.path() / "z.db", open_mode::read_write_create);
    auto written = executed_job(db, 7);
    auto answer = written->future();
    commit_syncer syncer(dir.path() / "missing" / "z.db-wal");
    syncer.after_commit(batch_of(std::move(written)), true);
    EXPECT_THROW(answer.get(), std::runtime_error);
}

TEST(commit_syncer, a_batch_that_wrote_nothing_needs_no_flush) {
    test::temp_dir dir;
    auto db = connection::open(dir.path() / "z.db", open_mode::read_write_create);
    auto read_only = executed_job(db, 3);
    auto answer = read_only->future();
    commit_syncer syncer(dir.path() / "missing" / "z.db-wal");
    syncer.after_commit(batch_of(std::move(read_only)), false);
    EXPECT_EQ(answer.get(), 3);
}

TEST(commit_syncer, queued_batches_are_answered_when_it_stops) {
    test::temp_dir dir;
    auto db = connection::open(dir.path() / "z.db", open_mode::read_write_create);
    std::ofstream(dir.path() / "z.db-wal") << "frames";
    std::vector<std::future<int>> answers;
    {
        commit_syncer syncer(dir.path() / "z.db-wal");
        for (int i = 0; i < 50; ++i) {
            auto job = executed_job(db, i);
            answers.push_back(job->future());
            syncer.after_commit(batch_of(std::move(job)), true);
        }
    }
    for (int i = 0; i < 50; ++i) {
        EXPECT_EQ(answers[static_cast<std::size_t>(i)].get(), i);
    }
}

TEST(commit_syncer, the_database_flushes_the_log_itself_and_commits_without_waiting) {
    test::temp_dir dir;
    database db(dir.path() / "z.db");
    auto synchronous = db.run_sync([](connection& c) {
        auto& st = c.prepared("PRAGMA synchronous");
        st.step();
        auto level = st.int64(0);
        st.reset();
        return level;
    });
    EXPECT_EQ(synchronous, 1);  // NORMAL: the commit writes the log, commit_syncer flushes it
    db.run_sync([](connection& c) { c.exec("CREATE TABLE t (v INTEGER)"); });
    db.run_sync([](connection& c) { c.exec("INSERT INTO t VALUES (42)"); });
    db.close();
    auto reopened = connection::open(dir.path() / "z.db", open_mode::read_only);
    auto& st = reopened.prepared("SELECT v FROM t");
    ASSERT_TRUE(st.step());
    EXPECT_EQ(st.int64(0), 42);
    st.reset();
}

}  // namespace
}  // namespace zaedno::storage
