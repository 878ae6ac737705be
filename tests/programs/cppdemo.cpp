// A C++ program linked statically against libstdc++: strings, containers, iostream formatting,
// std::sort with a lambda.  Everything it prints is a pure function of its input.
#include <algorithm>
#include <iomanip>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

struct city {
    std::string name;
    int population; // thousands
    double area;    // km^2
};

int main()
{
    std::vector<city> cities = {
        {"Lisbon", 545, 100.05}, {"Oslo", 709, 454.0},   {"Vienna", 1982, 414.87},
        {"Bern", 134, 51.62},    {"Dublin", 592, 117.8}, {"Riga", 605, 304.0},
    };

    std::sort(cities.begin(), cities.end(),
              [](const city &a, const city &b) { return a.population > b.population; });

    std::cout << std::left << std::setw(8) << "city" << std::right << std::setw(8) << "pop" << std::setw(10)
              << "density" << '\n';
    for (const auto &c : cities)
        std::cout << std::left << std::setw(8) << c.name << std::right << std::setw(8) << c.population
                  << std::setw(10) << std::fixed << std::setprecision(2) << c.population * 1000.0 / c.area
                  << '\n';

    std::map<char, int> letters;
    std::string all;
    for (const auto &c : cities)
        all += c.name;
    for (char ch : all)
        letters[static_cast<char>(std::tolower(static_cast<unsigned char>(ch)))]++;
    std::cout << "letters:";
    for (const auto &kv : letters)
        std::cout << ' ' << kv.first << '=' << kv.second;
    std::cout << std::endl;

    std::vector<std::string> words;
    std::istringstream in("the quick brown fox jumps over the lazy dog");
    for (std::string w; in >> w;)
        words.push_back(w);
    std::sort(words.begin(), words.end(), [](const std::string &a, const std::string &b) {
        return a.size() != b.size() ? a.size() < b.size() : a < b;
    });
    words.erase(std::unique(words.begin(), words.end()), words.end());
    std::ostringstream joined;
    for (size_t i = 0; i < words.size(); i++)
        joined << (i ? "," : "") << words[i];
    std::cout << "words: " << joined.str() << " (" << words.size() << ")\n";

    std::cout << std::hex << std::showbase << 255 << ' ' << std::oct << 8 << std::dec << std::noshowbase
              << ' ' << std::scientific << std::setprecision(3) << 12345.678 << ' ' << std::defaultfloat
              << 0.1 + 0.2 << ' ' << std::boolalpha << (words.size() == 8) << '\n';
    std::cout << std::setfill('*') << std::setw(12) << std::internal << -42 << std::setfill(' ') << '\n';

    long long sum = 0;
    std::vector<long long> big(100000);
    for (size_t i = 0; i < big.size(); i++)
        big[i] = static_cast<long long>(i * i % 1000003);
    std::sort(big.begin(), big.end(), [](long long a, long long b) { return a > b; });
    for (size_t i = 0; i < 10; i++)
        sum += big[i];
    std::cout << "top10 sum " << sum << ", min " << big.back() << '\n';
    std::string s = "Hello";
    s.append(", world").insert(0, ">> ");
    std::cout << s << " length " << s.length() << " find(world)=" << s.find("world") << std::endl;
    return 0;
}
