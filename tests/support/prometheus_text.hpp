// A strict reader of the Prometheus text format, so tests check /metrics the way a scraper would.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace zaedno::test {

struct prometheus_sample {
    std::string name;
    std::map<std::string, std::string> labels;
    double value = 0;
};

struct prometheus_scrape {
    std::map<std::string, std::string> types;  // family → counter|gauge|histogram|...
    std::vector<prometheus_sample> samples;
    std::vector<std::string> errors;  // empty when the text is well-formed

    double value(const std::string& name, const std::map<std::string, std::string>& labels) const;
    bool has(const std::string& name) const;
};

prometheus_scrape parse_prometheus(const std::string& text);

}  // namespace zaedno::test
