/* The device core's only way to its storage: a flash driver's four calls over one region of NOR flash, with
 * three sizes; mirrors src/MicroTL/Storage/IFlashMedium.cs. The QEMU firmware's medium is a static array with the
 * NOR rules enforced (mtl_ram_flash.h); on an nRF52840 the application gives one whose calls drive the NVMC over
 * a region of its flash (the linker script reserves it, section .mtl_store_flash).
 *
 * NOR semantics, enforced by every implementation: erase sets whole erase blocks to 0xFF; program writes only
 * onto erased bytes, in whole program units at unit-aligned addresses; addresses are byte offsets from the
 * region's start. After sync returns, every program and erase done before is durable. Each call returns
 * MTL_STATUS_OK or MTL_STATUS_FLASH_ERROR (outside the region, misaligned, not erased, or the part failed). */
#ifndef MTL_FLASH_H
#define MTL_FLASH_H

#include <stdint.h>

#include "mtl_types.h"

typedef struct mtl_flash mtl_flash;

struct mtl_flash {
    const char *name;               /* how errors name the region */
    int32_t size_bytes;             /* addresses are in [0, size_bytes) */
    int32_t erase_block_bytes;      /* the nRF52840's flash page: 4096 */
    int32_t program_unit_bytes;     /* the nRF52840's NVMC writes 32-bit words: 4 */
    mtl_status (*read)(mtl_flash *self, int32_t address, uint8_t *destination, int32_t length);
    mtl_status (*program)(mtl_flash *self, int32_t address, const uint8_t *source, int32_t length);
    mtl_status (*erase)(mtl_flash *self, int32_t address, int32_t length);
    mtl_status (*sync)(mtl_flash *self);
    void *context;                  /* the driver's own state */
};

#endif /* MTL_FLASH_H */
