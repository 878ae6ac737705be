/* The start-up benchmark's program (tests/bench/run): the smallest useful Windows program, so that
 * the figures measure process start-up and shutdown, not work. */
#include <stdio.h>

int main(void)
{
    puts("Hello, world!");
    return 0;
}
