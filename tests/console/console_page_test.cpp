// The console page as the binary serves it: every file it links is there with the strict
// policy, and nothing in it could run injected text (no inline code, no markup from data).
#include <regex>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/support/test_app.hpp"

namespace zaedno::test {
namespace {

std::vector<std::string> matches(const std::string& text, const std::regex& pattern, int group) {
    std::vector<std::string> out;
    for (std::sregex_iterator it(text.begin(), text.end(), pattern), end; it != end; ++it) {
        out.push_back((*it)[group].str());
    }
    return out;
}

TEST(console_page, is_served_with_every_linked_file_under_the_strict_policy) {
    test_app app;
    auto page = app.get("/console");
    ASSERT_EQ(page.status, 200);
    EXPECT_EQ(page.headers["content-type"], "text/html; charset=utf-8");
    const auto& policy = page.headers["content-security-policy"];
    EXPECT_NE(policy.find("script-src 'self'"), std::string::npos) << policy;
    EXPECT_EQ(policy.find("unsafe-inline"), std::string::npos) << policy;

    auto linked = matches(
        page.body, std::regex(R"re((?:src|href)="(/(?:console|shared)/assets/[^"]+)")re"), 1
    );
    ASSERT_GE(linked.size(), 3u);
    auto css = app.get("/console/assets/console.css");
    ASSERT_EQ(css.status, 200);
    for (const auto& name : matches(css.body, std::regex(R"re(url\("([^"]+)"\))re"), 1)) {
        linked.push_back("/console/assets/" + name);
    }
    for (const auto& target : linked) {
        auto file = app.get(target);
        EXPECT_EQ(file.status, 200) << target;
        EXPECT_FALSE(file.headers["content-security-policy"].empty()) << target;
        EXPECT_EQ(file.headers["x-content-type-options"], "nosniff") << target;
    }
    EXPECT_EQ(app.get("/console/assets/missing.js").status, 404);
    EXPECT_EQ(app.get("/shared/assets/missing.js").status, 404);
    // The shared helpers must come first: console.js takes them at once.
    EXPECT_LT(
        page.body.find("/shared/assets/dom.js"), page.body.find("/console/assets/console.js")
    );
}

TEST(console_page, holds_no_inline_code_external_resources_or_markup_from_data) {
    test_app app;
    auto html = app.get("/console").body;
    auto script = app.get("/console/assets/console.js").body;
    auto style = app.get("/console/assets/console.css").body;
    ASSERT_FALSE(script.empty());

    EXPECT_TRUE(matches(html, std::regex(R"re(<script(?![^>]*\ssrc=)[^>]*>)re"), 0).empty());
    EXPECT_TRUE(matches(html, std::regex(R"re(\sstyle=|\son[a-z]+=|<style)re"), 0).empty());
    for (const auto& text : {html, script, style}) {
        EXPECT_TRUE(
            matches(text, std::regex(R"re(https?://|//[a-z0-9.-]+\.[a-z]{2,}/)re"), 0).empty()
        );
    }
    for (const char* sink :
         {"innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "Function("}) {
        EXPECT_EQ(script.find(sink), std::string::npos) << sink;
    }
}

}  // namespace
}  // namespace zaedno::test
