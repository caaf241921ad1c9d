-- The 100-item benchmark rules: a visible, a default and a complete hook on every
-- item, each reading one or two ctx fields. bench/plan-baseline.lua loads this
-- very file, so the plain-Lua baseline and the Swift engine run the same hook bodies.
-- luacheck: read globals sp

local R = { items = {} }

-- Each item's visibility reads one profile flag (all true in the benchmark client).
local FLAGS = { "takes_medication", "uses_aac", "lives_alone", "interpreter_required", "has_behaviour_support_needs" }
-- Each item's default reads one text field of the profile.
local TEXTS = { "first_name", "suburb", "language", "gp_name" }

local function hooks(i)
  local flag = FLAGS[(i - 1) % #FLAGS + 1]
  local text = TEXTS[(i - 1) % #TEXTS + 1]
  return {
    visible = function(ctx)
      return ctx.client.profile[flag] ~= false
    end,
    default = function(ctx)
      return { value = ctx.client.profile[text] }
    end,
    complete = function(ctx)
      local v = ctx.item.values
      if sp.blank(v.value) then return false, "Enter a value" end
      if v.count ~= nil and v.count < 0 then return false, "Count can't be negative" end
      return true
    end,
  }
end

for i = 1, 100 do
  R.items[string.format("f%03d", i)] = hooks(i)
end

return R
