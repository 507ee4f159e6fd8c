// Seed, export and import of content versions.
#include "bot/content/transfer.hpp"

namespace zaedno::content {

namespace {

std::string line_of(const engine::problem& p) {
    return engine::to_string(p);
}

version_info ensure_published(
    storage::database& db,
    const std::filesystem::path& dialogs,
    const std::filesystem::path& locales,
    std::vector<std::string>& problems
) {
    auto job = [&](storage::connection& c) {
        if (auto published = published_version(c)) {
            return *published;
        }
        std::vector<engine::problem> read_problems;
        auto files = read_folders(dialogs, locales, read_problems);
        for (const auto& p : read_problems) {
            problems.push_back(line_of(p));
        }
        new_version seed{"seed", std::nullopt, "seed", "from " + dialogs.string(), ""};
        seed.notice_version = notice_version_of(files);
        return publish_new(c, files, seed, std::time(nullptr));
    };
    return db.run_sync(job);
}

}  // namespace

published_content load_published(
    storage::database& db,
    const std::filesystem::path& dialogs,
    const std::filesystem::path& locales,
    const content_settings& settings,
    std::vector<std::string>& problems
) {
    published_content out;
    out.version = ensure_published(db, dialogs, locales, problems);
    auto id = out.version.id;
    auto read = [id](storage::connection& c) {
        return files_of(c, id);
    };
    auto files = db.run_sync(read);
    out.runtime = build_runtime(files, settings, problems);
    return out;
}

std::pair<std::filesystem::path, std::filesystem::path> folders_of(const std::filesystem::path& dir
) {
    std::error_code ec;
    if (std::filesystem::is_directory(dir / "dialogs", ec)) {
        return {dir / "dialogs", dir / "locales"};
    }
    if (std::filesystem::is_directory(dir / "locales", ec)) {
        return {dir, dir / "locales"};
    }
    auto parent = dir.has_filename() ? dir.parent_path() : dir.parent_path().parent_path();
    return {dir, (parent.empty() ? std::filesystem::path(".") : parent) / "locales"};
}

int export_content(
    storage::database& db,
    const std::filesystem::path& dir,
    const std::filesystem::path& seed_dialogs,
    const std::filesystem::path& seed_locales,
    std::ostream& out
) {
    std::vector<std::string> problems;
    auto version = ensure_published(db, seed_dialogs, seed_locales, problems);
    auto id = version.id;
    auto read = [id](storage::connection& c) {
        return files_of(c, id);
    };
    auto files = db.run_sync(read);
    write_folders(files, dir);
    out << "exported version " << version.id << " (" << files.size() << " files) to "
        << dir.string() << "\n";
    return 0;
}

int import_content(
    storage::database& db,
    const std::filesystem::path& dir,
    const content_settings& settings,
    std::ostream& out,
    std::int64_t now
) {
    auto [dialogs, locales] = folders_of(dir);
    std::vector<engine::problem> read_problems;
    auto files = read_folders(dialogs, locales, read_problems);
    std::size_t errors = 0;
    for (const auto& p : read_problems) {
        out << line_of(p) << "\n";
        errors += p.level == engine::severity::error ? 1 : 0;
    }
    auto checked = check_bundle(files, settings);
    for (const auto& p : checked.problems) {
        out << to_line(p) << "\n";
        errors += p.level == engine::severity::error ? 1 : 0;
    }
    if (errors > 0) {
        out << "not imported: " << errors << (errors == 1 ? " error" : " errors") << "\n";
        return 1;
    }
    new_version import{"import", std::nullopt, "cli", "from " + dir.string(), ""};
    import.notice_version = checked.notice_version;
    auto job = [&](storage::connection& c) {
        return publish_new(c, files, import, now);
    };
    auto version = db.run_sync(job);
    out << "imported " << files.size() << " files as version " << version.id << " (published)\n";
    return 0;
}

}  // namespace zaedno::content
