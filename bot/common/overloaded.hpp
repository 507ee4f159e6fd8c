// Visiting a std::variant with one lambda per alternative.
#pragma once

namespace zaedno {

template <class... Ts>
struct overloaded : Ts... {
    using Ts::operator()...;
};
template <class... Ts>
overloaded(Ts...) -> overloaded<Ts...>;

}  // namespace zaedno
