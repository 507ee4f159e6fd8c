// zaedno backup FILE: one read transaction copies every page, then an atomic rename.
#include "bot/storage/backup.hpp"

#include <system_error>

#include <sqlite3.h>

#include "bot/storage/connection.hpp"
#include "bot/storage/storage_error.hpp"

namespace zaedno::storage {

void backup_database(
    const std::filesystem::path& source, const std::filesystem::path& destination
) {
    if (!std::filesystem::exists(source)) {
        throw storage_error(SQLITE_CANTOPEN, "no database at " + source.string());
    }
    auto from = connection::open(source, open_mode::read_only);
    auto partial = destination;
    partial += ".partial";
    std::error_code ignored;
    std::filesystem::remove(partial, ignored);
    {
        auto to = connection::open(partial, open_mode::read_write_create);
        // The copy keeps the source's journal mode; a backup file is more useful as one
        // self-contained file, so switch it back to a rollback journal afterwards.
        sqlite3_backup* job = sqlite3_backup_init(to.handle(), "main", from.handle(), "main");
        if (job == nullptr) {
            throw storage_error(
                sqlite3_errcode(to.handle()),
                "backup could not start: " + std::string(sqlite3_errmsg(to.handle()))
            );
        }
        // -1 copies all pages inside one read transaction: a snapshot, even under writes.
        int rc = sqlite3_backup_step(job, -1);
        sqlite3_backup_finish(job);
        if (rc != SQLITE_DONE) {
            std::filesystem::remove(partial, ignored);
            throw storage_error(rc, "backup failed: " + std::string(sqlite3_errstr(rc)));
        }
        to.exec("PRAGMA journal_mode = DELETE");
        auto& check = to.prepared("PRAGMA quick_check");
        check.step();
        auto verdict = check.text(0);
        check.reset();
        if (verdict != "ok") {
            std::filesystem::remove(partial, ignored);
            throw storage_error(SQLITE_CORRUPT, "backup copy failed its check: " + verdict);
        }
    }
    std::filesystem::rename(partial, destination);
}

}  // namespace zaedno::storage
