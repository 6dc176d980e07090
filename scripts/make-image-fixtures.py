#!/usr/bin/env python3
"""Builds the image fixtures for Tests/ImagingTests into .deps/fixtures/images (never committed).

Real photos come from the scikit-image wheel (downloaded into .deps/wheels, not installed); variants
(progressive, grayscale, CMYK, alpha, palette, 16-bit, interlaced, EXIF-rotated, truncated, a
decompression bomb) are made from them with Pillow, and Pillow's own decode of each file is written
next to it as raw RGBA so the Swift decoder is checked against an independent one.
manifest.json lists every fixture: file, size, reference pixels and the tolerance to compare with.
"""
import glob, io, json, os, struct, subprocess, sys, zipfile, zlib
from PIL import Image, ImageOps

ROOT = os.path.join(os.path.dirname(__file__), "..")
OUT = os.path.join(ROOT, ".deps/fixtures/images")
WHEELS = os.path.join(ROOT, ".deps/wheels")
PHOTOS = ["astronaut.png", "chelsea.png", "coffee.png", "camera.png", "rocket.jpg", "retina.jpg",
          "hubble_deep_field.jpg"]
manifest = {}


def photos():
    wheels = glob.glob(os.path.join(WHEELS, "scikit_image-*.whl"))
    if not wheels:
        subprocess.check_call([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--only-binary=:all:",
                               "-d", WHEELS, "scikit-image==0.26.0"])
        wheels = glob.glob(os.path.join(WHEELS, "scikit_image-*.whl"))
    with zipfile.ZipFile(wheels[0]) as wheel:
        for name in PHOTOS:
            with open(os.path.join(OUT, name), "wb") as out:
                out.write(wheel.read("skimage/data/" + name))


def reference(name, image, tolerance, note=""):
    """Records `name` with `image` (a PIL image) as the expected RGBA pixels."""
    rgba = image.convert("RGBA")
    with open(os.path.join(OUT, "expected", name + ".rgba"), "wb") as out:
        out.write(rgba.tobytes())
    manifest[name] = {"width": rgba.width, "height": rgba.height, "expected": "expected/" + name + ".rgba",
                      "tolerance": tolerance, "note": note}


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)


def write_png(path, width, height, bit_depth, color_type, rows, interlaced=False):
    """A PNG writer for what Pillow cannot write: 16-bit RGB(A) and Adam7 interlacing.
    rows[y] is the raw (unfiltered) bytes of row y."""
    channels = {0: 1, 2: 3, 4: 2, 6: 4}[color_type]
    bpp = channels * bit_depth // 8
    raw = bytearray()
    if interlaced:
        for x0, y0, dx, dy in [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]:
            for y in range(y0, height, dy):
                if x0 >= width:
                    continue
                raw.append(0)
                row = rows[y]
                for x in range(x0, width, dx):
                    raw += row[x * bpp:(x + 1) * bpp]
    else:
        for row in rows:
            raw.append(0)
            raw += row
    ihdr = struct.pack(">IIBBBBB", width, height, bit_depth, color_type, 0, 0, 1 if interlaced else 0)
    with open(path, "wb") as out:
        out.write(b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) + png_chunk(b"IDAT", zlib.compress(bytes(raw), 6))
                  + png_chunk(b"IEND", b""))


def main():
    os.makedirs(os.path.join(OUT, "expected"), exist_ok=True)
    photos()
    for name in PHOTOS:
        image = Image.open(os.path.join(OUT, name))
        # JPEG decoders may differ by a rounding step in IDCT/upsampling; PNG is exact.
        reference(name, image, 3 if name.endswith(".jpg") else 0, "real photo")

    chelsea = Image.open(os.path.join(OUT, "chelsea.png")).convert("RGB")
    variants = {
        "chelsea-baseline.jpg": (chelsea, dict(quality=90)),
        "chelsea-progressive.jpg": (chelsea, dict(quality=90, progressive=True)),
        "chelsea-gray.jpg": (chelsea.convert("L"), dict(quality=90)),
        "chelsea-cmyk.jpg": (chelsea.convert("CMYK"), dict(quality=95)),
        "chelsea-444.jpg": (chelsea, dict(quality=95, subsampling=0)),
    }
    for name, (image, options) in variants.items():
        image.save(os.path.join(OUT, name), **options)
        reference(name, Image.open(os.path.join(OUT, name)), 3, "JPEG variant")

    # Alpha, palette, gray+alpha, 1-bit: Pillow writes these PNGs; references are exact.
    alpha = chelsea.copy()
    alpha.putalpha(Image.linear_gradient("L").resize(chelsea.size))
    png_variants = {
        "chelsea-rgba.png": alpha,
        "chelsea-palette.png": chelsea.quantize(64),
        "chelsea-gray-alpha.png": alpha.convert("LA"),
        "chelsea-1bit.png": chelsea.convert("1"),
    }
    transparent = chelsea.quantize(16)
    transparent.info["transparency"] = 3
    png_variants["chelsea-palette-trns.png"] = transparent
    for name, image in png_variants.items():
        image.save(os.path.join(OUT, name))
        reference(name, Image.open(os.path.join(OUT, name)), 0, "PNG variant")

    # 16-bit RGB and Adam7-interlaced PNGs: written by hand, the expected pixels are the 8-bit source.
    small = chelsea.resize((151, 100))
    pixels = small.tobytes()
    rows16 = [b"".join(bytes([v, v]) for v in pixels[y * 151 * 3:(y + 1) * 151 * 3]) for y in range(100)]
    write_png(os.path.join(OUT, "chelsea-16bit.png"), 151, 100, 16, 2, rows16)
    reference("chelsea-16bit.png", small, 0, "16-bit RGB, each sample v*257")
    rows8 = [pixels[y * 151 * 3:(y + 1) * 151 * 3] for y in range(100)]
    write_png(os.path.join(OUT, "chelsea-interlaced.png"), 151, 100, 8, 2, rows8, interlaced=True)
    reference("chelsea-interlaced.png", small, 0, "Adam7 interlaced")
    # Alpha from 128 up: at tiny alphas the color of a 16-bit sample is not recoverable in 8 bits
    # (libpng composes in premultiplied form), so the comparison would test noise.
    small_alpha = small.copy()
    small_alpha.putalpha(Image.linear_gradient("L").resize(small.size).point(lambda v: 128 + v // 2))
    rows16a = [b"".join(bytes([v, v]) for v in small_alpha.tobytes()[y * 151 * 4:(y + 1) * 151 * 4]) for y in range(100)]
    write_png(os.path.join(OUT, "chelsea-16bit-alpha-interlaced.png"), 151, 100, 16, 6, rows16a, interlaced=True)
    reference("chelsea-16bit-alpha-interlaced.png", small_alpha, 0, "16-bit RGBA, interlaced")

    # EXIF orientation: the same pixels tagged 1..8; the reference is Pillow's exif_transpose.
    for orientation in range(1, 9):
        name = f"chelsea-exif{orientation}.jpg"
        exif = Image.Exif()
        exif[0x0112] = orientation
        small.save(os.path.join(OUT, name), quality=95, exif=exif.tobytes())
        reference(name, ImageOps.exif_transpose(Image.open(os.path.join(OUT, name))), 3, "EXIF orientation")

    # Resampling references: Pillow's antialiased bilinear and box (area) filters.
    for filter_name, filter_id in [("bilinear", Image.BILINEAR), ("area", Image.BOX)]:
        for width, height in [(224, 224), (100, 67), (600, 400)]:
            resized = chelsea.resize((width, height), filter_id)
            key = f"resize-{filter_name}-{width}x{height}"
            with open(os.path.join(OUT, "expected", key + ".rgba"), "wb") as out:
                out.write(resized.convert("RGBA").tobytes())
            manifest[key] = {"width": width, "height": height, "expected": "expected/" + key + ".rgba",
                             "tolerance": 2, "note": "resize of chelsea.png"}

    # Bad input.
    baseline = open(os.path.join(OUT, "chelsea-baseline.jpg"), "rb").read()
    progressive = open(os.path.join(OUT, "chelsea-progressive.jpg"), "rb").read()
    open(os.path.join(OUT, "truncated-baseline.jpg"), "wb").write(baseline[:len(baseline) * 6 // 10])
    open(os.path.join(OUT, "truncated-progressive.jpg"), "wb").write(progressive[:len(progressive) * 6 // 10])
    open(os.path.join(OUT, "truncated-header.jpg"), "wb").write(baseline[:300])
    png = open(os.path.join(OUT, "chelsea-rgba.png"), "rb").read()
    open(os.path.join(OUT, "truncated.png"), "wb").write(png[:len(png) // 2])
    open(os.path.join(OUT, "not-an-image.bin"), "wb").write(b"<html>this is not an image</html>\n" * 20)
    # A real decompression bomb: 20000x20000 1-bit gray, all zero, ~50 MB of scanlines deflated to ~50 KB.
    compressor = zlib.compressobj(9)
    row = b"\x00" * (1 + 20000 // 8)
    idat = b"".join(compressor.compress(row) for _ in range(20000)) + compressor.flush()
    ihdr = struct.pack(">IIBBBBB", 20000, 20000, 1, 0, 0, 0, 0)
    with open(os.path.join(OUT, "bomb-20000x20000.png"), "wb") as out:
        out.write(b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) + png_chunk(b"IDAT", idat) + png_chunk(b"IEND", b""))

    with open(os.path.join(OUT, "manifest.json"), "w") as out:
        json.dump(manifest, out, indent=1, sort_keys=True)
    print(f"fixtures: {len(manifest)} references in {os.path.relpath(OUT, ROOT)}")


if __name__ == "__main__":
    main()
