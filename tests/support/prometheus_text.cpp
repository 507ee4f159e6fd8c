// Checks metric and label names, escapes, values, TYPE before samples, histogram invariants.
#include "tests/support/prometheus_text.hpp"

#include <cmath>
#include <regex>
#include <sstream>
#include <stdexcept>

namespace zaedno::test {

namespace {

const std::regex metric_name{R"([a-zA-Z_:][a-zA-Z0-9_:]*)"};
const std::regex label_name{R"([a-zA-Z_][a-zA-Z0-9_]*)"};

bool parse_value(const std::string& text, double& out) {
    if (text == "+Inf") {
        out = INFINITY;
        return true;
    }
    if (text == "-Inf") {
        out = -INFINITY;
        return true;
    }
    if (text == "NaN") {
        out = NAN;
        return true;
    }
    try {
        std::size_t used = 0;
        out = std::stod(text, &used);
        return used == text.size();
    } catch (const std::exception&) {
        return false;
    }
}

std::string family_of(const std::string& sample, const std::map<std::string, std::string>& types) {
    for (const char* suffix : {"_bucket", "_sum", "_count"}) {
        std::string s(suffix);
        if (sample.size() > s.size() && sample.ends_with(s)) {
            auto base = sample.substr(0, sample.size() - s.size());
            auto it = types.find(base);
            if (it != types.end() && it->second == "histogram") {
                return base;
            }
        }
    }
    return sample;
}

}  // namespace

double prometheus_scrape::value(
    const std::string& name, const std::map<std::string, std::string>& labels
) const {
    for (const auto& s : samples) {
        if (s.name != name) {
            continue;
        }
        bool all = true;
        for (const auto& [k, v] : labels) {
            auto it = s.labels.find(k);
            all = all && it != s.labels.end() && it->second == v;
        }
        if (all) {
            return s.value;
        }
    }
    return NAN;
}

bool prometheus_scrape::has(const std::string& name) const {
    for (const auto& s : samples) {
        if (s.name == name) {
            return true;
        }
    }
    return false;
}

prometheus_scrape parse_prometheus(const std::string& text) {
    prometheus_scrape out;
    if (!text.empty() && text.back() != '\n') {
        out.errors.emplace_back("text does not end with a newline");
    }
    std::istringstream lines(text);
    std::string line;
    int number = 0;
    while (std::getline(lines, line)) {
        ++number;
        auto where = "line " + std::to_string(number) + ": ";
        if (line.empty()) {
            continue;
        }
        if (line.starts_with("# TYPE ")) {
            std::istringstream parts(line.substr(7));
            std::string name;
            std::string type;
            parts >> name >> type;
            if (!std::regex_match(name, metric_name)) {
                out.errors.push_back(where + "bad metric name in TYPE");
            }
            if (type != "counter" && type != "gauge" && type != "histogram" && type != "summary" &&
                type != "untyped") {
                out.errors.push_back(where + "bad type " + type);
            }
            if (out.types.contains(name)) {
                out.errors.push_back(where + "second TYPE for " + name);
            }
            out.types[name] = type;
            continue;
        }
        if (line.starts_with("#")) {
            continue;  // HELP and comments
        }
        prometheus_sample sample;
        std::size_t i = 0;
        while (i < line.size() && line[i] != '{' && line[i] != ' ') {
            ++i;
        }
        sample.name = line.substr(0, i);
        if (!std::regex_match(sample.name, metric_name)) {
            out.errors.push_back(where + "bad metric name '" + sample.name + "'");
            continue;
        }
        if (i < line.size() && line[i] == '{') {
            ++i;
            while (i < line.size() && line[i] != '}') {
                auto eq = line.find('=', i);
                if (eq == std::string::npos || eq + 1 >= line.size() || line[eq + 1] != '"') {
                    out.errors.push_back(where + "bad label syntax");
                    break;
                }
                auto key = line.substr(i, eq - i);
                if (!std::regex_match(key, label_name)) {
                    out.errors.push_back(where + "bad label name '" + key + "'");
                }
                std::string value;
                std::size_t j = eq + 2;
                bool closed = false;
                for (; j < line.size(); ++j) {
                    if (line[j] == '\\' && j + 1 < line.size()) {
                        char next = line[++j];
                        if (next != '\\' && next != '"' && next != 'n') {
                            out.errors.push_back(where + "bad escape in label value");
                        }
                        value += next == 'n' ? '\n' : next;
                    } else if (line[j] == '"') {
                        closed = true;
                        break;
                    } else {
                        value += line[j];
                    }
                }
                if (!closed) {
                    out.errors.push_back(where + "unterminated label value");
                    break;
                }
                sample.labels[key] = value;
                i = j + 1;
                if (i < line.size() && line[i] == ',') {
                    ++i;
                }
            }
            if (i >= line.size() || line[i] != '}') {
                out.errors.push_back(where + "labels not closed");
                continue;
            }
            ++i;
        }
        if (i >= line.size() || line[i] != ' ') {
            out.errors.push_back(where + "missing value");
            continue;
        }
        auto rest = line.substr(i + 1);
        auto space = rest.find(' ');
        if (!parse_value(rest.substr(0, space), sample.value)) {
            out.errors.push_back(where + "bad value '" + rest + "'");
            continue;
        }
        auto family = family_of(sample.name, out.types);
        if (!out.types.contains(family)) {
            out.errors.push_back(where + "sample before its TYPE: " + sample.name);
        }
        out.samples.push_back(std::move(sample));
    }
    // Histogram buckets must be cumulative and end in +Inf equal to _count.
    for (const auto& [family, type] : out.types) {
        if (type != "histogram") {
            continue;
        }
        std::map<std::string, double> last_per_series;
        for (const auto& s : out.samples) {
            if (s.name != family + "_bucket") {
                continue;
            }
            auto labels = s.labels;
            auto le = labels["le"];
            labels.erase("le");
            std::string series;
            for (const auto& [k, v] : labels) {
                series += k + "=" + v + ",";
            }
            auto it = last_per_series.find(series);
            if (it != last_per_series.end() && s.value < it->second) {
                out.errors.push_back(family + ": bucket counts decrease in " + series);
            }
            last_per_series[series] = s.value;
            if (le == "+Inf") {
                auto count = out.value(family + "_count", labels);
                if (count != s.value) {
                    out.errors.push_back(family + ": +Inf bucket differs from _count");
                }
            }
        }
    }
    return out;
}

}  // namespace zaedno::test
