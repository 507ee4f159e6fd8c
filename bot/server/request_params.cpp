// Route and query parameters (see request_params.hpp).
#include "bot/server/request_params.hpp"

#include <charconv>

#include <boost/url/parse.hpp>

namespace zaedno::server {

std::optional<std::int64_t> positive_number(std::string_view text) {
    std::int64_t out = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || out <= 0) {
        return std::nullopt;
    }
    return out;
}

std::optional<std::int64_t> positive_id_param(const request_context& ctx, std::string_view name) {
    auto it = ctx.params.find(std::string(name));
    return it == ctx.params.end() ? std::nullopt : positive_number(it->second);
}

std::optional<std::string> query_param(const request& req, std::string_view name) {
    auto target = boost::urls::parse_origin_form(req.target());
    if (!target) {
        return std::nullopt;
    }
    auto params = target->params();
    auto it = params.find(name);
    if (it == params.end()) {
        return std::nullopt;
    }
    return std::string((*it).value);
}

}  // namespace zaedno::server
