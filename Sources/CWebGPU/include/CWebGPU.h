// C view of wgpu-native: the standard webgpu.h plus wgpu-native's extensions (wgpu.h includes webgpu.h).
// The headers live in .deps/wgpu/include (scripts/bootstrap unpacks them from the pinned wgpu wheel);
// a path relative to this file lets every importer find them without extra search paths.
#pragma once
#include "../../../.deps/wgpu/include/wgpu.h"
