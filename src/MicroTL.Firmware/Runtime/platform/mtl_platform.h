/* MicroTL platform layer for a Cortex-M4F: startup, instruction counter, stack high-water mark.
 *
 * The reset handler (startup_cortex_m4.c) enables the FPU, copies .data, zeroes .bss, paints the
 * stack, starts SysTick, opens the semihosting stdio (newlib rdimon), calls main(), prints one
 * report line (MTL_PLATFORM_REPORT_PREFIX) and exits with main's status through semihosting, which
 * ends QEMU with that exit code.
 *
 * Instruction counts: SysTick runs from the processor clock with its 24-bit counter wrapping into
 * an interrupt that counts wraps, so the count is 64-bit. Under QEMU's `-icount shift=0` on
 * mps2-an386, one tick is MTL_INSTRUCTIONS_PER_TICK (40) executed instructions; these are
 * instruction counts, not Cortex-M4 cycles. On a real part a tick is one core clock cycle. */
#ifndef MTL_PLATFORM_H
#define MTL_PLATFORM_H

#include <stdint.h>

/* Instructions per SysTick tick: 40 under QEMU mps2-an386 with -icount shift=0 (its 25 MHz
 * SysTick clock against the 1 GHz virtual clock); a build for hardware defines 1 (ticks are cycles). */
#ifndef MTL_INSTRUCTIONS_PER_TICK
#define MTL_INSTRUCTIONS_PER_TICK 40u
#endif

/* The line main's caller prints after main returns, followed by space-separated key=value pairs:
 * instructions (of main), stack_high_water_bytes, stack_bytes, heap_bytes (the heap newlib took, from `end` to its
 * break), exit_code. */
#define MTL_PLATFORM_REPORT_PREFIX "mtl-platform:"

/* Exit code of a fault handler (HardFault, MemManage, BusFault, UsageFault, an unexpected IRQ). */
#define MTL_EXIT_FAULT 70

/* SysTick ticks since reset (64-bit: the 24-bit counter's wraps are counted by its interrupt). */
uint64_t mtl_ticks(void);

/* Instructions since reset, mtl_ticks() * MTL_INSTRUCTIONS_PER_TICK (resolution: one tick). */
uint64_t mtl_instructions(void);

/* Bytes of the stack region ever written since reset: the region is painted with a pattern at
 * reset and scanned from its low end for the first word that changed. */
uint32_t mtl_stack_high_water_bytes(void);

/* Bytes of the stack region (the linker's __stack_size). */
uint32_t mtl_stack_bytes(void);

#endif /* MTL_PLATFORM_H */
