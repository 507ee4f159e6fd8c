// An engine reply in words: its text and button labels formatted in the person's language.
#pragma once

#include <string>

#include "bot/engine/step.hpp"
#include "bot/i18n/catalog.hpp"
#include "integrations/channel.hpp"

namespace zaedno::conversation {

/// A reply made before a language change in the same turn keeps its own language; the
/// others are formatted in `language`.
channels::outgoing_message localize(
    const i18n::catalog& catalog, const std::string& language, const engine::reply& r
);

}  // namespace zaedno::conversation
