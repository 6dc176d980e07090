// PNG through libpng's progressive-free "low-level" reader with libpng's transformations (expand palette
// and low bit depths, tRNS to alpha, 16 to 8 bits with rounding, gray to RGB, add opaque alpha, Adam7).
// libpng's simplified API was tried first; it mis-decodes interlaced 16-bit RGBA (rows out of place), so
// errors are caught here with setjmp, as with libjpeg. Gamma chunks are ignored, as Pillow does.
#include "CImageShim.h"
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <png.h>

typedef struct {
    const uint8_t *data;
    size_t size;
    size_t offset;
    int truncated;
    png_bytep *rows;   // kept here, not in a local, so it can be freed after a longjmp
    jmp_buf jump;
    char message[200];
} KilnPNGReader;

static void kiln_png_read(png_structp png, png_bytep target, size_t count) {
    KilnPNGReader *reader = png_get_io_ptr(png);
    if (reader->size - reader->offset < count) {
        reader->truncated = 1;
        png_error(png, "the data ends before the image does");
    }
    memcpy(target, reader->data + reader->offset, count);
    reader->offset += count;
}

static void kiln_png_error(png_structp png, png_const_charp message) {
    KilnPNGReader *reader = png_get_error_ptr(png);
    snprintf(reader->message, sizeof reader->message, "%s", message);
    longjmp(reader->jump, 1);
}

static void kiln_png_warning(png_structp png, png_const_charp message) { (void)png; (void)message; }

KilnImageStatus kiln_png_decode(const uint8_t *data, size_t size, uint64_t max_pixels, KilnDecodedImage *out) {
    KilnPNGReader reader;
    memset(out, 0, sizeof *out);
    memset(&reader, 0, sizeof reader);
    reader.data = data;
    reader.size = size;
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &reader, kiln_png_error, kiln_png_warning);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    if (!png || !info) {
        png_destroy_read_struct(&png, &info, NULL);
        snprintf(out->message, sizeof out->message, "out of memory starting the PNG decoder");
        return KILN_IMAGE_NO_MEMORY;
    }
    if (setjmp(reader.jump)) {
        png_destroy_read_struct(&png, &info, NULL);
        free(reader.rows);
        free(out->pixels);
        out->pixels = NULL;
        snprintf(out->message, sizeof out->message, "%s PNG: %s", reader.truncated ? "truncated" : "invalid", reader.message);
        return reader.truncated ? KILN_IMAGE_TRUNCATED : KILN_IMAGE_INVALID;
    }
    png_set_read_fn(png, &reader, kiln_png_read);
    png_read_info(png, info);

    png_uint_32 width = png_get_image_width(png, info), height = png_get_image_height(png, info);
    uint64_t pixels = (uint64_t)width * height;
    if (pixels > max_pixels) {
        snprintf(out->message, sizeof out->message, "PNG is %ux%u = %llu pixels, above the limit of %llu",
                 width, height, (unsigned long long)pixels, (unsigned long long)max_pixels);
        png_destroy_read_struct(&png, &info, NULL);
        return KILN_IMAGE_TOO_LARGE;
    }
    int color_type = png_get_color_type(png, info);
    png_set_expand(png);
    png_set_scale_16(png);
    png_set_gray_to_rgb(png);
    if (!(color_type & PNG_COLOR_MASK_ALPHA) && !png_get_valid(png, info, PNG_INFO_tRNS))
        png_set_add_alpha(png, 0xFF, PNG_FILLER_AFTER);
    png_set_interlace_handling(png);
    png_read_update_info(png, info);
    if (png_get_rowbytes(png, info) != (size_t)width * 4) png_error(png, "unsupported pixel layout after conversion");

    out->width = width;
    out->height = height;
    out->pixels = malloc((size_t)width * height * 4);
    reader.rows = malloc(sizeof(png_bytep) * (height ? height : 1));
    if (!out->pixels || !reader.rows) png_error(png, "out of memory for the image");
    for (png_uint_32 y = 0; y < height; y++) reader.rows[y] = out->pixels + (size_t)y * width * 4;
    png_read_image(png, reader.rows);
    // Chunks after the image data (and IEND) are not needed for the pixels, so they are not read.
    png_destroy_read_struct(&png, &info, NULL);
    free(reader.rows);
    return KILN_IMAGE_OK;
}
