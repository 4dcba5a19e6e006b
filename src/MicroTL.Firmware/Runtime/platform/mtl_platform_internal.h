/* Hooks between the startup code and mtl_platform.c; not for application code. */
#ifndef MTL_PLATFORM_INTERNAL_H
#define MTL_PLATFORM_INTERNAL_H

/* Fills the unused part of the stack region with MTL_STACK_PAINT; called once at reset. */
void mtl_stack_paint(void);

/* Starts SysTick from the processor clock with its wrap interrupt; called once at reset. */
void mtl_ticks_start(void);

/* The SysTick exception: counts one wrap of the 24-bit counter. */
void mtl_systick_handler(void);

#endif /* MTL_PLATFORM_INTERNAL_H */
