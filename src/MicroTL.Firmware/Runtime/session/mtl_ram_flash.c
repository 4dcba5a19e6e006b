/* RamFlashMedium in C: FlashRange's checks, then plain memory reads and writes. */
#include <string.h>

#include "mtl_ram_flash.h"

static int inside(const mtl_flash *self, int32_t address, int32_t length)
{
    return address >= 0 && length >= 0 && (int64_t)address + length <= self->size_bytes;
}

static mtl_status ram_read(mtl_flash *self, int32_t address, uint8_t *destination, int32_t length)
{
    if (!inside(self, address, length)) return MTL_STATUS_FLASH_ERROR;
    memcpy(destination, (const uint8_t *)self->context + address, (size_t)length);
    return MTL_STATUS_OK;
}

static mtl_status ram_program(mtl_flash *self, int32_t address, const uint8_t *source, int32_t length)
{
    if (!inside(self, address, length)) return MTL_STATUS_FLASH_ERROR;
    if (address % self->program_unit_bytes != 0 || length % self->program_unit_bytes != 0) return MTL_STATUS_FLASH_ERROR;
    uint8_t *target = (uint8_t *)self->context + address;
    for (int32_t i = 0; i < length; i++)
        if (target[i] != 0xFFu) return MTL_STATUS_FLASH_ERROR; /* NOR flash programs only erased bytes */
    memcpy(target, source, (size_t)length);
    return MTL_STATUS_OK;
}

static mtl_status ram_erase(mtl_flash *self, int32_t address, int32_t length)
{
    if (!inside(self, address, length)) return MTL_STATUS_FLASH_ERROR;
    if (address % self->erase_block_bytes != 0 || length % self->erase_block_bytes != 0) return MTL_STATUS_FLASH_ERROR;
    memset((uint8_t *)self->context + address, 0xFF, (size_t)length);
    return MTL_STATUS_OK;
}

static mtl_status ram_sync(mtl_flash *self)
{
    (void)self; /* nothing is cached */
    return MTL_STATUS_OK;
}

mtl_status mtl_ram_flash_init(mtl_flash *flash, const char *name, uint8_t *bytes, int32_t size_bytes,
    int32_t erase_block_bytes, int32_t program_unit_bytes)
{
    if (bytes == 0 || size_bytes < 0 || erase_block_bytes <= 0 || program_unit_bytes <= 0 || erase_block_bytes % program_unit_bytes != 0)
        return MTL_STATUS_ARGUMENT_ERROR;
    flash->name = name;
    flash->size_bytes = size_bytes;
    flash->erase_block_bytes = erase_block_bytes;
    flash->program_unit_bytes = program_unit_bytes;
    flash->read = ram_read;
    flash->program = ram_program;
    flash->erase = ram_erase;
    flash->sync = ram_sync;
    flash->context = bytes;
    return MTL_STATUS_OK;
}
