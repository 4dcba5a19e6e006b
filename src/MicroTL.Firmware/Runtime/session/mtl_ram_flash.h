/* A flash medium over a byte array, with the NOR rules of mtl_flash.h enforced; mirrors
 * src/MicroTL/Storage/RamFlashMedium.cs. The QEMU firmware's store region (a static array in its own section) and
 * the host tests' medium. A new medium is not erased by mtl_ram_flash_init: erase it, or give it an image. */
#ifndef MTL_RAM_FLASH_H
#define MTL_RAM_FLASH_H

#include "mtl_flash.h"

/* Makes `flash` a medium over `bytes` (size_bytes long) with the given geometry; MTL_STATUS_ARGUMENT_ERROR unless
 * both sizes are positive and the program unit divides the erase block (FlashGeometry.Validated). */
mtl_status mtl_ram_flash_init(mtl_flash *flash, const char *name, uint8_t *bytes, int32_t size_bytes,
    int32_t erase_block_bytes, int32_t program_unit_bytes);

#endif /* MTL_RAM_FLASH_H */
