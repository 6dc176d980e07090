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

// GLib main-context functions (glib-2.0, which JavaScriptCore links): on Linux, WTF's RunLoop — where JSC posts
// FinalizationRegistry cleanup, GC timers and cross-thread work — is the thread's default GMainContext, and the
// isolate thread drives it (Sources/JavaScript/Core/GLibMainContext.swift). Declared here instead of including
// <glib.h>, which would pull all of GLib into every module that imports JavaScript. On Unix, GPollFD has
// the layout of struct pollfd (GLib hands its array to poll() as is), so the prototypes use struct pollfd.
#include <poll.h>
typedef struct _GMainContext GMainContext;
GMainContext *g_main_context_new(void);
void g_main_context_unref(GMainContext *context);
void g_main_context_push_thread_default(GMainContext *context);
void g_main_context_pop_thread_default(GMainContext *context);
int g_main_context_prepare(GMainContext *context, int *priority);
int g_main_context_query(GMainContext *context, int max_priority, int *timeout, struct pollfd *fds, int n_fds);
int g_main_context_check(GMainContext *context, int max_priority, struct pollfd *fds, int n_fds);
void g_main_context_dispatch(GMainContext *context);
void g_main_context_wakeup(GMainContext *context);

// Names isolate threads (top, perf, /proc); glibc declares it only under _GNU_SOURCE, which Swift's Glibc
// module is built without.
#include <pthread.h>
int pthread_setname_np(pthread_t thread, const char *name);
