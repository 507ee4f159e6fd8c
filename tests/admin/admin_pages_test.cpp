// The admin pages as the binary serves them: every page the navigation lists is there with
// every file it links, under the strict policy, with no inline code and no markup from data.
#include <regex>
#include <set>
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

std::vector<std::string> navigation_pages(test_app& app) {
    auto shell = app.get("/admin/assets/admin.js");
    EXPECT_EQ(shell.status, 200);
    return matches(shell.body, std::regex(R"re(path: "(/admin[a-z/-]*)")re"), 1);
}

TEST(admin_pages, every_page_in_the_navigation_is_served_with_its_files_under_the_policy) {
    test_app app;
    auto pages = navigation_pages(app);
    ASSERT_FALSE(pages.empty());
    EXPECT_EQ(pages.front(), "/admin");
    std::set<std::string> files;
    for (const auto& path : pages) {
        auto page = app.get(path);
        ASSERT_EQ(page.status, 200) << path;
        EXPECT_EQ(page.headers["content-type"], "text/html; charset=utf-8") << path;
        const auto& policy = page.headers["content-security-policy"];
        EXPECT_NE(policy.find("script-src 'self'"), std::string::npos) << path;
        EXPECT_EQ(policy.find("unsafe-inline"), std::string::npos) << path;
        EXPECT_NE(page.body.find("/admin/assets/admin.js"), std::string::npos) << path;
        // The shared helpers must come first: admin.js takes them at once.
        EXPECT_LT(page.body.find("/shared/assets/dom.js"), page.body.find("/admin/assets/admin.js"))
            << path;
        EXPECT_NE(page.body.find("id=\"page\""), std::string::npos) << path;
        for (const auto& f : matches(
                 page.body, std::regex(R"re((?:src|href)="(/(?:admin|shared)/assets/[^"]+)")re"), 1
             )) {
            files.insert(f);
        }
    }
    for (const auto& target : files) {
        auto file = app.get(target);
        EXPECT_EQ(file.status, 200) << target;
        EXPECT_FALSE(file.headers["content-security-policy"].empty()) << target;
        EXPECT_EQ(file.headers["x-content-type-options"], "nosniff") << target;
    }
}

TEST(admin_pages, unknown_or_malformed_page_names_are_not_found) {
    test_app app;
    for (const char* target :
         {"/admin/no-such-page",
          "/admin/index",
          "/admin/Reports",
          "/admin/..%2fconsole",
          "/admin/assets/missing.js",
          "/admin/admin"}) {
        auto reply = app.get(target);
        EXPECT_EQ(reply.status, 404) << target;
        EXPECT_NE(reply.body.find("\"error\""), std::string::npos) << target;
    }
}

TEST(admin_pages, hold_no_inline_code_external_resources_or_markup_from_data) {
    test_app app;
    std::set<std::string> scripts;
    for (const auto& path : navigation_pages(app)) {
        auto html = app.get(path).body;
        EXPECT_TRUE(matches(html, std::regex(R"re(<script(?![^>]*\ssrc=)[^>]*>)re"), 0).empty())
            << path;
        EXPECT_TRUE(matches(html, std::regex(R"re(\sstyle=|\son[a-z]+=|<style)re"), 0).empty())
            << path;
        for (const auto& s :
             matches(html, std::regex(R"re(src="(/(?:admin|shared)/assets/[^"]+\.js)")re"), 1)) {
            scripts.insert(s);
        }
    }
    scripts.insert("/admin/assets/admin.css");
    for (const auto& target : scripts) {
        auto text = app.get(target).body;
        ASSERT_FALSE(text.empty()) << target;
        EXPECT_TRUE(
            matches(text, std::regex(R"re(https?://(?!www\.w3\.org/2000/svg))re"), 0).empty()
        ) << target;
        for (const char* sink :
             {"innerHTML",
              "outerHTML",
              "insertAdjacentHTML",
              "document.write",
              "eval(",
              "Function("}) {
            EXPECT_EQ(text.find(sink), std::string::npos) << target << ": " << sink;
        }
    }
}

}  // namespace
}  // namespace zaedno::test
