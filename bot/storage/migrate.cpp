// Applies schema migrations in order and records the version in PRAGMA user_version.
#include <algorithm>
#include <string>

#include "bot/storage/connection.hpp"
#include "bot/storage/migration.hpp"

namespace zaedno::storage {

migration_outcome migrate(connection& db, const std::vector<migration>& migrations) {
    std::int64_t latest = 0;
    for (const auto& m : migrations) {
        latest = std::max(latest, m.number);
    }
    const std::int64_t current = db.user_version();
    if (current > latest) {
        throw schema_too_new(
            "database " + db.path().string() + " has schema version " + std::to_string(current) +
            ", newer than this zaedno understands (" + std::to_string(latest) +
            "); run the newer zaedno or restore a backup"
        );
    }
    for (const auto& m : migrations) {
        if (m.number <= current) {
            continue;
        }
        transaction tx{db};
        db.exec(m.sql);
        // PRAGMA takes no bound parameters; the number comes from our own embedded list.
        db.exec("PRAGMA user_version = " + std::to_string(m.number));
        tx.commit();
    }
    return {current, std::max(current, latest)};
}

}  // namespace zaedno::storage
