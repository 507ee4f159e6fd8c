// A strict RFC 5545 checker for the appointment feeds: CRLF line ends, physical lines of at
// most 75 octets, folding with one leading space that never splits a UTF-8 character,
// content-line syntax, TEXT escaping, BEGIN/END nesting, required properties (VERSION,
// PRODID, UID, DTSTAMP, DTSTART), unique UIDs, and date-times either in UTC ("…Z") or with a
// TZID that a VTIMEZONE in the same calendar defines.
#pragma once

#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

namespace zaedno::appointments::test {

struct content_line {
    std::string name;
    std::map<std::string, std::string> params;
    std::string value;
};

struct ical_check {
    std::vector<std::string> problems;
    std::vector<content_line> lines;  // unfolded

    bool ok() const { return problems.empty(); }

    std::string describe() const {
        std::string out;
        for (const auto& p : problems) {
            out += p + "\n";
        }
        return out;
    }
};

inline bool valid_utf8(const std::string& s) {
    std::size_t i = 0;
    while (i < s.size()) {
        auto c = static_cast<unsigned char>(s[i]);
        std::size_t n = c < 0x80           ? 1
                        : (c >> 5) == 0x6  ? 2
                        : (c >> 4) == 0xE  ? 3
                        : (c >> 3) == 0x1E ? 4
                                           : 0;
        if (n == 0 || i + n > s.size()) {
            return false;
        }
        for (std::size_t k = 1; k < n; ++k) {
            if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) {
                return false;
            }
        }
        i += n;
    }
    return true;
}

/// RFC 5545 3.3.11: a TEXT value's escapes; false when an unescaped ',' ';' or a bad escape
/// is found.
inline bool unescape_text(const std::string& value, std::string& out) {
    out.clear();
    for (std::size_t i = 0; i < value.size(); ++i) {
        char c = value[i];
        if (c == ',' || c == ';') {
            return false;
        }
        if (c != '\\') {
            out += c;
            continue;
        }
        if (++i >= value.size()) {
            return false;
        }
        switch (value[i]) {
            case '\\':
            case ';':
            case ',':
                out += value[i];
                break;
            case 'n':
            case 'N':
                out += '\n';
                break;
            default:
                return false;
        }
    }
    return true;
}

inline ical_check check_icalendar(const std::string& text) {
    ical_check result;
    auto problem = [&](std::size_t line, const std::string& what) {
        result.problems.push_back("line " + std::to_string(line) + ": " + what);
    };
    if (text.empty() || !text.ends_with("\r\n")) {
        result.problems.push_back("the stream must end with CRLF");
    }
    // Physical lines.
    std::vector<std::string> unfolded;
    std::size_t pos = 0;
    std::size_t number = 0;
    while (pos < text.size()) {
        auto end = text.find("\r\n", pos);
        if (end == std::string::npos) {
            end = text.size();
        }
        std::string physical = text.substr(pos, end - pos);
        ++number;
        pos = end + 2;
        if (physical.find('\n') != std::string::npos || physical.find('\r') != std::string::npos) {
            problem(number, "bare CR or LF inside a line");
        }
        if (physical.size() > 75) {
            problem(number, "longer than 75 octets (" + std::to_string(physical.size()) + ")");
        }
        if (physical.starts_with(" ") || physical.starts_with("\t")) {
            if (unfolded.empty()) {
                problem(number, "continuation without a line to continue");
                continue;
            }
            if (physical.size() > 1 && (static_cast<unsigned char>(physical[1]) & 0xC0) == 0x80) {
                problem(number, "folding split a UTF-8 character");
            }
            unfolded.back() += physical.substr(1);
        } else {
            if (physical.empty()) {
                problem(number, "empty line");
                continue;
            }
            unfolded.push_back(physical);
        }
    }
    // Content lines: name *(";" param) ":" value.
    static const std::regex name_re("[A-Za-z0-9-]+");
    for (std::size_t i = 0; i < unfolded.size(); ++i) {
        const auto& raw = unfolded[i];
        if (!valid_utf8(raw)) {
            problem(i + 1, "not UTF-8");
        }
        content_line cl;
        std::size_t p = 0;
        while (p < raw.size() && raw[p] != ';' && raw[p] != ':') {
            ++p;
        }
        cl.name = raw.substr(0, p);
        if (!std::regex_match(cl.name, name_re)) {
            problem(i + 1, "bad property name \"" + cl.name + "\"");
        }
        while (p < raw.size() && raw[p] == ';') {
            auto eq = raw.find('=', p);
            if (eq == std::string::npos) {
                problem(i + 1, "parameter without =");
                break;
            }
            auto q = eq + 1;
            if (q < raw.size() && raw[q] == '"') {
                q = raw.find('"', q + 1);
                q = q == std::string::npos ? raw.size() : q + 1;
            } else {
                while (q < raw.size() && raw[q] != ';' && raw[q] != ':') {
                    ++q;
                }
            }
            cl.params[raw.substr(p + 1, eq - p - 1)] = raw.substr(eq + 1, q - eq - 1);
            p = q;
        }
        if (p >= raw.size() || raw[p] != ':') {
            problem(i + 1, "no ':' after the name");
            continue;
        }
        cl.value = raw.substr(p + 1);
        result.lines.push_back(cl);
    }
    // Structure.
    static const std::regex utc_time("\\d{8}T\\d{6}Z");
    static const std::regex local_time("\\d{8}T\\d{6}");

    struct open_component {
        std::string name;
        std::map<std::string, int> counts;
        std::map<std::string, std::string> values;
    };

    std::vector<open_component> stack;
    std::set<std::string> timezones;
    std::set<std::string> uids;
    int calendars = 0;
    for (std::size_t i = 0; i < result.lines.size(); ++i) {
        const auto& cl = result.lines[i];
        if (cl.name == "BEGIN") {
            if (stack.empty() && cl.value != "VCALENDAR") {
                problem(i + 1, "the outermost component must be VCALENDAR");
            }
            if (cl.value == "VCALENDAR") {
                ++calendars;
            }
            if (cl.value == "VEVENT" && (stack.empty() || stack.back().name != "VCALENDAR")) {
                problem(i + 1, "VEVENT outside VCALENDAR");
            }
            stack.push_back({cl.value, {}, {}});
            continue;
        }
        if (cl.name == "END") {
            if (stack.empty() || stack.back().name != cl.value) {
                problem(
                    i + 1,
                    "END:" + cl.value + " does not close " +
                        (stack.empty() ? std::string("anything") : stack.back().name)
                );
                continue;
            }
            auto& counts = stack.back().counts;
            auto& values = stack.back().values;
            const auto component = stack.back().name;
            auto need_once = [&](const char* prop) {
                if (counts[prop] != 1) {
                    problem(i + 1, component + " needs exactly one " + prop);
                }
            };
            if (component == "VCALENDAR") {
                need_once("VERSION");
                need_once("PRODID");
            } else if (component == "VEVENT") {
                need_once("UID");
                need_once("DTSTAMP");
                need_once("DTSTART");
                if (!uids.insert(values["UID"]).second) {
                    problem(i + 1, "duplicate UID " + values["UID"]);
                }
                if (values.contains("DTEND") && values["DTEND"] <= values["DTSTART"]) {
                    problem(i + 1, "DTEND is not after DTSTART");
                }
            } else if (component == "VTIMEZONE") {
                timezones.insert(values["TZID"]);
            }
            stack.pop_back();
            continue;
        }
        if (stack.empty()) {
            problem(i + 1, cl.name + " outside any component");
            continue;
        }
        ++stack.back().counts[cl.name];
        stack.back().values[cl.name] = cl.value;
        if (cl.name == "VERSION" && cl.value != "2.0") {
            problem(i + 1, "VERSION must be 2.0");
        }
        if (cl.name == "DTSTAMP" || cl.name == "DTSTART" || cl.name == "DTEND") {
            auto tzid = cl.params.find("TZID");
            if (std::regex_match(cl.value, utc_time)) {
                if (tzid != cl.params.end()) {
                    problem(i + 1, cl.name + ": a UTC time must not carry a TZID");
                }
            } else if (std::regex_match(cl.value, local_time) && tzid != cl.params.end() &&
                       cl.name != "DTSTAMP") {
                if (!timezones.contains(tzid->second)) {
                    problem(i + 1, cl.name + ": TZID " + tzid->second + " has no VTIMEZONE");
                }
            } else {
                problem(i + 1, cl.name + ": neither a UTC time nor a time with a known TZID");
            }
        }
        if (cl.name == "SUMMARY" || cl.name == "LOCATION" || cl.name == "DESCRIPTION" ||
            cl.name == "X-WR-CALNAME" || cl.name == "UID") {
            std::string plain;
            if (!unescape_text(cl.value, plain)) {
                problem(i + 1, cl.name + ": badly escaped TEXT");
            }
        }
    }
    if (!stack.empty()) {
        result.problems.push_back("unclosed component " + stack.back().name);
    }
    if (calendars != 1) {
        result.problems.push_back("expected exactly one VCALENDAR");
    }
    return result;
}

}  // namespace zaedno::appointments::test
