// Content versions without HTTP: paths, checks that name flow/node/field, draft, publish,
// roll-back and the first-start seed, on a real SQLite file.
#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "bot/content/check.hpp"
#include "bot/content/content_repository.hpp"
#include "bot/content/locale_keys.hpp"
#include "bot/content/transfer.hpp"
#include "bot/storage/database.hpp"
#include "tests/support/paths.hpp"
#include "tests/support/temp_dir.hpp"

namespace zaedno::test {
namespace {

using content::bundle;

bundle shipped() {
    std::vector<engine::problem> problems;
    auto files =
        content::read_folders(source_dir() / "dialogs", source_dir() / "locales", problems);
    EXPECT_TRUE(problems.empty());
    return files;
}

TEST(content_paths, only_plain_names_in_the_three_folders) {
    EXPECT_TRUE(content::is_content_path("dialogs/main_menu.json"));
    EXPECT_TRUE(content::is_content_path("dialogs/data/contacts.json"));
    EXPECT_TRUE(content::is_content_path("locales/ar.json"));
    for (const char* bad :
         {"dialogs/../x.json",
          "locales/../../etc/passwd.json",
          "dialogs/Main.json",
          "dialogs/a/b.json",
          "other/x.json",
          "locales/.json",
          "dialogs/main_menu.txt"}) {
        EXPECT_FALSE(content::is_content_path(bad)) << bad;
    }
    EXPECT_EQ(content::dialog_path("housing"), "dialogs/housing.json");
    EXPECT_EQ(content::dialog_path("../x"), "");
    EXPECT_EQ(content::locale_path("fa"), "locales/fa.json");
}

TEST(content_check, shipped_content_is_valid_and_has_a_notice_version) {
    auto result = content::check_bundle(shipped(), {});
    for (const auto& p : result.problems) {
        ADD_FAILURE() << content::to_line(p);
    }
    EXPECT_TRUE(result.valid());
    EXPECT_EQ(result.notice_version.size(), 16u);
}

TEST(content_check, a_broken_reference_names_flow_node_and_field) {
    auto files = shipped();
    auto flow = nlohmann::json::parse(files.at("dialogs/main_menu.json"));
    flow["nodes"]["menu"]["choices"][1]["next"] = "nowhere";
    files["dialogs/main_menu.json"] = flow.dump(2);
    auto result = content::check_bundle(files, {});
    EXPECT_FALSE(result.valid());
    bool found = false;
    for (const auto& p : result.problems) {
        if (p.file == "dialogs/main_menu.json" && p.node == "menu") {
            found = true;
            EXPECT_EQ(p.flow, "main_menu");
            EXPECT_EQ(p.field, "choices/1/next");
            EXPECT_EQ(p.path, "/nodes/menu/choices/1/next");
            EXPECT_NE(p.message.find("nowhere"), std::string::npos);
            auto j = content::to_json(p);
            EXPECT_EQ(j["flow"], "main_menu");
            EXPECT_EQ(j["node"], "menu");
            EXPECT_EQ(j["field"], "choices/1/next");
        }
    }
    EXPECT_TRUE(found);
}

TEST(content_check, a_missing_translation_names_the_locale_key) {
    auto files = shipped();
    auto bg = nlohmann::json::parse(files.at("locales/bg.json"));
    bg.erase("menu.prompt");
    files["locales/bg.json"] = bg.dump(2);
    auto result = content::check_bundle(files, {});
    bool found = false;
    for (const auto& p : result.problems) {
        if (p.file == "locales/bg.json" && p.key == "menu.prompt") {
            found = true;
            EXPECT_NE(p.message.find("missing translation"), std::string::npos) << p.message;
            EXPECT_EQ(content::to_json(p)["key"], "menu.prompt");
        }
    }
    EXPECT_TRUE(found);
}

TEST(content_check, malformed_json_and_data_files_are_errors_with_their_file) {
    auto files = shipped();
    files["dialogs/help.json"] = "{ not json";
    files["dialogs/data/contacts.json"] = "[1, 2]";
    auto result = content::check_bundle(files, {});
    EXPECT_FALSE(result.valid());
    int seen = 0;
    for (const auto& p : result.problems) {
        seen += p.file == "dialogs/help.json" || p.file == "dialogs/data/contacts.json";
    }
    EXPECT_EQ(seen, 2);
}

TEST(content_check, notice_version_follows_the_privacy_texts_only) {
    auto files = shipped();
    auto before = content::notice_version_of(files);
    auto en = nlohmann::json::parse(files.at("locales/en.json"));
    en["menu.prompt"] = "Changed menu prompt";
    files["locales/en.json"] = en.dump(2);
    EXPECT_EQ(content::notice_version_of(files), before);
    en["privacy.notice"] = en["privacy.notice"].get<std::string>() + " Updated.";
    files["locales/en.json"] = en.dump(2);
    EXPECT_NE(content::notice_version_of(files), before);
}

TEST(content_locale_keys, nested_objects_flatten_and_meta_is_skipped) {
    auto keys = content::flatten_locale(
        R"({"_meta": {"name": "x"}, "a": {"b": "one", "c": {"d": "two"}}, "e": "three", "n": 4})"
    );
    EXPECT_EQ(
        keys,
        (std::map<std::string, std::string>{
            {"a.b", "one"}, {"a.c.d", "two"}, {"e", "three"}, {"n", "4"}})
    );
    EXPECT_TRUE(content::flatten_locale("not json").empty());
}

struct store_fixture {
    temp_dir dir;
    storage::database db{dir.path() / "z.db"};

    ~store_fixture() { db.close(); }

    template <class F>
    auto run(F job) {
        return db.run_sync(job);
    }
};

TEST(content_store, first_start_seeds_version_one_and_later_starts_keep_it) {
    store_fixture f;
    std::vector<std::string> problems;
    auto loaded = content::load_published(
        f.db, source_dir() / "dialogs", source_dir() / "locales", {}, problems
    );
    EXPECT_EQ(loaded.version.id, 1);
    EXPECT_EQ(loaded.version.source, "seed");
    EXPECT_FALSE(loaded.version.notice_version.empty());
    ASSERT_TRUE(loaded.runtime);
    EXPECT_NE(loaded.runtime->script().find_flow("main_menu"), nullptr);
    // A second start, even pointed at another folder, runs what the database holds.
    auto again = content::load_published(f.db, f.dir.path() / "none", f.dir.path(), {}, problems);
    EXPECT_EQ(again.version.id, 1);
    EXPECT_NE(again.runtime->script().find_flow("main_menu"), nullptr);
}

TEST(content_store, draft_edits_publish_at_the_checked_revision_only) {
    store_fixture f;
    auto files = shipped();
    auto seed = f.run([&](storage::connection& c) {
        return content::publish_new(c, files, {"seed", std::nullopt, "seed", "", ""}, 100);
    });
    auto first = f.run([&](storage::connection& c) {
        return content::save_draft(c, {{"locales/en.json", "{}"}}, false, "ana", 200);
    });
    EXPECT_EQ(first.state, "draft");
    EXPECT_EQ(first.based_on, seed.id);
    EXPECT_EQ(first.revision, 1);
    auto second = f.run([&](storage::connection& c) {
        return content::save_draft(c, {{"dialogs/help.json", std::nullopt}}, false, "ana", 300);
    });
    EXPECT_EQ(second.id, first.id);
    EXPECT_EQ(second.revision, 2);
    auto draft_files =
        f.run([&](storage::connection& c) { return content::files_of(c, first.id); });
    EXPECT_EQ(draft_files.size(), files.size() - 1);
    EXPECT_EQ(draft_files.at("locales/en.json"), "{}");
    EXPECT_FALSE(draft_files.contains("dialogs/help.json"));

    auto stale = f.run([&](storage::connection& c) {
        return content::publish_draft(c, {1, std::nullopt, "ana", "", ""}, 400);
    });
    EXPECT_FALSE(stale.published);
    EXPECT_EQ(stale.refusal, content::publish_refusal::revision_changed);
    auto result = f.run([&](storage::connection& c) {
        return content::publish_draft(c, {2, std::nullopt, "ana", "new texts", "abc"}, 400);
    });
    ASSERT_TRUE(result.published);
    auto& published = result.published;
    EXPECT_EQ(published->state, "published");
    EXPECT_EQ(published->published_at, 400);
    auto history = f.run([](storage::connection& c) { return content::version_history(c); });
    ASSERT_EQ(history.size(), 2u);
    EXPECT_EQ(history[0].id, published->id);
    EXPECT_EQ(history[1].state, "superseded");
    EXPECT_FALSE(f.run([](storage::connection& c) { return content::draft_version(c); }));
}

TEST(content_store, replace_all_keeps_only_the_given_files_and_discard_drops_the_draft) {
    store_fixture f;
    auto files = shipped();
    f.run([&](storage::connection& c) {
        content::publish_new(c, files, {"seed", std::nullopt, "seed", "", ""}, 100);
    });
    auto draft = f.run([&](storage::connection& c) {
        return content::save_draft(c, {{"locales/en.json", "{}"}}, true, "ana", 200);
    });
    auto draft_files =
        f.run([&](storage::connection& c) { return content::files_of(c, draft.id); });
    EXPECT_EQ(draft_files.size(), 1u);
    EXPECT_TRUE(f.run([](storage::connection& c) { return content::discard_draft(c); }));
    EXPECT_FALSE(f.run([](storage::connection& c) { return content::discard_draft(c); }));
    EXPECT_THROW(
        f.run([&](storage::connection& c) {
            content::save_draft(c, {{"../escape.json", "{}"}}, false, "ana", 300);
        }),
        std::invalid_argument
    );
}

TEST(content_store, locale_history_follows_publishing_order_and_skips_unchanged_files) {
    store_fixture f;
    bundle first{{"locales/en.json", R"({"a": "A"})"}, {"locales/bg.json", R"({"a": "А"})"}};
    f.run([&](storage::connection& c) {
        content::publish_new(c, first, {"seed", std::nullopt, "seed", "", ""}, 100);
    });
    auto draft = f.run([&](storage::connection& c) {
        return content::save_draft(c, {{"locales/en.json", R"({"a": "B"})"}}, false, "ana", 200);
    });
    // Published after the draft was started: before it in the history, refused over it.
    auto rolled = f.run([&](storage::connection& c) {
        return content::publish_new(c, first, {"rollback", 1, "olga", "", ""}, 300);
    });
    auto history = f.run([](storage::connection& c) { return content::locale_history(c); });
    ASSERT_EQ(history.size(), 3u);
    EXPECT_EQ(history[0].version, 1);
    EXPECT_EQ(history[1].version, rolled.id);
    EXPECT_EQ(history[2].version, draft.id);
    EXPECT_EQ(history[0].locales.at("en"), R"({"a": "A"})");
    EXPECT_EQ(history[1].locales.at("en"), std::nullopt);
    EXPECT_EQ(history[2].locales.at("en"), R"({"a": "B"})");
    EXPECT_EQ(history[2].locales.at("bg"), std::nullopt);

    auto refused = f.run([&](storage::connection& c) {
        return content::publish_draft(c, {1, std::nullopt, "ana", "", ""}, 400);
    });
    EXPECT_EQ(refused.refusal, content::publish_refusal::outdated_base);
    ASSERT_TRUE(refused.current);
    EXPECT_EQ(refused.current->id, rolled.id);
    auto wrong = f.run([&](storage::connection& c) {
        return content::publish_draft(c, {1, 1, "ana", "", ""}, 400);
    });
    EXPECT_EQ(wrong.refusal, content::publish_refusal::outdated_base);
    auto agreed = f.run([&](storage::connection& c) {
        return content::publish_draft(c, {1, rolled.id, "ana", "over", ""}, 400);
    });
    ASSERT_TRUE(agreed.published);
    EXPECT_GT(agreed.published->id, rolled.id);
    EXPECT_EQ(agreed.published->note, "over");
    auto files =
        f.run([&](storage::connection& c) { return content::files_of(c, agreed.published->id); });
    EXPECT_EQ(files.at("locales/en.json"), R"({"a": "B"})");
    EXPECT_FALSE(f.run([](storage::connection& c) { return content::draft_version(c); }));
    EXPECT_EQ(
        f.run([&](storage::connection& c) { return content::files_of(c, draft.id); }).size(), 0u
    );
}

}  // namespace
}  // namespace zaedno::test
