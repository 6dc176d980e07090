// JPEG through libjpeg-turbo. libjpeg reports fatal errors by calling error_exit, whose default calls
// exit(); ours longjmps back to kiln_jpeg_decode, which is the only frame between setjmp and libjpeg,
// so no Swift frame is ever skipped.
#include "CImageShim.h"
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jpeglib.h>
#include <jerror.h>

typedef struct {
    struct jpeg_error_mgr manager;
    jmp_buf jump;
    int truncated;
} KilnJPEGErrors;

static void kiln_jpeg_error_exit(j_common_ptr info) {
    longjmp(((KilnJPEGErrors *)info->err)->jump, 1);
}

// Warnings (level < 0) are silenced, except that running out of data marks the image truncated:
// libjpeg would otherwise pad the rest of the image with gray and call it a success.
static void kiln_jpeg_emit_message(j_common_ptr info, int level) {
    KilnJPEGErrors *errors = (KilnJPEGErrors *)info->err;
    if (level < 0) {
        errors->manager.num_warnings++;
        if (errors->manager.msg_code == JWRN_JPEG_EOF) errors->truncated = 1;
    }
}

static void kiln_jpeg_output_message(j_common_ptr info) { (void)info; }

// Adobe's CMYK JPEGs store inverted ink values; others store plain ones. Both become RGB by multiplying.
static void kiln_cmyk_to_rgba(const uint8_t *cmyk, uint8_t *rgba, uint32_t width, int inverted) {
    for (uint32_t x = 0; x < width; x++) {
        unsigned c = cmyk[4 * x], m = cmyk[4 * x + 1], y = cmyk[4 * x + 2], k = cmyk[4 * x + 3];
        if (!inverted) { c = 255 - c; m = 255 - m; y = 255 - y; k = 255 - k; }
        rgba[4 * x] = (uint8_t)((c * k + 127) / 255);
        rgba[4 * x + 1] = (uint8_t)((m * k + 127) / 255);
        rgba[4 * x + 2] = (uint8_t)((y * k + 127) / 255);
        rgba[4 * x + 3] = 255;
    }
}

// The largest reduction libjpeg offers (1/8, 1/4, 1/2) that keeps both sides at least min_side.
static unsigned kiln_jpeg_scale_denominator(uint32_t width, uint32_t height, uint32_t min_side) {
    if (min_side == 0) return 1;
    for (unsigned denominator = 8; denominator > 1; denominator /= 2) {
        if ((width + denominator - 1) / denominator >= min_side && (height + denominator - 1) / denominator >= min_side)
            return denominator;
    }
    return 1;
}

KilnImageStatus kiln_jpeg_decode(const uint8_t *data, size_t size, uint64_t max_pixels, uint32_t min_side,
                                 KilnDecodedImage *out) {
    struct jpeg_decompress_struct info;
    KilnJPEGErrors errors;
    memset(out, 0, sizeof *out);
    memset(&info, 0, sizeof info);
    info.err = jpeg_std_error(&errors.manager);
    errors.manager.error_exit = kiln_jpeg_error_exit;
    errors.manager.emit_message = kiln_jpeg_emit_message;
    errors.manager.output_message = kiln_jpeg_output_message;
    errors.truncated = 0;

    // Everything allocated below lives in `out` (memory, not registers) or in libjpeg's pools, so it is
    // still reachable here after a longjmp.
    if (setjmp(errors.jump)) {
        char text[JMSG_LENGTH_MAX];
        errors.manager.format_message((j_common_ptr)&info, text);
        KilnImageStatus status = errors.truncated ? KILN_IMAGE_TRUNCATED : KILN_IMAGE_INVALID;
        if (errors.truncated)
            snprintf(out->message, sizeof out->message, "JPEG data is truncated (%s)", text);
        else
            snprintf(out->message, sizeof out->message, "invalid JPEG: %s", text);
        jpeg_destroy_decompress(&info);
        free(out->pixels);
        free(out->exif);
        out->pixels = NULL;
        out->exif = NULL;
        return status;
    }
    jpeg_create_decompress(&info);
    jpeg_mem_src(&info, data, (unsigned long)size);
    jpeg_save_markers(&info, JPEG_APP0 + 1, 0xFFFF);
    jpeg_read_header(&info, TRUE);

    uint64_t pixels = (uint64_t)info.image_width * info.image_height;
    if (pixels > max_pixels) {
        snprintf(out->message, sizeof out->message, "JPEG is %ux%u = %llu pixels, above the limit of %llu",
                 info.image_width, info.image_height, (unsigned long long)pixels, (unsigned long long)max_pixels);
        jpeg_destroy_decompress(&info);
        return KILN_IMAGE_TOO_LARGE;
    }
    for (jpeg_saved_marker_ptr marker = info.marker_list; marker; marker = marker->next) {
        if (marker->marker == JPEG_APP0 + 1 && marker->data_length > 6 && memcmp(marker->data, "Exif\0\0", 6) == 0) {
            out->exif = malloc(marker->data_length);
            if (out->exif) {
                memcpy(out->exif, marker->data, marker->data_length);
                out->exif_size = marker->data_length;
            }
            break;
        }
    }
    int cmyk = info.jpeg_color_space == JCS_CMYK || info.jpeg_color_space == JCS_YCCK;
    info.out_color_space = cmyk ? JCS_CMYK : JCS_EXT_RGBA;
    info.scale_num = 1;
    info.scale_denom = kiln_jpeg_scale_denominator(info.image_width, info.image_height, min_side);
    jpeg_start_decompress(&info);

    out->width = info.output_width;
    out->height = info.output_height;
    out->pixels = malloc((size_t)out->width * out->height * 4);
    if (!out->pixels) {
        snprintf(out->message, sizeof out->message, "out of memory for a %ux%u image", out->width, out->height);
        jpeg_destroy_decompress(&info);
        free(out->exif);
        out->exif = NULL;
        return KILN_IMAGE_NO_MEMORY;
    }
    JSAMPARRAY cmyk_row = cmyk ? info.mem->alloc_sarray((j_common_ptr)&info, JPOOL_IMAGE, out->width * 4, 1) : NULL;
    while (info.output_scanline < info.output_height) {
        uint8_t *row = out->pixels + (size_t)info.output_scanline * out->width * 4;
        if (cmyk) {
            jpeg_read_scanlines(&info, cmyk_row, 1);
            kiln_cmyk_to_rgba(cmyk_row[0], row, out->width, info.saw_Adobe_marker);
        } else {
            JSAMPROW rows[1] = {row};
            jpeg_read_scanlines(&info, rows, 1);
        }
    }
    jpeg_finish_decompress(&info);
    jpeg_destroy_decompress(&info);
    if (errors.truncated) {
        snprintf(out->message, sizeof out->message, "JPEG data is truncated: it ends before the image does");
        kiln_image_release(out);
        return KILN_IMAGE_TRUNCATED;
    }
    return KILN_IMAGE_OK;
}

void kiln_image_release(KilnDecodedImage *image) {
    free(image->pixels);
    free(image->exif);
    image->pixels = NULL;
    image->exif = NULL;
}
