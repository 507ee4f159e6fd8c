// One SQLite connection with its cache of prepared statements. Used by one thread at a time.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "bot/storage/statement.hpp"

struct sqlite3;

namespace zaedno::storage {

enum class open_mode { read_write_create, read_only };

class connection {
public:
    /// Opens (creating if allowed) the file with WAL, foreign keys and a busy timeout set.
    static connection open(const std::filesystem::path& path, open_mode mode);

    ~connection();
    connection(connection&& other) noexcept;
    connection& operator=(connection&&) = delete;
    connection(const connection&) = delete;
    connection& operator=(const connection&) = delete;

    /// A statement prepared once per connection and reset after each use by the caller.
    statement& prepared(std::string_view sql);
    /// Runs SQL text with no parameters (schema, pragmas); may hold several statements.
    void exec(std::string_view sql);

    std::int64_t changes() const;
    std::int64_t last_insert_rowid() const;
    std::int64_t user_version();
    bool in_transaction() const;

    sqlite3* handle() const { return db_; }

    const std::filesystem::path& path() const { return path_; }

private:
    connection(sqlite3* db, std::filesystem::path path);

    sqlite3* db_;
    std::filesystem::path path_;

    // Looked up by the SQL text without copying it: the text is the key on every call.
    struct sql_hash {
        using is_transparent = void;

        std::size_t operator()(std::string_view sql) const noexcept {
            return std::hash<std::string_view>{}(sql);
        }
    };

    std::unordered_map<std::string, std::unique_ptr<statement>, sql_hash, std::equal_to<>> cache_;
};

/// BEGIN IMMEDIATE on construction; rolls back in the destructor unless committed.
class transaction {
public:
    explicit transaction(connection& db);
    ~transaction();
    transaction(const transaction&) = delete;
    transaction& operator=(const transaction&) = delete;
    void commit();

private:
    connection& db_;
    bool done_ = false;
};

/// A named savepoint: nests inside a transaction; rolls back to itself unless released.
class savepoint {
public:
    explicit savepoint(connection& db);
    ~savepoint();
    savepoint(const savepoint&) = delete;
    savepoint& operator=(const savepoint&) = delete;
    void release();

private:
    connection& db_;
    bool done_ = false;
};

}  // namespace zaedno::storage
