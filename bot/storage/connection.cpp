// Opening SQLite with the settings every connection needs, and transaction scopes.
#include "bot/storage/connection.hpp"

#include <mutex>
#include <utility>

#include <sqlite3.h>

#include "bot/storage/storage_error.hpp"

namespace zaedno::storage {

namespace {

// Long enough to ride out a backup or an operator's sqlite3 shell holding a lock, short
// enough that a stuck writer shows up as an error instead of a hung server.
constexpr int busy_timeout_ms = 5000;

// SQLite's allocation statistics take a global mutex on every malloc and free; nothing here
// reads them. The setting only takes before SQLite's first use, hence once, before any open.
void configure_sqlite_once() {
    static std::once_flag once;
    std::call_once(once, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
}

}  // namespace

connection::connection(sqlite3* db, std::filesystem::path path) : db_(db), path_(std::move(path)) {}

connection connection::open(const std::filesystem::path& path, open_mode mode) {
    configure_sqlite_once();
    sqlite3* db = nullptr;
    int flags = SQLITE_OPEN_NOMUTEX |
                (mode == open_mode::read_only ? SQLITE_OPEN_READONLY
                                              : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
    if (rc != SQLITE_OK) {
        std::string message = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
        sqlite3_close(db);
        throw storage_error(rc, "cannot open database " + path.string() + ": " + message);
    }
    connection conn(db, path);
    sqlite3_extended_result_codes(db, 1);
    sqlite3_busy_timeout(db, busy_timeout_ms);
    conn.exec("PRAGMA foreign_keys = ON");
    if (mode == open_mode::read_write_create) {
        conn.exec("PRAGMA journal_mode = WAL");
        // NORMAL in WAL mode still survives process crashes; FULL adds power-loss safety for
        // each commit, which we want: an acknowledged webhook must not vanish. (The storage
        // thread's own connection uses NORMAL and flushes the log itself: commit_syncer.)
        conn.exec("PRAGMA synchronous = FULL");
        // A group commit dirties many pages; a cache too small for them spills to the WAL in
        // the middle of the transaction and writes pages twice. 4 MiB (about 1,000 pages)
        // holds a full batch of 512 jobs; pages are allocated on use.
        conn.exec("PRAGMA cache_size = -4096");
        // Savepoints keep the pages they change in a statement journal; in a file it costs a
        // write per page, in memory nothing. A batch is bounded, so the memory is too.
        conn.exec("PRAGMA temp_store = MEMORY");
    }
    return conn;
}

connection::~connection() {
    cache_.clear();
    if (db_ != nullptr) {
        sqlite3_close_v2(db_);
    }
}

connection::connection(connection&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)),
      path_(std::move(other.path_)),
      cache_(std::move(other.cache_)) {}

statement& connection::prepared(std::string_view sql) {
    auto it = cache_.find(sql);
    if (it == cache_.end()) {
        it = cache_.emplace(std::string(sql), std::make_unique<statement>(db_, sql)).first;
    }
    return *it->second;
}

void connection::exec(std::string_view sql) {
    char* message = nullptr;
    int rc = sqlite3_exec(db_, std::string(sql).c_str(), nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
        std::string text = message != nullptr ? message : sqlite3_errstr(rc);
        sqlite3_free(message);
        throw storage_error(rc, text);
    }
}

std::int64_t connection::changes() const {
    return sqlite3_changes64(db_);
}

std::int64_t connection::last_insert_rowid() const {
    return sqlite3_last_insert_rowid(db_);
}

std::int64_t connection::user_version() {
    auto& st = prepared("PRAGMA user_version");
    st.step();
    auto version = st.int64(0);
    st.reset();
    return version;
}

bool connection::in_transaction() const {
    return sqlite3_get_autocommit(db_) == 0;
}

transaction::transaction(connection& db) : db_(db) {
    db_.exec("BEGIN IMMEDIATE");
}

transaction::~transaction() {
    if (!done_) {
        try {
            db_.exec("ROLLBACK");
        } catch (...) {  // NOLINT(bugprone-empty-catch): the original error is already in flight
        }
    }
}

void transaction::commit() {
    db_.exec("COMMIT");
    done_ = true;
}

savepoint::savepoint(connection& db) : db_(db) {
    db_.prepared("SAVEPOINT job").run();
}

savepoint::~savepoint() {
    if (!done_) {
        try {
            db_.prepared("ROLLBACK TO job").run();
            db_.prepared("RELEASE job").run();
        } catch (...) {  // NOLINT(bugprone-empty-catch): the original error is already in flight
        }
    }
}

void savepoint::release() {
    db_.prepared("RELEASE job").run();
    done_ = true;
}

}  // namespace zaedno::storage
