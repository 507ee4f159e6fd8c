// Names the calling thread as `top -H`, `perf` and /proc/PID/task/*/comm show it, so an
// operator (and bench/webhook_load) can tell the storage thread from the network threads.
#pragma once

#include <pthread.h>

namespace zaedno {

/// Linux keeps at most 15 characters; longer names are cut there.
inline void name_this_thread(const char* name) {
    char cut[16] = {};
    for (int i = 0; i < 15 && name[i] != '\0'; ++i) {
        cut[i] = name[i];
    }
    pthread_setname_np(pthread_self(), cut);
}

}  // namespace zaedno
