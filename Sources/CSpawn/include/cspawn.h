#ifndef CSPAWN_H
#define CSPAWN_H
#include <spawn.h>

/// Sets the working directory of a spawned child. Glibc declares the underlying call only
/// under _GNU_SOURCE, which Swift's Glibc module does not define.
int cspawn_file_actions_addchdir(posix_spawn_file_actions_t *actions, const char *path);

#endif
