#ifndef SUPPORTPLAN_CLUAGUARD_H
#define SUPPORTPLAN_CLUAGUARD_H
// C helpers that must run inside Lua's C world (filled in by the bridge work).
int cluaguard_version(void);
#endif
