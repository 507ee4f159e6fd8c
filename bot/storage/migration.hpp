// Numbered schema migrations, embedded from bot/storage/migrations/NNN_name.sql.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace zaedno::storage {

class connection;

struct migration {
    std::int64_t number;
    std::string name;
    std::string sql;
};

/// The database was written by a newer zaedno: refusing protects its data from an old binary.
class schema_too_new : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct migration_outcome {
    std::int64_t from_version;
    std::int64_t to_version;
};

/// The migrations compiled into this binary, in order.
std::vector<migration> embedded_migrations();

/// Applies every migration above the file's user_version, each in its own transaction.
migration_outcome migrate(connection& db, const std::vector<migration>& migrations);

}  // namespace zaedno::storage
