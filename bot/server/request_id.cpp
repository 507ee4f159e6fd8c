// Request ids: random 64-bit hex, or a sanitised caller-supplied value.
#include "bot/server/request_id.hpp"

#include <algorithm>
#include <random>

#include <fmt/format.h>

namespace zaedno::server {

std::string request_id_for(std::string_view offered) {
    auto plain = [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
               c == '-' || c == '_';
    };
    // Only a plain token may enter our logs: anything else could forge log lines.
    if (!offered.empty() && offered.size() <= 64 &&
        std::all_of(offered.begin(), offered.end(), plain)) {
        return std::string(offered);
    }
    thread_local std::mt19937_64 generator{std::random_device{}()};
    return fmt::format("{:016x}", generator());
}

}  // namespace zaedno::server
