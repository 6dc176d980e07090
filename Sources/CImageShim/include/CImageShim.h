// Decoding entry points for libjpeg-turbo and libpng that never longjmp into Swift and never exit():
// errors come back as a status and a message.
#pragma once
#include <stddef.h>
#include <stdint.h>

typedef enum {
    KILN_IMAGE_OK = 0,
    KILN_IMAGE_INVALID = 1,   // not decodable: corrupt data or an unsupported feature
    KILN_IMAGE_TOO_LARGE = 2, // width*height above the caller's pixel limit (checked before allocating)
    KILN_IMAGE_TRUNCATED = 3, // the data ends before the image does
    KILN_IMAGE_NO_MEMORY = 4,
} KilnImageStatus;

typedef struct {
    uint8_t *pixels;   // width*height RGBA, 8 bits per channel; malloc'd, free with kiln_image_release
    uint32_t width;
    uint32_t height;
    uint8_t *exif;     // JPEG only: the APP1 "Exif\0\0" payload (TIFF data follows the 6-byte header), or NULL
    size_t exif_size;
    char message[256]; // why decoding failed
} KilnDecodedImage;

// min_side > 0 lets libjpeg decode at 1/2, 1/4 or 1/8 scale (its DCT scaling: an 8x8 block average at 1/8)
// when both sides stay at least min_side: the caller shrinks the image further anyway.
KilnImageStatus kiln_jpeg_decode(const uint8_t *data, size_t size, uint64_t max_pixels, uint32_t min_side,
                                 KilnDecodedImage *out);
KilnImageStatus kiln_png_decode(const uint8_t *data, size_t size, uint64_t max_pixels, KilnDecodedImage *out);
void kiln_image_release(KilnDecodedImage *image);
