// A step-limited Lua pattern matcher behind string.find, match, gmatch and gsub.
//
// Rule authors copy patterns from the Lua manual and the web, so this must be Lua 5.4's matcher:
// the same answers, the same error messages and the same "pattern too complex" depth as stock
// lstrlib.c (PatternDifferentialTests compares the two on thousands of generated calls). What it
// adds is a meter: every backtracking step is counted and charged to the shared instruction
// budget, so a pattern that would backtrack for hours stops at the limit like any loop in Lua.
#include "CLuaGuard.h"
#include "Internal.h"
#include <ctype.h>
#include <lua5.4/lauxlib.h>
#include <string.h>

#define MAX_CAPTURES 32
#define MAX_DEPTH 200
#define CAPTURE_OPEN (-1)
#define CAPTURE_POSITION (-2)
#define STEPS_PER_CHARGE 256
#define UNITS_PER_CHARGE 16

typedef struct Matcher {
    const char *subject;
    const char *subjectEnd;
    const char *patternEnd;
    lua_State *L;
    int depth;
    int captureCount;
    uint64_t steps;
    uint64_t charged;
    struct {
        const char *start;
        ptrdiff_t length;
    } captures[MAX_CAPTURES];
} Matcher;

static void add_steps(Matcher *m, uint64_t n) {
    m->steps += n;
    if (m->steps - m->charged >= STEPS_PER_CHARGE) {
        clg_charge(m->L, (int64_t)((m->steps - m->charged) * UNITS_PER_CHARGE / STEPS_PER_CHARGE));
        m->charged = m->steps;
    }
}

static void step(Matcher *m) { add_steps(m, 1); }

static void reset(Matcher *m) {
    m->captureCount = 0;
    m->depth = 0;
}

static void start_matcher(Matcher *m, lua_State *L, const char *s, size_t ls, const char *p, size_t lp) {
    m->L = L;
    m->subject = s;
    m->subjectEnd = s + ls;
    m->patternEnd = p + lp;
    m->steps = 0;
    m->charged = 0;
    reset(m);
}

// The matcher below follows the control flow of Lua 5.4's lstrlib.c item for item: where stock
// Lua recurses, this recurses (so "pattern too complex" comes at the same depth), and where stock
// Lua jumps back to the top of `match` (a tail call), this loops. Answers and error messages are
// therefore Lua's; the only addition is the step count charged to the instruction budget.

// The end of the single-character class starting at p. A pattern is a Lua string, so reading the
// byte at patternEnd (its terminating NUL) is safe, as lstrlib relies on too.
static const char *class_end(Matcher *m, const char *p) {
    switch (*p++) {
    case '%':
        if (p == m->patternEnd) luaL_error(m->L, "malformed pattern (ends with '%%')");
        return p + 1;
    case '[':
        if (*p == '^') p++;
        do {  // the first character of a set is never its end, so "[]]" is a set of ']'
            if (p == m->patternEnd) luaL_error(m->L, "malformed pattern (missing ']')");
            if (*(p++) == '%' && p < m->patternEnd) p++;  // skip escapes such as '%]'
        } while (*p != ']');
        return p + 1;
    default:
        return p;
    }
}

static int class_matches(int c, int cls) {
    int result;
    switch (tolower(cls)) {
    case 'a': result = isalpha(c); break;
    case 'c': result = iscntrl(c); break;
    case 'd': result = isdigit(c); break;
    case 'g': result = isgraph(c); break;
    case 'l': result = islower(c); break;
    case 'p': result = ispunct(c); break;
    case 's': result = isspace(c); break;
    case 'u': result = isupper(c); break;
    case 'w': result = isalnum(c); break;
    case 'x': result = isxdigit(c); break;
    case 'z': result = (c == 0); break;  // deprecated in 5.2, still in 5.4: rules copy it from the web
    default: return cls == c;
    }
    return islower(cls) ? (result != 0) : (result == 0);
}

// p points at '[', last at the closing ']'.
static int set_matches(int c, const char *p, const char *last) {
    int found = 1;
    if (p[1] == '^') {
        found = 0;
        p++;
    }
    while (++p < last) {
        if (*p == '%') {
            p++;
            if (class_matches(c, (unsigned char)*p)) return found;
        } else if (p[1] == '-' && p + 2 < last) {
            p += 2;
            if ((unsigned char)p[-2] <= c && c <= (unsigned char)*p) return found;
        } else if ((unsigned char)*p == c) {
            return found;
        }
    }
    return !found;
}

static int single_matches(Matcher *m, const char *s, const char *p, const char *ep) {
    if (s >= m->subjectEnd) return 0;
    int c = (unsigned char)*s;
    switch (*p) {
    case '.': return 1;
    case '%': return class_matches(c, (unsigned char)p[1]);
    case '[': return set_matches(c, p, ep - 1);
    default: return (unsigned char)*p == c;
    }
}

static const char *match(Matcher *m, const char *s, const char *p);

static const char *match_balance(Matcher *m, const char *s, const char *p) {
    if (p >= m->patternEnd - 1) luaL_error(m->L, "malformed pattern (missing arguments to '%%b')");
    if (s >= m->subjectEnd || *s != *p) return NULL;
    char open = p[0], close = p[1];
    int level = 1;
    while (++s < m->subjectEnd) {
        step(m);
        if (*s == close) {
            if (--level == 0) return s + 1;
        } else if (*s == open) {
            level++;
        }
    }
    return NULL;
}

static const char *expand_greedy(Matcher *m, const char *s, const char *p, const char *ep) {
    ptrdiff_t count = 0;
    while (single_matches(m, s + count, p, ep)) {
        count++;
        step(m);
    }
    for (; count >= 0; count--) {
        step(m);
        const char *r = match(m, s + count, ep + 1);
        if (r) return r;
    }
    return NULL;
}

static const char *expand_lazy(Matcher *m, const char *s, const char *p, const char *ep) {
    for (;;) {
        step(m);
        const char *r = match(m, s, ep + 1);
        if (r) return r;
        if (!single_matches(m, s, p, ep)) return NULL;
        s++;
    }
}

static const char *open_capture(Matcher *m, const char *s, const char *p, ptrdiff_t what) {
    if (m->captureCount >= MAX_CAPTURES) luaL_error(m->L, "too many captures");
    m->captures[m->captureCount].start = s;
    m->captures[m->captureCount].length = what;
    m->captureCount++;
    const char *r = match(m, s, p);
    if (!r) m->captureCount--;
    return r;
}

static const char *close_capture(Matcher *m, const char *s, const char *p) {
    int open = -1;
    for (int i = m->captureCount - 1; i >= 0; i--) {
        if (m->captures[i].length == CAPTURE_OPEN) {
            open = i;
            break;
        }
    }
    if (open < 0) luaL_error(m->L, "invalid pattern capture");
    m->captures[open].length = s - m->captures[open].start;
    const char *r = match(m, s, p);
    if (!r) m->captures[open].length = CAPTURE_OPEN;
    return r;
}

static const char *match_backreference(Matcher *m, const char *s, int digit) {
    int index = digit - '1';
    if (index < 0 || index >= m->captureCount || m->captures[index].length == CAPTURE_OPEN)
        luaL_error(m->L, "invalid capture index %%%d", index + 1);
    size_t length = (size_t)m->captures[index].length;
    add_steps(m, 1 + length / 16);  // the comparison is as long as the capture
    if ((size_t)(m->subjectEnd - s) >= length && memcmp(m->captures[index].start, s, length) == 0) return s + length;
    return NULL;
}

static const char *match(Matcher *m, const char *s, const char *p) {
    if (++m->depth > MAX_DEPTH) luaL_error(m->L, "pattern too complex");
    for (;;) {  // each `continue` is one of lstrlib's `goto init`
        step(m);
        if (p == m->patternEnd) break;  // end of pattern: s is the match's end
        if (*p == '(') {
            s = (p[1] == ')') ? open_capture(m, s, p + 2, CAPTURE_POSITION) : open_capture(m, s, p + 1, CAPTURE_OPEN);
            break;
        }
        if (*p == ')') {
            s = close_capture(m, s, p + 1);
            break;
        }
        if (*p == '$' && p + 1 == m->patternEnd) {
            s = (s == m->subjectEnd) ? s : NULL;
            break;
        }
        if (*p == '%' && p[1] == 'b') {
            s = match_balance(m, s, p + 2);
            if (!s) break;
            p += 4;
            continue;
        }
        if (*p == '%' && p[1] == 'f') {
            p += 2;
            if (*p != '[') luaL_error(m->L, "missing '[' after '%%f' in pattern");
            const char *ep = class_end(m, p);
            int previous = (s == m->subject) ? 0 : (unsigned char)s[-1];
            int current = (s < m->subjectEnd) ? (unsigned char)*s : 0;
            if (!set_matches(previous, p, ep - 1) && set_matches(current, p, ep - 1)) {
                p = ep;
                continue;
            }
            s = NULL;
            break;
        }
        if (*p == '%' && isdigit((unsigned char)p[1])) {
            s = match_backreference(m, s, (unsigned char)p[1]);
            if (!s) break;
            p += 2;
            continue;
        }
        // A single-character class and its optional suffix.
        const char *ep = class_end(m, p);
        if (!single_matches(m, s, p, ep)) {
            if (*ep == '*' || *ep == '?' || *ep == '-') {  // may match nothing
                p = ep + 1;
                continue;
            }
            s = NULL;
            break;
        }
        if (*ep == '?') {
            const char *r = match(m, s + 1, ep + 1);
            if (r) {
                s = r;
                break;
            }
            p = ep + 1;
            continue;
        }
        if (*ep == '+') {
            s = expand_greedy(m, s + 1, p, ep);
            break;
        }
        if (*ep == '*') {
            s = expand_greedy(m, s, p, ep);
            break;
        }
        if (*ep == '-') {
            s = expand_lazy(m, s, p, ep);
            break;
        }
        s++;
        p = ep;
    }
    m->depth--;
    return s;
}

// --- captures ------------------------------------------------------------------------------

static void push_capture(Matcher *m, int i, const char *s, const char *e) {
    if (i >= m->captureCount) {
        if (i != 0) luaL_error(m->L, "invalid capture index %%%d", i + 1);
        lua_pushlstring(m->L, s, (size_t)(e - s));
        return;
    }
    ptrdiff_t length = m->captures[i].length;
    if (length == CAPTURE_OPEN) luaL_error(m->L, "unfinished capture");
    if (length == CAPTURE_POSITION)
        lua_pushinteger(m->L, (m->captures[i].start - m->subject) + 1);
    else
        lua_pushlstring(m->L, m->captures[i].start, (size_t)length);
}

// Pushes all captures (or the whole match when there are none and s is given).
static int push_captures(Matcher *m, const char *s, const char *e) {
    int n = (m->captureCount == 0 && s) ? 1 : m->captureCount;
    luaL_checkstack(m->L, n, "too many captures");
    for (int i = 0; i < n; i++) push_capture(m, i, s, e);
    return n;
}

// --- find / match --------------------------------------------------------------------------

static size_t start_index(lua_Integer pos, size_t length) {
    if (pos > 0) return (size_t)pos;
    if (pos == 0) return 1;
    if (pos < -(lua_Integer)length) return 1;
    return length + (size_t)pos + 1;
}

static int has_specials(const char *p, size_t lp) {
    for (size_t i = 0; i < lp; i++)
        if (strchr("^$*+?.([%-", p[i]) && p[i] != 0) return 1;
    return 0;
}

static const char *plain_find(Matcher *m, const char *s, size_t ls, const char *p, size_t lp) {
    if (lp == 0) return s;
    if (lp > ls) return NULL;
    const char *last = s + (ls - lp);
    while (s <= last) {
        const char *q = memchr(s, *p, (size_t)(last - s) + 1);
        if (!q) return NULL;
        add_steps(m, 1 + lp / 16);
        if (memcmp(q + 1, p + 1, lp - 1) == 0) return q;
        s = q + 1;
    }
    return NULL;
}

static int find_or_match(lua_State *L, int find) {
    size_t ls, lp;
    const char *s = luaL_checklstring(L, 1, &ls);
    const char *p = luaL_checklstring(L, 2, &lp);
    size_t init = start_index(luaL_optinteger(L, 3, 1), ls) - 1;
    if (init > ls) {
        luaL_pushfail(L);
        return 1;
    }
    Matcher m;
    start_matcher(&m, L, s, ls, p, lp);
    if (find && (lua_toboolean(L, 4) || !has_specials(p, lp))) {
        const char *q = plain_find(&m, s + init, ls - init, p, lp);
        if (q) {
            lua_pushinteger(L, (q - s) + 1);
            lua_pushinteger(L, (lua_Integer)((q - s) + lp));
            return 2;
        }
        luaL_pushfail(L);
        return 1;
    }
    const char *subject = s + init;
    int anchored = (lp > 0 && *p == '^');
    if (anchored) p++;
    do {
        reset(&m);
        const char *e = match(&m, subject, p);
        if (e) {
            if (find) {
                lua_pushinteger(L, (subject - s) + 1);
                lua_pushinteger(L, e - s);
                return push_captures(&m, NULL, NULL) + 2;
            }
            return push_captures(&m, subject, e);
        }
    } while (subject++ < m.subjectEnd && !anchored);
    luaL_pushfail(L);
    return 1;
}

static int string_find(lua_State *L) { return find_or_match(L, 1); }
static int string_match(lua_State *L) { return find_or_match(L, 0); }

// --- gmatch --------------------------------------------------------------------------------

static int gmatch_step(lua_State *L) {
    size_t ls, lp;
    const char *s = lua_tolstring(L, lua_upvalueindex(1), &ls);
    const char *p = lua_tolstring(L, lua_upvalueindex(2), &lp);
    lua_Integer position = lua_tointeger(L, lua_upvalueindex(3));
    lua_Integer lastMatch = lua_tointeger(L, lua_upvalueindex(4));
    Matcher m;
    start_matcher(&m, L, s, ls, p, lp);
    for (const char *subject = s + position; subject <= m.subjectEnd; subject++) {
        reset(&m);
        const char *e = match(&m, subject, p);
        if (e && (lastMatch < 0 || e != s + lastMatch)) {
            lua_pushinteger(L, e - s);
            lua_replace(L, lua_upvalueindex(3));
            lua_pushinteger(L, e - s);
            lua_replace(L, lua_upvalueindex(4));
            return push_captures(&m, subject, e);
        }
    }
    return 0;
}

static int string_gmatch(lua_State *L) {
    size_t ls;
    luaL_checklstring(L, 1, &ls);
    luaL_checkstring(L, 2);
    size_t init = start_index(luaL_optinteger(L, 3, 1), ls) - 1;
    if (init > ls) init = ls + 1;
    lua_settop(L, 2);
    lua_pushinteger(L, (lua_Integer)init);
    lua_pushinteger(L, -1);
    lua_pushcclosure(L, gmatch_step, 4);
    return 1;
}

// --- gsub ----------------------------------------------------------------------------------

static void add_replacement_string(Matcher *m, luaL_Buffer *b, const char *s, const char *e) {
    lua_State *L = m->L;
    size_t l;
    const char *r = lua_tolstring(L, 3, &l);
    const char *end = r + l;
    while (r < end) {
        step(m);
        const char *percent = memchr(r, '%', (size_t)(end - r));
        if (!percent) {
            luaL_addlstring(b, r, (size_t)(end - r));
            break;
        }
        luaL_addlstring(b, r, (size_t)(percent - r));
        r = percent + 1;
        if (r >= end) luaL_error(L, "invalid use of '%%' in replacement string");
        if (*r == '%') {
            luaL_addchar(b, '%');
        } else if (isdigit((unsigned char)*r)) {
            if (*r == '0')
                luaL_addlstring(b, s, (size_t)(e - s));
            else {
                push_capture(m, *r - '1', s, e);
                luaL_tolstring(L, -1, NULL);
                lua_remove(L, -2);
                luaL_addvalue(b);
            }
        } else {
            luaL_error(L, "invalid use of '%%' in replacement string");
        }
        r++;
    }
}

static void add_replacement(Matcher *m, luaL_Buffer *b, const char *s, const char *e, int kind) {
    lua_State *L = m->L;
    if (kind == LUA_TFUNCTION) {
        lua_pushvalue(L, 3);
        int n = push_captures(m, s, e);
        lua_call(L, n, 1);
    } else if (kind == LUA_TTABLE) {
        push_capture(m, 0, s, e);
        lua_gettable(L, 3);
    } else {
        add_replacement_string(m, b, s, e);
        return;
    }
    if (!lua_toboolean(L, -1)) {
        lua_pop(L, 1);
        luaL_addlstring(b, s, (size_t)(e - s));
    } else if (!lua_isstring(L, -1)) {
        luaL_error(L, "invalid replacement value (a %s)", luaL_typename(L, -1));
    } else {
        luaL_addvalue(b);
    }
}

static int string_gsub(lua_State *L) {
    size_t ls, lp;
    const char *s = luaL_checklstring(L, 1, &ls);
    const char *p = luaL_checklstring(L, 2, &lp);
    int kind = lua_type(L, 3);
    lua_Integer maxReplacements = luaL_optinteger(L, 4, (lua_Integer)ls + 1);
    luaL_argexpected(L, kind == LUA_TNUMBER || kind == LUA_TSTRING || kind == LUA_TFUNCTION || kind == LUA_TTABLE, 3,
                     "string/function/table");
    int anchored = (lp > 0 && *p == '^');
    if (anchored) {
        p++;
        lp--;
    }
    Matcher m;
    start_matcher(&m, L, s, ls, p, lp);
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    const char *subject = s;
    const char *lastMatch = NULL;
    lua_Integer n = 0;
    while (n < maxReplacements) {
        reset(&m);
        const char *e = match(&m, subject, p);
        if (e && e != lastMatch) {
            n++;
            add_replacement(&m, &b, subject, e, kind);
            subject = lastMatch = e;
        } else if (subject < m.subjectEnd) {
            luaL_addchar(&b, *subject++);
        } else {
            break;
        }
        if (anchored) break;
    }
    luaL_addlstring(&b, subject, (size_t)(m.subjectEnd - subject));
    luaL_pushresult(&b);
    lua_pushinteger(L, n);
    return 2;
}

void clg_install_string(lua_State *L) {
    lua_pushcfunction(L, string_find);
    lua_setfield(L, -2, "find");
    lua_pushcfunction(L, string_match);
    lua_setfield(L, -2, "match");
    lua_pushcfunction(L, string_gmatch);
    lua_setfield(L, -2, "gmatch");
    lua_pushcfunction(L, string_gsub);
    lua_setfield(L, -2, "gsub");
}
