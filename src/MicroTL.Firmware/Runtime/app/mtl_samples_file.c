/* The samples file (SessionSamplesFile.cs), little-endian, read through the C library (semihosting on the device):
 *   "MTLSMPL1" (8 bytes), int32 input_bytes, int32 train_count, int32 test_count,
 *   then train_count + test_count records: int32 label, input_bytes bytes of the model's input tensor. */
#include <stdio.h>
#include <string.h>

#include "mtl_samples.h"

#define SAMPLES_FILE "samples.bin"

static FILE *samples;
static int32_t sample_bytes;

static int read_int(int32_t *value)
{
    uint8_t b[4];
    if (fread(b, 1, 4, samples) != 4) return 0;
    *value = (int32_t)((uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24);
    return 1;
}

int mtl_samples_open(int32_t input_bytes, int32_t *train_count, int32_t *test_count)
{
    char magic[8];
    int32_t bytes;
    samples = fopen(SAMPLES_FILE, "rb");
    if (samples == NULL) return -1;
    if (fread(magic, 1, 8, samples) != 8 || memcmp(magic, "MTLSMPL1", 8) != 0) return -2;
    if (!read_int(&bytes) || !read_int(train_count) || !read_int(test_count)) return -3;
    if (bytes != input_bytes || *train_count < 0 || *test_count < 0) return -4;
    sample_bytes = input_bytes;
    return 0;
}

int mtl_samples_next(uint8_t *input, int32_t *label)
{
    if (samples == NULL || !read_int(label)) return -1;
    return fread(input, 1, (size_t)sample_bytes, samples) == (size_t)sample_bytes ? 0 : -2;
}

void mtl_samples_close(void)
{
    if (samples != NULL) fclose(samples);
    samples = NULL;
}
