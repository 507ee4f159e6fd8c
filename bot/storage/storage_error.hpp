// Infrastructure failure of the database (disk full, corruption, SQL bug): never a domain outcome.
#pragma once

#include <stdexcept>
#include <string>

namespace zaedno::storage {

class storage_error : public std::runtime_error {
public:
    storage_error(int sqlite_code, const std::string& what)
        : std::runtime_error(what), sqlite_code_(sqlite_code) {}

    int sqlite_code() const noexcept { return sqlite_code_; }

private:
    int sqlite_code_;
};

}  // namespace zaedno::storage
