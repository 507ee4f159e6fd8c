// Thin RAII over sqlite3_stmt with error checks turned into storage_error.
#include "bot/storage/statement.hpp"

#include <sqlite3.h>

#include "bot/storage/storage_error.hpp"

namespace zaedno::storage {

namespace {

[[noreturn]] void fail(sqlite3* db, int rc, std::string_view context) {
    throw storage_error(rc, std::string(context) + ": " + sqlite3_errmsg(db));
}

}  // namespace

statement::statement(sqlite3* db, std::string_view sql) : db_(db), stmt_(nullptr) {
    int rc = sqlite3_prepare_v3(
        db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr
    );
    if (rc != SQLITE_OK) {
        fail(db, rc, "prepare failed for [" + std::string(sql.substr(0, 80)) + "]");
    }
}

statement::~statement() {
    sqlite3_finalize(stmt_);
}

statement::statement(statement&& other) noexcept : db_(other.db_), stmt_(other.stmt_) {
    other.stmt_ = nullptr;
}

void statement::check_bind(int rc) const {
    if (rc != SQLITE_OK) {
        fail(db_, rc, "bind failed");
    }
}

statement& statement::bind(int index, std::int64_t value) {
    check_bind(sqlite3_bind_int64(stmt_, index, value));
    return *this;
}

statement& statement::bind(int index, double value) {
    check_bind(sqlite3_bind_double(stmt_, index, value));
    return *this;
}

statement& statement::bind(int index, std::string_view value) {
    check_bind(
        sqlite3_bind_text64(stmt_, index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8)
    );
    return *this;
}

statement& statement::bind_blob(int index, std::string_view bytes) {
    check_bind(sqlite3_bind_blob64(stmt_, index, bytes.data(), bytes.size(), SQLITE_TRANSIENT));
    return *this;
}

statement& statement::bind_null(int index) {
    check_bind(sqlite3_bind_null(stmt_, index));
    return *this;
}

bool statement::step() {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) {
        return true;
    }
    if (rc == SQLITE_DONE) {
        return false;
    }
    // Reset so the cached statement is usable again after the caller handles the error.
    sqlite3_reset(stmt_);
    fail(db_, rc, "step failed");
}

void statement::run() {
    while (step()) {
    }
    reset();
}

bool statement::is_null(int column) const {
    return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

std::int64_t statement::int64(int column) const {
    return sqlite3_column_int64(stmt_, column);
}

double statement::real(int column) const {
    return sqlite3_column_double(stmt_, column);
}

std::string statement::text(int column) const {
    return std::string(text_view(column));
}

std::string_view statement::text_view(int column) const {
    const auto* data = sqlite3_column_blob(stmt_, column);
    auto size = sqlite3_column_bytes(stmt_, column);
    if (data == nullptr) {
        return {};
    }
    return {static_cast<const char*>(data), static_cast<std::size_t>(size)};
}

std::optional<std::string> statement::optional_text(int column) const {
    if (is_null(column)) {
        return std::nullopt;
    }
    return text(column);
}

std::optional<std::int64_t> statement::optional_int64(int column) const {
    if (is_null(column)) {
        return std::nullopt;
    }
    return int64(column);
}

void statement::reset() noexcept {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

}  // namespace zaedno::storage
