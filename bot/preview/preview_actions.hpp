// The named actions as the draft preview runs them: actions that only read answer from the
// real database, actions that would change something answer with a stand-in and a notice for
// the admin, and any other action is not run at all. Nothing here writes.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "bot/actions/action_registry.hpp"
#include "bot/appointments/schedule.hpp"
#include "bot/handoff/handoff_action.hpp"

namespace zaedno::preview {

/// How the preview treats one action name.
enum class treatment {
    reads,     // the real handler runs; it only reads (services, free times, contacts, ...)
    stand_in,  // a preview answer replaces a handler that would write (booking, handoff, ...)
    not_run,   // unknown to the preview: answered "unavailable"
};

treatment treatment_of(std::string_view action);

/// An action's answer in the preview, and what the admin should be told about it ("" when
/// the real handler ran).
struct preview_answer {
    engine::action_result_event result;
    std::string notice;
};

struct preview_action_settings {
    std::shared_ptr<const appointments::zone_clock> clock;
    handoff::office_hours_config office_hours;
};

class preview_actions {
public:
    explicit preview_actions(preview_action_settings settings);

    /// Runs on the storage thread; the caller keeps the connection read-only meanwhile.
    preview_answer perform(actions::action_context& ctx, const engine::call_action& call) const;

private:
    preview_answer handoff(actions::action_context& ctx, const engine::call_action& call) const;
    preview_answer booking(actions::action_context& ctx, const engine::call_action& call) const;

    actions::action_registry real_;  // only the handlers of `reads` actions are ever called
    handoff::office_hours_config office_hours_;
};

}  // namespace zaedno::preview
