/* The native ELF counterpart of tests/programs/bench_hello.c, the baseline of tests/bench/run. */
#include <stdio.h>

int main(void)
{
    puts("Hello, world!");
    return 0;
}
