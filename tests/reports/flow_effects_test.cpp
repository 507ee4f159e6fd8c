// The engine's flow marks on the shipped dialogs: a flow starts when the conversation enters
// it and finishes only by its own path; a global word or a crisis leaves it unfinished; the
// marks follow every other effect, so a crisis answer is still the first thing said.
#include <gtest/gtest.h>

#include "tests/engine/harness.hpp"

namespace zaedno::engine::test {
namespace {

/// "+flow" for each flow_started and "-flow" for each flow_finished of the last step.
std::vector<std::string> marks(const conversation& c) {
    std::vector<std::string> out;
    for (const auto& e : c.last) {
        if (const auto* s = std::get_if<flow_started>(&e)) {
            out.push_back("+" + s->flow);
        } else if (const auto* f = std::get_if<flow_finished>(&e)) {
            out.push_back("-" + f->flow);
        }
    }
    return out;
}

using list = std::vector<std::string>;

TEST(report_flow_marks, welcome_to_menu_to_a_finished_handoff) {
    conversation c(loaded_world::shipped());
    c.start("en");
    EXPECT_EQ(marks(c), list{"+welcome"});
    c.tap("en");
    EXPECT_EQ(marks(c), list{});
    c.tap("agree");
    EXPECT_EQ(marks(c), (list{"-welcome", "+main_menu"}));
    c.text("/human");  // a global word: the menu is left, not finished
    EXPECT_EQ(marks(c), list{"+human"});
    c.result("handoff", "ok");
    EXPECT_EQ(marks(c), list{"-human"});
    EXPECT_TRUE(c.state.node.empty());
}

TEST(report_flow_marks, a_menu_choice_finishes_the_menu_and_starts_the_chosen_flow) {
    conversation c(loaded_world::shipped());
    c.at_menu();
    c.tap("housing");
    EXPECT_EQ(marks(c), (list{"-main_menu", "+housing"}));
    c.tap("menu");  // back to the main menu from the housing menu
    EXPECT_EQ(marks(c), (list{"-housing", "+main_menu"}));
}

TEST(report_flow_marks, a_crisis_leaves_the_flow_unfinished_and_is_answered_first) {
    conversation c(loaded_world::shipped());
    c.at_menu();
    c.tap("housing");
    c.text("I want to die");
    EXPECT_EQ(marks(c), list{"+crisis"});
    ASSERT_FALSE(c.last.empty());
    const auto* first = std::get_if<reply>(&c.last.front());
    ASSERT_NE(first, nullptr);
    EXPECT_TRUE(first->urgent);
    EXPECT_TRUE(std::holds_alternative<flow_started>(c.last.back()));
}

TEST(report_flow_marks, a_menu_answer_from_idle_restarts_and_finishes_the_menu) {
    conversation c(loaded_world::shipped());
    c.at_menu();
    c.state.node.clear();  // idle between conversations
    c.tap("housing");
    EXPECT_EQ(marks(c), (list{"+main_menu", "-main_menu", "+housing"}));
}

}  // namespace
}  // namespace zaedno::engine::test
