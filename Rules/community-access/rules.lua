-- Community Access: the behaviour of Rules/community-access/template.yaml.
-- Fixtures: Fixtures/community-access/.
-- luacheck: read globals sp

---@type SupportPlanRules
local R = { items = {} }

local WHEELED = { "Manual wheelchair", "Power wheelchair", "Mobility scooter" }

-- Wheelchair and scooter users travel by public transport only on a checked route.
R.items.outing = {
  complete = function(ctx)
    local v = ctx.item.values
    if v.transport == "Public transport" and sp.contains(WHEELED, ctx.client.profile.mobility_aid)
      and v.accessible_route_checked ~= true then
      return false, "Check the route to " .. (v.destination or "the destination")
        .. " is accessible (lifts, ramps, low-floor services)"
    end
    return true
  end,
}

-- A contact the worker cannot phone is no help while out.
R.items.travel_contacts = {
  candidates = function(_, record)
    return type(record.phone) == "string" and sp.is_phone(record.phone)
  end,
}

return R
