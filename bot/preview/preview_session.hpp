// One admin's conversation with the draft: which content version is previewed, the engine
// turn with the preview's actions, and the frames the page receives. The conversation lives
// in memory only; a turn runs on the storage thread (actions may read) with the connection
// made read-only and everything rolled back.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bot/content/check.hpp"
#include "bot/content/content_repository.hpp"
#include "bot/conversation/dialog_runtime.hpp"
#include "bot/engine/state.hpp"
#include "bot/preview/preview_actions.hpp"
#include "bot/storage/connection.hpp"
#include "integrations/webchat/protocol.hpp"

namespace zaedno::preview {

/// The stored version the preview runs: the draft when there is one, else the published one.
struct preview_source {
    std::optional<content::version_info> version;
    content::bundle files;
};

/// Storage job: reads the draft, or the published version when there is no draft.
preview_source read_preview_source(storage::connection& db);

struct preview_content {
    std::optional<content::version_info> version;
    /// Null when the version cannot be previewed; `unusable` then says why.
    std::shared_ptr<const conversation::dialog_runtime> runtime;
    std::string unusable;
    std::vector<content::located_problem> errors;
    std::size_t warnings = 0;

    bool is_draft() const { return version && version->state == "draft"; }
};

/// Checks the version as publishing does and loads it into a runtime. A version with errors
/// is not run: its errors would also stop it from being published.
preview_content prepare_preview(preview_source source, const content::content_settings& settings);

/// Makes a connection refuse writes (PRAGMA query_only) inside a savepoint that is never
/// released, so even a handler that tried to write would change nothing.
class read_only_scope {
public:
    explicit read_only_scope(storage::connection& db);
    ~read_only_scope();
    read_only_scope(const read_only_scope&) = delete;
    read_only_scope& operator=(const read_only_scope&) = delete;

private:
    storage::savepoint rollback_;
    storage::connection& db_;
};

/// Something the page shows, in order: a reply of the dialog, or a notice for the admin
/// about what the preview left out.
struct shown {
    std::optional<channels::outgoing_message> reply;
    std::string notice;
};

struct turn_result {
    engine::conversation_state state;
    std::vector<shown> items;
};

/// The state of a conversation that has not begun, in the language the hint names when the
/// content has it.
engine::conversation_state fresh_state(
    const conversation::dialog_runtime& runtime, const std::string& language_hint
);

/// The engine event for a page frame (text, /command or button), read as the web chat
/// reads it; nothing for a hello.
std::optional<engine::event> event_of(
    const webchat::client_frame& frame, const std::string& language_hint
);

/// One turn of the preview conversation, on the storage thread: the engine with the
/// preview's actions, under a read_only_scope.
turn_result run_turn(
    storage::connection& db,
    const conversation::dialog_runtime& runtime,
    const preview_actions& actions,
    engine::conversation_state state,
    engine::event ev,
    std::int64_t now
);

/// {"type":"preview","usable","source":"draft"|"published","version":{...},"language",
/// "languages":[{"code","name","direction"}],"errors":[...],"warnings":n,"message"}.
std::string render_preview_frame(const preview_content& content, const std::string& language);

/// {"type":"notice","text"}: what the preview did not do, for the admin.
std::string render_notice(std::string_view text);

/// The page's frame for one reply, exactly as the public web chat renders it.
std::string render_reply(std::int64_t seq, const channels::outgoing_message& reply);

}  // namespace zaedno::preview
