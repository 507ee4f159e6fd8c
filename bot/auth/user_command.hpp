// `zaedno user add NAME --role caseworker|admin`: creates an account from the command line.
#pragma once

#include <filesystem>
#include <iosfwd>
#include <string>

namespace zaedno::auth {

struct user_add_options {
    std::filesystem::path database;
    std::string username;
    std::string role;  // caseworker | admin
};

/// Reads the password from `in`: prompted twice without echo when `in` is a terminal,
/// otherwise its first line (so scripts can pipe it). Returns the process exit code.
int run_user_add(
    const user_add_options& options,
    std::istream& in,
    bool in_is_terminal,
    std::ostream& out,
    std::ostream& err
);

}  // namespace zaedno::auth
