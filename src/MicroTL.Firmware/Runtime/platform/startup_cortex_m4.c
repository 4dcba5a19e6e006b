/* Reset handler, vector table and fault handlers of a MicroTL firmware on a Cortex-M4F.
 * The section symbols come from mtl_sections.ld; see mtl_platform.h for the run contract. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "mtl_platform.h"
#include "mtl_platform_internal.h"

extern uint32_t __data_load__[], __data_start__[], __data_end__[];
extern uint32_t __bss_start__[], __bss_end__[];
extern uint32_t __stack_limit[], __stack_top[];

/* rdimon's _sbrk refuses to grow the heap past this (its default is a marker meaning "no limit"). */
extern char *__heap_limit;

/* Where the heap starts (mtl_sections.ld), and newlib's break, for the heap the run took. */
extern char end;
extern void *sbrk(ptrdiff_t increment);

extern void initialise_monitor_handles(void);
extern int main(void);

#define CPACR (*(volatile uint32_t *)0xE000ED88u)

void mtl_reset_handler(void);
void mtl_fault_handler(void);

/* newlib's exit runs __libc_fini_array, which calls _fini; with -nostartfiles nobody else defines them. */
void _init(void) {}
void _fini(void) {}

__attribute__((noreturn)) void mtl_reset_handler(void)
{
    /* The FPU is off at reset: grant CP10/CP11 full access before any floating-point instruction. */
    CPACR |= 0xFu << 20;
    __asm volatile("dsb\n\tisb" ::: "memory");

    /* Volatile so the compiler cannot turn the loops into library calls before .data exists. */
    volatile uint32_t *src = __data_load__;
    for (volatile uint32_t *dst = __data_start__; dst < __data_end__;) *dst++ = *src++;
    for (volatile uint32_t *dst = __bss_start__; dst < __bss_end__;) *dst++ = 0;

    __heap_limit = (char *)__stack_limit;
    mtl_stack_paint();
    mtl_ticks_start();
    initialise_monitor_handles();

    uint64_t start = mtl_instructions();
    int status = main();
    uint64_t instructions = mtl_instructions() - start;
    /* The heap newlib's stdio took, measured before printf takes its own buffer for this line. */
    const unsigned long heap_bytes = (unsigned long)((char *)sbrk(0) - &end);
    printf(MTL_PLATFORM_REPORT_PREFIX " instructions=%llu stack_high_water_bytes=%lu stack_bytes=%lu heap_bytes=%lu exit_code=%d\n",
        (unsigned long long)instructions, (unsigned long)mtl_stack_high_water_bytes(),
        (unsigned long)mtl_stack_bytes(), heap_bytes, status);
    exit(status);
}

/* Any fault or unexpected interrupt: say which exception (IPSR) and end the run with MTL_EXIT_FAULT,
 * so the host sees a failure instead of a hung emulator. */
void mtl_fault_handler(void)
{
    uint32_t ipsr;
    __asm volatile("mrs %0, ipsr" : "=r"(ipsr));
    fprintf(stderr, "mtl-platform: fault, exception %lu\n", (unsigned long)(ipsr & 0x1FFu));
    _Exit(MTL_EXIT_FAULT);
}

typedef void (*mtl_vector)(void);

/* Cortex-M4 system exceptions, then the nRF52840's 48 peripheral interrupts (mps2-an386 uses fewer). */
__attribute__((section(".vectors"), used)) static const mtl_vector mtl_vectors[16 + 48] = {
    [0] = (mtl_vector)(uintptr_t)__stack_top,
    [1] = mtl_reset_handler,
    [2] = mtl_fault_handler,  /* NMI */
    [3] = mtl_fault_handler,  /* HardFault */
    [4] = mtl_fault_handler,  /* MemManage */
    [5] = mtl_fault_handler,  /* BusFault */
    [6] = mtl_fault_handler,  /* UsageFault */
    [11] = mtl_fault_handler, /* SVCall */
    [12] = mtl_fault_handler, /* DebugMonitor */
    [14] = mtl_fault_handler, /* PendSV */
    [15] = mtl_systick_handler,
    [16 ... 63] = mtl_fault_handler,
};
