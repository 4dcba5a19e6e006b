/* Instruction counter (SysTick with counted wraps) and stack high-water mark (paint and scan).
 * See mtl_platform.h for what the numbers mean. */
#include "mtl_platform.h"
#include "mtl_platform_internal.h"

#define SYST_CSR (*(volatile uint32_t *)0xE000E010u)
#define SYST_RVR (*(volatile uint32_t *)0xE000E014u)
#define SYST_CVR (*(volatile uint32_t *)0xE000E018u)
#define SCB_ICSR (*(volatile uint32_t *)0xE000ED04u)
#define SCB_ICSR_PENDSTSET (1u << 26)
#define SYST_CSR_ENABLE 1u
#define SYST_CSR_TICKINT 2u
#define SYST_CSR_CLKSOURCE 4u
/* The counter's reload value: the full 24 bits. A test build may define a smaller one to exercise
 * many wraps in a short run. */
#ifndef MTL_SYSTICK_RELOAD
#define MTL_SYSTICK_RELOAD 0x00FFFFFFu
#endif
#define SYST_PERIOD ((uint64_t)MTL_SYSTICK_RELOAD + 1u) /* ticks per wrap */

#define MTL_STACK_PAINT 0xC5AC5AC5u

extern uint32_t __stack_limit[], __stack_top[];

static volatile uint32_t systick_wraps;

void mtl_ticks_start(void)
{
    systick_wraps = 0;
    SYST_RVR = MTL_SYSTICK_RELOAD;
    SYST_CVR = 0; /* any write clears the counter; it reloads on the next tick */
    SYST_CSR = SYST_CSR_CLKSOURCE | SYST_CSR_TICKINT | SYST_CSR_ENABLE;
}

void mtl_systick_handler(void)
{
    systick_wraps++;
}

uint64_t mtl_ticks(void)
{
    /* A wrap between reading the count of wraps and the counter would mix two periods: read the
     * wraps again and retry until they did not change around the counter read. A wrap whose
     * interrupt is still pending has reloaded the counter but not been counted yet: when the
     * counter is in the upper half of its period, the reload came before the read, so count it. */
    uint32_t wraps, current, pending;
    do {
        wraps = systick_wraps;
        current = SYST_CVR;
        pending = SCB_ICSR & SCB_ICSR_PENDSTSET;
    } while (wraps != systick_wraps);
    if (pending && current > MTL_SYSTICK_RELOAD / 2u) wraps++;
    return (uint64_t)wraps * SYST_PERIOD + (MTL_SYSTICK_RELOAD - current);
}

uint64_t mtl_instructions(void)
{
    return mtl_ticks() * MTL_INSTRUCTIONS_PER_TICK;
}

/* noinline: it paints below its own frame, so it must have one of its own, below the caller's. */
__attribute__((noinline)) void mtl_stack_paint(void)
{
    uint32_t sp;
    __asm volatile("mov %0, sp" : "=r"(sp));
    for (volatile uint32_t *p = __stack_limit; (uint32_t)p < sp; p++) *p = MTL_STACK_PAINT;
}

uint32_t mtl_stack_high_water_bytes(void)
{
    const volatile uint32_t *p = __stack_limit;
    while (p < __stack_top && *p == MTL_STACK_PAINT) p++;
    return (uint32_t)((uintptr_t)__stack_top - (uintptr_t)p);
}

uint32_t mtl_stack_bytes(void)
{
    return (uint32_t)((uintptr_t)__stack_top - (uintptr_t)__stack_limit);
}
