// Content versions in SQLite: the published version, the one draft, history and roll-back.
// Functions run on the storage thread inside a job (or run_sync from the command line).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bot/content/bundle.hpp"
#include "bot/content/translation_status.hpp"
#include "bot/storage/connection.hpp"

namespace zaedno::content {

struct version_info {
    std::int64_t id = 0;
    std::string state;   // draft | published | superseded
    std::string source;  // seed | import | edit | rollback
    std::optional<std::int64_t> based_on;
    std::string author;
    std::string note;
    std::int64_t revision = 1;
    std::string notice_version;
    std::int64_t created_at = 0;
    std::int64_t updated_at = 0;
    std::optional<std::int64_t> published_at;
};

nlohmann::json to_json(const version_info& v);

std::optional<version_info> published_version(storage::connection& db);
std::optional<version_info> draft_version(storage::connection& db);
std::optional<version_info> find_version(storage::connection& db, std::int64_t id);
bundle files_of(storage::connection& db, std::int64_t version_id);

/// Every version but the draft, newest first.
std::vector<version_info> version_history(storage::connection& db);

/// The locale files of every published version in the order they were published, then the
/// draft's when there is one; a file unchanged since the version before is nullopt.
std::vector<locale_snapshot> locale_history(storage::connection& db);

struct new_version {
    std::string source;  // seed | import | rollback
    std::optional<std::int64_t> based_on;
    std::string author;
    std::string note;
    std::string notice_version;
};

/// Stores files as a new version and makes it the published one at once (the previous one
/// becomes superseded).
version_info publish_new(
    storage::connection& db, const bundle& files, const new_version& what, std::int64_t now
);

/// Changes to a draft: a path with text is written, a path with nullopt removed.
using draft_changes = std::map<std::string, std::optional<std::string>>;

/// Applies changes to the draft, first copying the published version into a new draft when
/// there is none; replace_all drops every file the changes do not name. Bumps the revision.
version_info save_draft(
    storage::connection& db,
    const draft_changes& changes,
    bool replace_all,
    const std::string& author,
    std::int64_t now
);

/// Throws away the draft; false when there was none.
bool discard_draft(storage::connection& db);

struct publish_request {
    std::int64_t revision = 0;  // the draft revision that was checked
    /// The published version the admin agreed to replace when the draft was started from an
    /// older one (after reviewing the difference); nullopt refuses such a draft.
    std::optional<std::int64_t> replaces;
    std::string author;
    std::string note;
    std::string notice_version;
};

enum class publish_refusal {
    none,
    no_draft,
    revision_changed,  // saved again after it was checked
    outdated_base,     // another version was published after the draft was started
};

struct publish_result {
    std::optional<version_info> published;
    publish_refusal refusal = publish_refusal::none;
    std::optional<version_info> draft;    // as found, when refused
    std::optional<version_info> current;  // the published version, when refused
};

/// Makes the draft the published version, provided it is still at the checked revision and
/// was started from the version now published (or the request names that version in
/// `replaces`): publishing a draft started from an older version would otherwise undo what
/// was published since without anyone seeing it.
publish_result publish_draft(
    storage::connection& db, const publish_request& request, std::int64_t now
);

}  // namespace zaedno::content
