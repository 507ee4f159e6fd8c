// The action registry: handlers registered by name, "unavailable" for the rest, and the
// conversation actions writing in the turn's transaction.
#include "bot/actions/action_registry.hpp"

#include <gtest/gtest.h>

#include "bot/app/config.hpp"
#include "bot/storage/database.hpp"
#include "tests/support/temp_dir.hpp"

namespace zaedno::actions {
namespace {

std::shared_ptr<const conversation::dialog_runtime> shipped_runtime() {
    std::vector<std::string> problems;
    return conversation::dialog_runtime::load(
        app::shipped_data_dir("dialogs"),
        app::shipped_data_dir("locales"),
        "en",
        "Europe/Sofia",
        problems
    );
}

TEST(action_registry, an_action_nobody_handles_is_unavailable) {
    test::temp_dir dir;
    storage::database db(dir.path() / "z.db");
    auto runtime = shipped_runtime();
    action_registry registry;
    auto job = [&](storage::connection& c) {
        auto rec = conversation::load_or_create(c, "telegram", "1", 0);
        action_context ctx{c, *runtime, rec, 0};
        return registry.perform(ctx, {"booking", {{"service", "legal"}}});
    };
    auto result = db.run_sync(job);
    EXPECT_EQ(result.action, "booking");
    EXPECT_EQ(result.outcome, "unavailable");
}

TEST(action_registry, a_registered_handler_answers_and_a_later_one_replaces_it) {
    test::temp_dir dir;
    storage::database db(dir.path() / "z.db");
    auto runtime = shipped_runtime();
    action_registry registry;
    registry.add("booking", [](action_context&, const engine::call_action& call) {
        return engine::action_result_event{call.name, "none", {}, {}};
    });
    registry.add("booking", [](action_context&, const engine::call_action& call) {
        return engine::action_result_event{call.name, "ok", {{"when", "tomorrow"}}, {}};
    });
    EXPECT_TRUE(registry.has("booking"));
    auto job = [&](storage::connection& c) {
        auto rec = conversation::load_or_create(c, "telegram", "1", 0);
        action_context ctx{c, *runtime, rec, 0};
        return registry.perform(ctx, {"booking", {}});
    };
    auto result = db.run_sync(job);
    EXPECT_EQ(result.outcome, "ok");
    EXPECT_EQ(result.variables["when"], "tomorrow");
}

TEST(action_registry, handoff_queues_the_conversation_and_says_so) {
    test::temp_dir dir;
    storage::database db(dir.path() / "z.db");
    auto runtime = shipped_runtime();
    action_registry registry;
    add_conversation_actions(registry);
    auto job = [&](storage::connection& c) {
        auto rec = conversation::load_or_create(c, "viber", "u1", 100);
        action_context ctx{c, *runtime, rec, 100};
        auto result = registry.perform(ctx, {"handoff", {{"reason", "housing_request"}}});
        auto& st = c.prepared("SELECT status, handoff_reason, waiting_since FROM conversations");
        st.step();
        auto row =
            std::make_tuple(st.text(0), st.text(1), st.int64(2), ctx.handed_off, result.outcome);
        st.reset();
        return row;
    };
    auto [status, reason, since, handed_off, outcome] = db.run_sync(job);
    EXPECT_EQ(status, "waiting");
    EXPECT_EQ(reason, "housing_request");
    EXPECT_EQ(since, 100);
    EXPECT_TRUE(handed_off);
    EXPECT_EQ(outcome, "ok");
}

}  // namespace
}  // namespace zaedno::actions
