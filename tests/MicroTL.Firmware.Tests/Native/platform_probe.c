/* Test program of the platform layer; each build turns on what one test probes:
 *   (default)             spins loops of 10^3..10^6 iterations, prints "loop N INSTRUCTIONS" for each
 *   STACK_BYTES_USED=N    also writes an N-byte buffer on the stack (the high-water mark must see it)
 *   STATIC_RAM_BYTES=N    also keeps an N-byte array in .bss (too much for the nRF52840 fails to link)
 *   EXIT_STATUS=N         main returns N (default 0)
 *   FAULT                 executes an undefined instruction (the fault handler must end the run)
 *   HANG                  never returns (the host's timeout must end the run) */
#include <stdint.h>
#include <stdio.h>

#include "mtl_platform.h"

#ifndef EXIT_STATUS
#define EXIT_STATUS 0
#endif

#ifdef STATIC_RAM_BYTES
static volatile uint8_t static_ram[STATIC_RAM_BYTES];
#endif

/* noinline: each call is one measured loop of n iterations of a volatile add. */
static __attribute__((noinline)) void spin(uint32_t n)
{
    volatile uint32_t sum = 0;
    for (uint32_t i = 0; i < n; i++) sum += i;
}

#ifdef STACK_BYTES_USED
static __attribute__((noinline)) uint32_t use_stack(void)
{
    volatile uint8_t buffer[STACK_BYTES_USED];
    for (uint32_t i = 0; i < STACK_BYTES_USED; i++) buffer[i] = (uint8_t)i;
    return buffer[STACK_BYTES_USED - 1];
}
#endif

int main(void)
{
    static const uint32_t sizes[] = { 1000, 10000, 100000, 1000000 };
    for (unsigned i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        uint64_t start = mtl_instructions();
        spin(sizes[i]);
        uint64_t instructions = mtl_instructions() - start;
        printf("loop %lu %llu\n", (unsigned long)sizes[i], (unsigned long long)instructions);
    }
#ifdef STACK_BYTES_USED
    printf("stack %lu\n", (unsigned long)use_stack());
#endif
#ifdef STATIC_RAM_BYTES
    static_ram[STATIC_RAM_BYTES - 1] = 1;
#endif
#ifdef FAULT
    __asm volatile(".short 0xde00"); /* UDF #0 */
#endif
#ifdef HANG
    for (;;) {
    }
#endif
    return EXIT_STATUS;
}
