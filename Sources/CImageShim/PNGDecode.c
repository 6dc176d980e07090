// PNG through libpng's simplified API, which handles every color type, bit depth, palette, tRNS and
// interlacing, and catches libpng's longjmp errors itself.
#include "CImageShim.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <png.h>

KilnImageStatus kiln_png_decode(const uint8_t *data, size_t size, uint64_t max_pixels, KilnDecodedImage *out) {
    png_image image;
    memset(out, 0, sizeof *out);
    memset(&image, 0, sizeof image);
    image.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_memory(&image, data, size)) {
        snprintf(out->message, sizeof out->message, "invalid PNG: %s", image.message);
        png_image_free(&image);
        return KILN_IMAGE_INVALID;
    }
    uint64_t pixels = (uint64_t)image.width * image.height;
    if (pixels > max_pixels) {
        snprintf(out->message, sizeof out->message, "PNG is %ux%u = %llu pixels, above the limit of %llu",
                 image.width, image.height, (unsigned long long)pixels, (unsigned long long)max_pixels);
        png_image_free(&image);
        return KILN_IMAGE_TOO_LARGE;
    }
    image.format = PNG_FORMAT_RGBA;
    // 16-bit samples are gamma-encoded like 8-bit ones unless the file says otherwise; without this flag
    // libpng would treat them as linear light and brighten them on the way to 8 bits.
    image.flags |= PNG_IMAGE_FLAG_16BIT_sRGB;
    out->width = image.width;
    out->height = image.height;
    out->pixels = malloc(PNG_IMAGE_SIZE(image));
    if (!out->pixels) {
        snprintf(out->message, sizeof out->message, "out of memory for a %ux%u image", image.width, image.height);
        png_image_free(&image);
        return KILN_IMAGE_NO_MEMORY;
    }
    if (!png_image_finish_read(&image, NULL, out->pixels, 0, NULL)) {
        int truncated = strstr(image.message, "end") != NULL || strstr(image.message, "Not enough") != NULL
            || strstr(image.message, "IDAT") != NULL;
        snprintf(out->message, sizeof out->message, "%s PNG: %s", truncated ? "truncated" : "invalid", image.message);
        png_image_free(&image);
        kiln_image_release(out);
        return truncated ? KILN_IMAGE_TRUNCATED : KILN_IMAGE_INVALID;
    }
    return KILN_IMAGE_OK;
}
