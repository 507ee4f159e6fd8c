// Formatting replies for a channel (see localize.hpp).
#include "bot/conversation/localize.hpp"

namespace zaedno::conversation {

channels::outgoing_message localize(
    const i18n::catalog& catalog, const std::string& language, const engine::reply& r
) {
    const auto& lang = r.language.empty() ? language : r.language;
    channels::outgoing_message msg;
    msg.text = catalog.format(lang, r.text, r.args).text;
    msg.urgent = r.urgent;
    for (const auto& c : r.choices) {
        msg.choices.push_back({c.id, catalog.format(lang, c.label, c.args).text});
    }
    return msg;
}

}  // namespace zaedno::conversation
