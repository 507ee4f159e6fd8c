// The storage thread: group commit, per-job rollback, awaitable jobs, close.
#include "bot/storage/database.hpp"

#include <atomic>
#include <thread>

#include <gtest/gtest.h>

#include "tests/support/temp_dir.hpp"

namespace zaedno::storage {
namespace {

std::int64_t count_rows(database& db) {
    auto job = [](connection& c) {
        auto& st = c.prepared("SELECT count(*) FROM t");
        st.step();
        auto n = st.int64(0);
        st.reset();
        return n;
    };
    return db.run_sync(job);
}

void create_table(database& db) {
    auto job = [](connection& c) {
        c.exec("CREATE TABLE IF NOT EXISTS t (v INTEGER NOT NULL)");
    };
    db.run_sync(job);
}

TEST(database, opens_in_wal_mode_with_foreign_keys_and_current_schema) {
    test::temp_dir dir;
    database db(dir.path() / "z.db");
    auto job = [](connection& c) {
        auto& mode = c.prepared("PRAGMA journal_mode");
        mode.step();
        auto journal = mode.text(0);
        mode.reset();
        auto& fk = c.prepared("PRAGMA foreign_keys");
        fk.step();
        auto foreign = fk.int64(0);
        fk.reset();
        return std::make_pair(journal, foreign);
    };
    auto [journal, foreign] = db.run_sync(job);
    EXPECT_EQ(journal, "wal");
    EXPECT_EQ(foreign, 1);
    EXPECT_EQ(db.schema().to_version, embedded_migrations().back().number);
}

TEST(database, a_failing_job_rolls_back_alone) {
    test::temp_dir dir;
    database db(dir.path() / "z.db");
    create_table(db);
    auto good = [](connection& c) {
        c.prepared("INSERT INTO t VALUES (1)").run();
    };
    auto bad = [](connection& c) {
        c.prepared("INSERT INTO t VALUES (2)").run();
        throw std::runtime_error("job failed after writing");
    };
    db.run_sync(good);
    EXPECT_THROW(db.run_sync(bad), std::runtime_error);
    db.run_sync(good);
    EXPECT_EQ(count_rows(db), 2);
}

TEST(database, concurrent_jobs_from_many_threads_all_commit) {
    test::temp_dir dir;
    database db(dir.path() / "z.db");
    create_table(db);
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
        threads.emplace_back([&db] {
            for (int i = 0; i < 100; ++i) {
                auto insert = [i](connection& c) {
                    c.prepared("INSERT INTO t VALUES (?)").bind(1, i).run();
                };
                db.run_sync(insert);
            }
        });
    }
    for (auto& t : threads) {
        t.join();
    }
    EXPECT_EQ(count_rows(db), 800);
    EXPECT_GE(db.stats().jobs, 800U);
}

net::awaitable<std::int64_t> insert_then_count(database& db) {
    auto insert = [](connection& c) {
        c.prepared("INSERT INTO t VALUES (7)").run();
    };
    co_await db.run(insert);
    auto count = [](connection& c) {
        auto& st = c.prepared("SELECT count(*) FROM t");
        st.step();
        auto n = st.int64(0);
        st.reset();
        return n;
    };
    co_return co_await db.run(count);
}

TEST(database, coroutine_jobs_resume_on_their_executor_after_commit) {
    test::temp_dir dir;
    database db(dir.path() / "z.db");
    create_table(db);
    net::io_context ioc;
    std::int64_t seen = -1;
    auto done = [&seen](std::exception_ptr e, std::int64_t n) {
        if (!e) {
            seen = n;
        }
    };
    net::co_spawn(ioc, insert_then_count(db), done);
    ioc.run();  // returns only when the coroutine finished: the job kept work alive
    EXPECT_EQ(seen, 1);
    // A second connection sees the row: it was committed, not just written.
    auto other = connection::open(dir.path() / "z.db", open_mode::read_only);
    auto& st = other.prepared("SELECT count(*) FROM t");
    ASSERT_TRUE(st.step());
    EXPECT_EQ(st.int64(0), 1);
    st.reset();
}

net::awaitable<void> throwing_job(database& db) {
    auto fail = [](connection& c) -> int {
        c.exec("INSERT INTO nowhere VALUES (1)");
        return 0;
    };
    co_await db.run(fail);
}

TEST(database, coroutine_sees_the_job_exception) {
    test::temp_dir dir;
    database db(dir.path() / "z.db");
    net::io_context ioc;
    bool threw = false;
    auto done = [&threw](std::exception_ptr e) {
        threw = e != nullptr;
    };
    net::co_spawn(ioc, throwing_job(db), done);
    ioc.run();
    EXPECT_TRUE(threw);
}

TEST(database, jobs_after_close_fail_cleanly) {
    test::temp_dir dir;
    database db(dir.path() / "z.db");
    db.close();
    auto job = [](connection&) {
        return 1;
    };
    EXPECT_THROW(db.run_sync(job), database_closed);
}

TEST(database, refuses_a_database_from_a_newer_zaedno) {
    test::temp_dir dir;
    {
        auto c = connection::open(dir.path() / "z.db", open_mode::read_write_create);
        c.exec("PRAGMA user_version = 9999");
    }
    EXPECT_THROW(database(dir.path() / "z.db"), schema_too_new);
}

}  // namespace
}  // namespace zaedno::storage
