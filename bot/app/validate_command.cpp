// Loads each dialog folder with its locales, runs the validator, prints problems and a summary.
#include "bot/app/validate_command.hpp"

#include <ostream>

#include "bot/engine/loader.hpp"
#include "bot/engine/validator.hpp"
#include "bot/i18n/catalog.hpp"

namespace zaedno::app {

namespace {

std::filesystem::path locales_for(const std::filesystem::path& dir, const validate_options& o) {
    if (!o.locales.empty()) {
        return o.locales;
    }
    std::error_code ec;
    if (std::filesystem::is_directory(dir / "locales", ec)) {
        return dir / "locales";
    }
    return dir.parent_path().empty() ? std::filesystem::path("locales")
                                     : dir.parent_path() / "locales";
}

}  // namespace

int run_validate(const validate_options& options, std::ostream& out) {
    auto dirs = options.dirs;
    if (dirs.empty()) {
        dirs.emplace_back("dialogs");
    }
    std::size_t errors = 0;
    std::size_t warnings = 0;
    auto print = [&](const engine::problem& p) {
        out << engine::to_string(p) << "\n";
        (p.level == engine::severity::error ? errors : warnings) += 1;
    };
    for (const auto& dir : dirs) {
        auto locales = locales_for(dir, options);
        std::vector<i18n::load_problem> locale_problems;
        auto catalog = i18n::catalog::load(
            locales, options.default_language, options.time_zone, locale_problems
        );
        for (const auto& p : locale_problems) {
            print({p.file, p.path, p.message, engine::severity::error});
        }
        auto loaded = engine::load_script(dir);
        for (auto p : loaded.problems) {
            p.file = (dir / p.file).string();
            print(p);
        }
        if (engine::has_errors(loaded.problems)) {
            continue;  // references into a half-read script would only repeat the same errors
        }
        for (auto p : engine::validate_script(loaded.loaded, catalog, locales)) {
            if (!p.file.starts_with(locales.string())) {
                p.file = (dir / p.file).string();
            }
            print(p);
        }
    }
    out << errors << (errors == 1 ? " error, " : " errors, ") << warnings
        << (warnings == 1 ? " warning\n" : " warnings\n");
    return errors == 0 ? 0 : 1;
}

int run_validate(const std::vector<std::filesystem::path>& dirs, std::ostream& out) {
    validate_options options;
    options.dirs = dirs;
    return run_validate(options, out);
}

}  // namespace zaedno::app
