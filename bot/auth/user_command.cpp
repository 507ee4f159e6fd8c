// Account creation for operators. The password never appears on the command line (it would
// show in `ps` and shell history): it comes from standard input.
#include "bot/auth/user_command.hpp"

#include <istream>
#include <ostream>
#include <termios.h>
#include <unistd.h>

#include "bot/auth/accounts.hpp"
#include "bot/auth/secrets.hpp"
#include "bot/common/clock.hpp"
#include "bot/storage/database.hpp"

namespace zaedno::auth {

namespace {

/// Turns terminal echo off for its lifetime.
class hidden_input {
public:
    hidden_input() {
        if (tcgetattr(STDIN_FILENO, &saved_) == 0) {
            termios quiet = saved_;
            quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
            active_ = tcsetattr(STDIN_FILENO, TCSANOW, &quiet) == 0;
        }
    }

    ~hidden_input() {
        if (active_) {
            tcsetattr(STDIN_FILENO, TCSANOW, &saved_);
        }
    }

    hidden_input(const hidden_input&) = delete;
    hidden_input& operator=(const hidden_input&) = delete;

private:
    termios saved_{};
    bool active_ = false;
};

std::string read_line(std::istream& in) {
    std::string line;
    std::getline(in, line);
    if (!line.empty() && line.back() == '\r') {
        line.pop_back();
    }
    return line;
}

}  // namespace

int run_user_add(
    const user_add_options& options,
    std::istream& in,
    bool in_is_terminal,
    std::ostream& out,
    std::ostream& err
) {
    auto name = normalize_username(options.username);
    if (!name) {
        err << "zaedno: user add: '" << options.username
            << "' is not a valid name (1-64 characters of a-z 0-9 . _ - @)\n";
        return 2;
    }
    auto r = parse_role(options.role);
    if (!r) {
        err << "zaedno: user add: --role must be caseworker or admin, got '" << options.role
            << "'\n";
        return 2;
    }
    std::string password;
    if (in_is_terminal) {
        hidden_input hide;
        err << "Password for " << *name << ": " << std::flush;
        password = read_line(in);
        err << "\nRepeat it: " << std::flush;
        auto again = read_line(in);
        err << "\n";
        if (again != password) {
            err << "zaedno: user add: the passwords differ; nothing was changed\n";
            return 1;
        }
    } else {
        password = read_line(in);
    }
    if (password.size() < minimum_password_length) {
        err << "zaedno: user add: the password needs at least " << minimum_password_length
            << " characters (read from standard input)\n";
        return 1;
    }
    auto hash = hash_password(password);
    storage::database db(options.database);
    auto create = [&](storage::connection& c) {
        return create_account(c, *name, hash, *r, false, unix_seconds());
    };
    bool created = db.run_sync(create);
    db.close();
    if (!created) {
        err << "zaedno: user add: an account named '" << *name << "' already exists\n";
        return 1;
    }
    out << "created " << role_name(*r) << " account '" << *name << "'\n";
    return 0;
}

}  // namespace zaedno::auth
