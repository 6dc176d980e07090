// CWebGPU has no C code of its own; SwiftPM needs one source file to build the module and carry its link flags.
#include "CWebGPU.h"
