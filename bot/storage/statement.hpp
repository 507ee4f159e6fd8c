// A prepared SQLite statement: valid after construction, finalized on destruction, never copied.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace zaedno::storage {

class statement {
public:
    statement(sqlite3* db, std::string_view sql);
    ~statement();
    statement(const statement&) = delete;
    statement& operator=(const statement&) = delete;
    statement(statement&& other) noexcept;
    statement& operator=(statement&&) = delete;

    statement& bind(int index, std::int64_t value);

    statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }

    statement& bind(int index, double value);
    statement& bind(int index, std::string_view value);

    statement& bind(int index, const char* value) { return bind(index, std::string_view{value}); }

    statement& bind(int index, const std::string& value) {
        return bind(index, std::string_view{value});
    }

    statement& bind_blob(int index, std::string_view bytes);
    statement& bind_null(int index);

    template <class T>
    statement& bind(int index, const std::optional<T>& value) {
        return value ? bind(index, *value) : bind_null(index);
    }

    /// Runs one step: true when a row is ready, false when the statement is done.
    /// Any other SQLite result throws storage_error.
    bool step();
    /// Steps a statement expected to return no rows, then resets it.
    void run();

    bool is_null(int column) const;
    std::int64_t int64(int column) const;
    double real(int column) const;
    std::string text(int column) const;
    /// The column's bytes without a copy: valid until the next step or reset.
    std::string_view text_view(int column) const;
    std::optional<std::string> optional_text(int column) const;
    std::optional<std::int64_t> optional_int64(int column) const;

    void reset() noexcept;

private:
    void check_bind(int rc) const;

    sqlite3* db_;
    sqlite3_stmt* stmt_;
};

}  // namespace zaedno::storage
