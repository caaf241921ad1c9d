-- carelib: helpers shared by the organisation's templates.
--
--   local carelib = require("carelib")
--
-- Runs in the rules sandbox: base functions, string, table, math (no random),
-- utf8 and the global `sp`. No io/os/debug/load, and no globals: everything
-- here is local and the module returns its table.
-- luacheck: read globals sp

local carelib = {}

-- Dates -----------------------------------------------------------------------

-- Days since 1970-01-01 for a proleptic Gregorian date (H. Hinnant's algorithm).
local function days_from_civil(y, m, d)
  if m <= 2 then y = y - 1 end
  local era = y // 400
  local yoe = y - era * 400
  local mp = (m + 9) % 12
  local doy = (153 * mp + 2) // 5 + d - 1
  local doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
  return era * 146097 + doe - 719468
end

local function civil_from_days(z)
  z = z + 719468
  local era = z // 146097
  local doe = z - era * 146097
  local yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
  local doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
  local mp = (5 * doy + 2) // 153
  local d = doy - (153 * mp + 2) // 5 + 1
  local m = mp < 10 and mp + 3 or mp - 9
  local y = yoe + era * 400
  if m <= 2 then y = y + 1 end
  return y, m, d
end

--- The date `n` days after `date` ("YYYY-MM-DD"), or nil when `date` is not a valid date.
---@param date string|nil
---@param n integer
---@return string|nil
function carelib.add_days(date, n)
  local t = type(date) == "string" and sp.date(date) or nil
  if t == nil then return nil end
  local y, m, d = civil_from_days(days_from_civil(t.year, t.month, t.day) + n)
  return string.format("%04d-%02d-%02d", y, m, d)
end

-- The client ------------------------------------------------------------------

--- The client's age in whole years at ctx.today, or nil when the date of birth is unset or invalid.
---@param ctx SupportPlanCtx
---@return integer|nil
function carelib.age(ctx)
  local dob = ctx.client.profile.date_of_birth
  if sp.blank(dob) then return nil end
  return sp.age(dob, ctx.today)
end

--- Under 18 at ctx.today: a parent or guardian must be recorded.
function carelib.is_minor(ctx)
  local age = carelib.age(ctx)
  return age ~= nil and age < 18
end

--- 65 or older at ctx.today: the falls risk screen applies.
function carelib.is_older_person(ctx)
  local age = carelib.age(ctx)
  return age ~= nil and age >= 65
end

--- What workers call the client: the preferred name, else the first name.
---@param profile table
---@return string|nil
function carelib.known_as(profile)
  if not sp.blank(profile.preferred_name) then return profile.preferred_name end
  return profile.first_name
end

--- An NDIS number: nine digits starting with 43 (spaces allowed between groups).
---@param s any
---@return boolean
function carelib.valid_ndis_number(s)
  if type(s) ~= "string" then return false end
  return s:gsub(" ", ""):match("^43%d%d%d%d%d%d%d$") ~= nil
end

--- A My Aged Care ID: AC followed by eight digits.
---@param s any
---@return boolean
function carelib.valid_my_aged_care_id(s)
  return type(s) == "string" and s:match("^AC%d%d%d%d%d%d%d%d$") ~= nil
end

--- The state or territory an Australian postcode belongs to, or nil.
---@param postcode any
---@return string|nil
function carelib.state_for_postcode(postcode)
  if type(postcode) ~= "string" or not postcode:match("^%d%d%d%d$") then return nil end
  local n = tonumber(postcode)
  if (n >= 200 and n <= 299) or (n >= 2600 and n <= 2618) or (n >= 2900 and n <= 2920) then return "ACT" end
  if n >= 800 and n <= 999 then return "NT" end
  if n >= 1000 and n <= 2999 then return "NSW" end
  if (n >= 3000 and n <= 3999) or (n >= 8000 and n <= 8999) then return "VIC" end
  if (n >= 4000 and n <= 4999) or n >= 9000 then return "QLD" end
  if n >= 5000 and n <= 5999 then return "SA" end
  if n >= 6000 and n <= 6999 then return "WA" end
  if n >= 7000 and n <= 7999 then return "TAS" end
  return nil
end

-- Records ---------------------------------------------------------------------

--- A record's name as people read it.
function carelib.name_of(record)
  return record.name or record.title or record.risk or record.id
end

--- A medication the client still takes.
function carelib.is_current(record)
  return record.status == "current"
end

--- Ids of the client's care contacts flagged as emergency contacts, in record order.
---@param ctx SupportPlanCtx
---@return string[]
function carelib.emergency_contact_ids(ctx)
  local ids = {}
  for _, contact in ipairs(ctx.client.records("care_contact")) do
    if contact.is_emergency_contact == true then ids[#ids + 1] = contact.id end
  end
  return ids
end

--- One message per linked contact without a phone number.
function carelib.contacts_without_phone(records)
  local problems = {}
  for _, contact in ipairs(records) do
    if sp.blank(contact.phone) then
      problems[#problems + 1] = "Add a phone number for " .. carelib.name_of(contact)
    end
  end
  return problems
end

-- Risk ------------------------------------------------------------------------

local LIKELIHOOD = { Rare = 1, Unlikely = 2, Possible = 3, Likely = 4, ["Almost certain"] = 5 }
local CONSEQUENCE = { Insignificant = 1, Minor = 2, Moderate = 3, Major = 4, Severe = 5 }

--- The organisation's 5 x 5 risk matrix: likelihood x consequence scores
--- 1-4 Low, 5-9 Medium, 10-16 High, 20-25 Extreme. Nil for unknown inputs.
---@param likelihood string|nil
---@param consequence string|nil
---@return string|nil
function carelib.risk_rating(likelihood, consequence)
  local l, c = LIKELIHOOD[likelihood], CONSEQUENCE[consequence]
  if l == nil or c == nil then return nil end
  local score = l * c
  if score >= 20 then return "Extreme" end
  if score >= 10 then return "High" end
  if score >= 5 then return "Medium" end
  return "Low"
end

--- The message for a rating that disagrees with the matrix, or nil.
function carelib.rating_problem(ra)
  local expected = carelib.risk_rating(ra.likelihood, ra.consequence)
  if expected ~= nil and ra.rating ~= expected then
    return string.format("%s is rated %s but the risk matrix gives %s (%s x %s)",
      ra.id, tostring(ra.rating), expected, ra.likelihood, ra.consequence)
  end
  return nil
end

--- Problems with linked risk assessments: a rating that disagrees with the
--- matrix, or a review date that has passed.
---@param records table[]
---@param today string
---@return string[]
function carelib.risk_problems(records, today)
  local problems = {}
  for _, ra in ipairs(records) do
    local rating = carelib.rating_problem(ra)
    if rating then problems[#problems + 1] = rating end
    local due_in = type(ra.review_date) == "string" and sp.days(today, ra.review_date) or nil
    if due_in ~= nil and due_in < 0 then
      problems[#problems + 1] = string.format("%s was due for review on %s", ra.id, ra.review_date)
    end
  end
  return problems
end

--- The most recent `assessed_date` among the client's risk assessments, and
--- how many days before ctx.today it was. Nil when there is none.
---@param ctx SupportPlanCtx
---@return string|nil latest, integer|nil days_ago
function carelib.latest_risk_review(ctx)
  local latest
  for _, ra in ipairs(ctx.client.records("risk_assessment")) do
    local d = ra.assessed_date
    if type(d) == "string" and sp.date(d) ~= nil and (latest == nil or d > latest) then latest = d end
  end
  if latest == nil then return nil, nil end
  return latest, sp.days(latest, ctx.today)
end

--- Nil when a risk assessment was done or reviewed within `max_days`, else why not.
---@param ctx SupportPlanCtx
---@param max_days integer
---@return string|nil
function carelib.risk_review_problem(ctx, max_days)
  local latest, days_ago = carelib.latest_risk_review(ctx)
  if latest == nil then
    return "Record a risk assessment for the client before activating the plan"
  end
  if days_ago > max_days then
    return string.format("Risks were last assessed on %s, %d days ago; review them before activating the plan",
      latest, days_ago)
  end
  return nil
end

--- The falls screen: two or more falls in a year is never a Low risk.
---@param values table
---@return string|nil
function carelib.falls_problem(values)
  local falls = values.falls_last_12_months
  if falls ~= nil and falls >= 2 and values.risk_level == "Low" then
    return "Two or more falls in 12 months cannot be rated Low; refer for a falls assessment"
  end
  return nil
end

-- Forms -----------------------------------------------------------------------

--- Phone and email checks shared by contact forms. `_form` asks for at least one.
---@param values table
---@return table<string, string>
function carelib.reachability_errors(values)
  local errors = {}
  if not sp.blank(values.phone) and not sp.is_phone(values.phone) then
    errors.phone = "Enter a valid phone number"
  end
  if not sp.blank(values.email) and not sp.is_email(values.email) then
    errors.email = "Enter a valid email address"
  end
  if sp.blank(values.phone) and sp.blank(values.email) then
    errors._form = "Give a phone number or an email address so workers can reach them"
  end
  return errors
end

--- The message for a record whose name another record on the client's file already has, or nil.
--- `self_id` is the id of the record being edited (`values.id`), nil for a new record.
---@param ctx SupportPlanCtx
---@param record_type string
---@param name string|nil
---@param self_id string|nil
---@return string|nil
function carelib.duplicate_name(ctx, record_type, name, self_id)
  if sp.blank(name) then return nil end
  for _, existing in ipairs(ctx.client.records(record_type)) do
    if existing.name == name and existing.id ~= self_id then
      return string.format("%s is already on file as %s; link that record instead", name, existing.id)
    end
  end
  return nil
end

-- Videos ----------------------------------------------------------------------

--- Worker videos show the client, so they must use a private, secure link.
--- The built-in check already asks for a valid URL; this adds the https rule.
---@param ctx SupportPlanCtx
---@return string|nil
function carelib.video_problem(ctx)
  local url = ctx.item.url
  if sp.blank(url) or url:sub(1, 8) == "https://" then return nil end
  return string.format("%s, video %d: use a secure https:// link from the video library",
    ctx.section.title, ctx.item.instance)
end

--- `false` and the messages when there are any, else `true`: the shape a
--- `complete` or `can_activate` hook returns.
---@param problems string[]
---@return boolean, string[]|nil
function carelib.result(problems)
  if #problems > 0 then return false, problems end
  return true
end

return carelib
