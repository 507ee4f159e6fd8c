// The `handoff` action at fixed instants: office-hours outcomes for scripts that route them,
// plain ok for scripts written before them.
#include "bot/handoff/handoff_action.hpp"

#include <gtest/gtest.h>

#include "bot/conversation/conversation_repository.hpp"
#include "bot/conversation/dialog_runtime.hpp"
#include "bot/storage/database.hpp"
#include "tests/support/paths.hpp"
#include "tests/support/temp_dir.hpp"

namespace zaedno::test {
namespace {

constexpr std::int64_t saturday_noon_sofia = 1'795'860'000;   // 2026-11-28T10:00:00Z
constexpr std::int64_t wednesday_noon_sofia = 1'795'600'800;  // 2026-11-25T10:00:00Z

struct action_run {
    engine::action_result_event result;
    std::string status;
};

action_run run_handoff(const std::string& flow, const std::string& node, std::int64_t now) {
    temp_dir dir;
    std::vector<std::string> problems;
    auto runtime = conversation::dialog_runtime::load(
        source_dir() / "dialogs", source_dir() / "locales", "en", "Europe/Sofia", problems
    );
    auto handler = handoff::handoff_action({"mon-fri 09:00-17:00", "", "Europe/Sofia"});
    storage::database db(dir.path() / "zaedno.db");
    auto job = [&](storage::connection& c) {
        auto rec = conversation::load_or_create(c, "telegram", "42", now);
        rec.state.language = "en";
        rec.state.flow = flow;
        rec.state.node = node;
        actions::action_context ctx{c, *runtime, rec, now};
        auto result = handler(ctx, {"handoff", {{"reason", "requested"}, {"priority", "normal"}}});
        return action_run{result, rec.status};
    };
    auto out = db.run_sync(job);
    db.close();
    return out;
}

TEST(handoff_action, outside_hours_a_script_that_routes_it_hears_closed_and_when) {
    auto run = run_handoff("human", "hours", saturday_noon_sofia);
    EXPECT_EQ(run.status, "waiting");
    EXPECT_EQ(run.result.outcome, "closed");
    const auto& when = run.result.variables.at("next_opening");
    EXPECT_NE(when.find("Monday"), std::string::npos) << when;
    EXPECT_NE(when.find("November 30"), std::string::npos) << when;
}

TEST(handoff_action, a_script_without_office_hours_outcomes_still_gets_ok) {
    auto run = run_handoff("housing", "send_normal", saturday_noon_sofia);
    EXPECT_EQ(run.status, "waiting");
    EXPECT_EQ(run.result.outcome, "ok");
}

TEST(handoff_action, inside_hours_it_is_ok_with_no_opening_to_announce) {
    auto run = run_handoff("human", "hours", wednesday_noon_sofia);
    EXPECT_EQ(run.result.outcome, "ok");
    EXPECT_EQ(run.result.variables.at("next_opening"), "");
}

}  // namespace
}  // namespace zaedno::test
