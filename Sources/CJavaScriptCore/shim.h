// JavaScriptCore's public C API plus the exported-but-private functions Kiln relies on.
#pragma once
#include <JavaScriptCore/JavaScript.h>
#include <stdbool.h>

// Private API (exported by libjavascriptcoregtk-4.1); prototypes declared here because no public header has them.
typedef bool (*JSShouldTerminateCallback)(JSContextRef ctx, void *context);
void JSContextGroupSetExecutionTimeLimit(JSContextGroupRef group, double limit,
                                         JSShouldTerminateCallback callback, void *context);
void JSContextGroupClearExecutionTimeLimit(JSContextGroupRef group);
JSObjectRef JSObjectMakeDeferredPromise(JSContextRef ctx, JSObjectRef *resolve, JSObjectRef *reject,
                                        JSValueRef *exception);
void JSGlobalContextSetUnhandledRejectionCallback(JSGlobalContextRef ctx, JSObjectRef function,
                                                  JSValueRef *exception);
JSObjectRef JSGetMemoryUsageStatistics(JSContextRef ctx);
