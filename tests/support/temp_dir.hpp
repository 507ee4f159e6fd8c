// A fresh directory per test, removed afterwards: no fixed paths, so ctest -j is safe.
#pragma once

#include <filesystem>

namespace zaedno::test {

class temp_dir {
public:
    temp_dir();
    ~temp_dir();
    temp_dir(const temp_dir&) = delete;
    temp_dir& operator=(const temp_dir&) = delete;

    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

}  // namespace zaedno::test
