// Where a JSON pointer or a syntax error sits in a file's raw text, as a line number, so the
// raw JSON editor can show each validator message next to its line.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace zaedno::content {

/// The 1-based line of the value a JSON pointer names in `text`: for an object member, the
/// line of its key. When the pointer leads past what exists (a missing field), the line of
/// the deepest member or element that does exist. nullopt when nothing below the root
/// matched (or the text does not parse); line 1 for the empty pointer of a parsing text.
std::optional<std::size_t> line_of_pointer(std::string_view text, std::string_view pointer);

/// The 1-based line of the first syntax error in `text`, nullopt when it parses.
std::optional<std::size_t> syntax_error_line(std::string_view text);

/// The line for a validator problem: the syntax error's line when the text does not parse,
/// else the pointer's line.
std::optional<std::size_t> problem_line(std::string_view text, std::string_view pointer);

}  // namespace zaedno::content
