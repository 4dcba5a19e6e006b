/* Where a session firmware's labelled samples come from. On a device: the application's sensor pipeline (a window of
 * the accelerometer, quantized with the model's input quantization, and the label the user gave), through a source
 * of its own implementing these three functions. Under QEMU and on the host: mtl_samples_file.c, which reads the
 * samples file the C# writes (SessionSamplesFile) through the C library (semihosting on the device). */
#ifndef MTL_SAMPLES_H
#define MTL_SAMPLES_H

#include <stdint.h>

/* Opens the source for a model whose input tensor takes `input_bytes`; fills the number of training samples (to
 * collect) and of test samples (to predict, the host's check). Returns 0, or a negative code on failure. */
int mtl_samples_open(int32_t input_bytes, int32_t *train_count, int32_t *test_count);

/* Writes the next sample's input into `input` (input_bytes) and its label; training samples first, then test ones.
 * Returns 0, or a negative code when the source ends or fails. */
int mtl_samples_next(uint8_t *input, int32_t *label);

/* Ends the source. */
void mtl_samples_close(void);

#endif /* MTL_SAMPLES_H */
