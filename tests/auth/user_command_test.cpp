// `zaedno user add` with the password on standard input.
#include "bot/auth/user_command.hpp"

#include <sstream>

#include <gtest/gtest.h>

#include "bot/auth/accounts.hpp"
#include "bot/auth/secrets.hpp"
#include "bot/storage/database.hpp"
#include "tests/support/temp_dir.hpp"

namespace zaedno::test {
namespace {

struct user_add_run {
    int code = 0;
    std::string out;
    std::string err;
};

user_add_run add(
    const temp_dir& dir, const std::string& name, const std::string& role, const std::string& input
) {
    auth::user_add_options options{dir.path() / "zaedno.db", name, role};
    std::istringstream in(input);
    std::ostringstream out;
    std::ostringstream err;
    int code = auth::run_user_add(options, in, false, out, err);
    return {code, out.str(), err.str()};
}

std::optional<auth::stored_account> account(const temp_dir& dir, const std::string& name) {
    storage::database db(dir.path() / "zaedno.db");
    auto find = [&](storage::connection& c) {
        return auth::find_account(c, name);
    };
    auto found = db.run_sync(find);
    db.close();
    return found;
}

TEST(user_add_command, creates_an_account_from_the_first_line_of_stdin) {
    temp_dir dir;
    auto run = add(dir, "Mira.K", "caseworker", "a long password\nignored\n");
    ASSERT_EQ(run.code, 0) << run.err;
    auto created = account(dir, "mira.k");
    ASSERT_TRUE(created.has_value());
    EXPECT_EQ(created->role, auth::role::caseworker);
    EXPECT_TRUE(auth::verify_password(created->password_hash, "a long password"));
    EXPECT_EQ(run.out.find("a long password"), std::string::npos);
}

TEST(user_add_command, refuses_a_taken_name_a_short_password_and_a_bad_role) {
    temp_dir dir;
    ASSERT_EQ(add(dir, "lead", "admin", "a long password\n").code, 0);
    auto taken = add(dir, "lead", "caseworker", "another long one\n");
    EXPECT_EQ(taken.code, 1);
    EXPECT_NE(taken.err.find("already exists"), std::string::npos);
    EXPECT_EQ(account(dir, "lead")->role, auth::role::admin);
    EXPECT_EQ(add(dir, "sam", "caseworker", "short\n").code, 1);
    EXPECT_EQ(add(dir, "sam", "boss", "a long password\n").code, 2);
    EXPECT_EQ(add(dir, "sam wise", "caseworker", "a long password\n").code, 2);
    EXPECT_FALSE(account(dir, "sam").has_value());
}

}  // namespace
}  // namespace zaedno::test
