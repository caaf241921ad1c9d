#include "CLuaGuard.h"
int cluaguard_version(void) { return 1; }
