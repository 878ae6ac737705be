// C++ exceptions of a mingw-w64 g++ program (static libgcc/libstdc++): libgcc's SEH personality drives
// RaiseException, RtlUnwindEx, RtlVirtualUnwind, RtlLookupFunctionEntry and RtlCaptureContext.
// Every line it prints is fixed, so the output is compared with cxx_exceptions.expected.
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

static std::string trail; // destructor order across the frames unwound

struct guard {
    char tag;
    explicit guard(char t) : tag(t)
    {
    }
    ~guard()
    {
        trail += tag;
    }
};

struct custom_error {
    int code;
    std::string where;
};

__attribute__((noinline)) static void throw_int(int v)
{
    throw v;
}

__attribute__((noinline)) static int level3(int v)
{
    guard g('3');
    if (v > 0)
        throw std::runtime_error("deep failure " + std::to_string(v));
    return v;
}

__attribute__((noinline)) static int level2(int v)
{
    guard g('2');
    std::vector<int> keep(16, v);
    return level3(v) + keep[0];
}

__attribute__((noinline)) static int level1(int v)
{
    guard g('1');
    return level2(v) * 2;
}

__attribute__((noinline)) static void rethrower()
{
    try {
        throw custom_error{42, "rethrower"};
    } catch (custom_error &e) {
        e.code++;
        throw; // the same object goes on
    }
}

__attribute__((noinline)) static void thrower_via_pointer(void (*fn)(int), int v)
{
    fn(v);
}

int main()
{
    int passed = 0, total = 0;

    // 1. an int
    total++;
    try {
        throw_int(7);
        std::printf("1 not thrown\n");
    } catch (int v) {
        std::printf("1 caught int %d\n", v);
        passed += v == 7;
    }

    // 2. std::runtime_error through three frames, destructors run innermost first
    total++;
    trail.clear();
    try {
        level1(5);
        std::printf("2 not thrown\n");
    } catch (const std::exception &e) {
        std::printf("2 caught \"%s\" after destructors %s\n", e.what(), trail.c_str());
        passed += trail == "321";
    }

    // 3. no exception: destructors run normally, value returned
    total++;
    trail.clear();
    int r = level1(0);
    std::printf("3 returned %d destructors %s\n", r, trail.c_str());
    passed += r == 0 && trail == "321";

    // 4. rethrow keeps the object
    total++;
    try {
        rethrower();
    } catch (const custom_error &e) {
        std::printf("4 rethrown %s code %d\n", e.where.c_str(), e.code);
        passed += e.code == 43;
    }

    // 5. catch (...)
    total++;
    try {
        thrower_via_pointer(throw_int, 9);
    } catch (...) {
        std::printf("5 caught by ellipsis\n");
        passed++;
    }

    // 6. the library throws: vector::at
    total++;
    try {
        std::vector<int> v(3);
        v.at(10) = 1;
        std::printf("6 not thrown\n");
    } catch (const std::out_of_range &) {
        std::printf("6 caught out_of_range\n");
        passed++;
    }

    // 7. a throw inside a catch block, caught by an outer handler
    total++;
    try {
        try {
            throw_int(1);
        } catch (int) {
            throw std::logic_error("from handler");
        }
    } catch (const std::logic_error &e) {
        std::printf("7 caught \"%s\"\n", e.what());
        passed++;
    }

    // 8. the wrong type passes through an inner try to an outer one
    total++;
    trail.clear();
    try {
        try {
            guard g('a');
            throw std::string("text");
        } catch (int) {
            std::printf("8 wrong handler\n");
        }
    } catch (const std::string &s) {
        std::printf("8 caught string %s destructors %s\n", s.c_str(), trail.c_str());
        passed += s == "text" && trail == "a";
    }

    // 9. many exceptions in a row (no leak of dispatcher state)
    total++;
    int count = 0;
    for (int i = 0; i < 1000; i++) {
        try {
            level1(i + 1);
        } catch (const std::runtime_error &) {
            count++;
        }
    }
    std::printf("9 caught %d of 1000\n", count);
    passed += count == 1000;

    std::printf("%d of %d passed\n", passed, total);
    return passed == total ? 0 : 1;
}
