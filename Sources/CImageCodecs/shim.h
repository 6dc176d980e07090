// libjpeg-turbo and libpng, the codecs behind kiln:image.
#pragma once
#include <stdio.h>
#include <jpeglib.h>
#include <png.h>
