/// The Lua chunk both sides of the differential pattern test run: the same text in the sandbox and
/// in a stock state, so any difference in its output is a difference in the string functions.
///
/// Each case's answer is one line: `ok` and every returned value, or `error` and the message.
/// Strings are written with `\ddd` escapes, so the answer is ASCII and crosses into Swift whole.
enum PatternDriver {
    static func source(_ cases: [PatternCase]) -> String {
        """
        local find, match, gmatch, gsub = string.find, string.match, string.gmatch, string.gsub
        local byte, char, format, concat, pack = string.byte, string.char, string.format, table.concat, table.pack
        local ESC = {}
        for i = 0, 255 do
          ESC[i] = (i >= 32 and i < 127 and i ~= 92 and i ~= 34) and char(i) or format("\\\\%03d", i)
        end
        local function enc(v)
          if type(v) == "string" then
            local out = {}
            for i = 1, #v do out[i] = ESC[byte(v, i)] end
            return '"' .. concat(out) .. '"'
          elseif type(v) == "number" then
            return math.type(v) .. " " .. format("%.17g", v)
          end
          return tostring(v)
        end
        local function encpack(r)
          local out = {}
          for i = 1, r.n do out[i] = enc(r[i]) end
          return concat(out, ", ")
        end
        -- Called through a local so an argument error names the function the same way on both sides.
        local function call(f, ...)
          return encpack(pack(f(...)))
        end
        local function all(s, p, init)
          local it = gmatch(s, p, init)
          local out = {}
          for k = 1, 40 do
            local r = pack(it())
            if r[1] == nil then break end
            out[k] = "{" .. encpack(r) .. "}"
          end
          return concat(out, " ")
        end
        local REPL = {
          t = { a = "A", b = 7, c = false, ab = "AB", [" "] = "_", ["%"] = "%1", [1] = "one", [3] = 2.5 },
          tbad = { a = {}, b = true },
          f = function(...)
            local n = select("#", ...)
            local a = ...
            if n >= 3 then return nil end
            if math.type(a) == "integer" then return a * 10 end
            if a == "a" then return false end
            return "<" .. concat(pack(...), "|", 1, n) .. ">"
          end,
          fbad = function(a) if a == "" then return nil end return {} end,
        }
        local CASES = {
        \(cases.map { "  " + $0.luaTable + "," }.joined(separator: "\n"))
        }
        local function run(c)
          local op, s, p, a, b = c[1], c[2], c[3], c[4], c[5]
          local ok, answer
          if op == "find" then ok, answer = pcall(call, find, s, p, a, b)
          elseif op == "match" then ok, answer = pcall(call, match, s, p, a)
          elseif op == "gmatch" then ok, answer = pcall(all, s, p, a)
          else ok, answer = pcall(call, gsub, s, p, a, b) end
          if ok then return "ok " .. answer end
          return "error " .. enc(answer)
        end
        return { f = function()
          local out = {}
          for i, c in ipairs(CASES) do out[i] = run(c) end
          return concat(out, "\\n")
        end }
        """
    }
}
