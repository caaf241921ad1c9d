-- Home Care Package: the behaviour of Rules/home-care/template.yaml.
--
-- Every hook receives a read-only ctx (see Rules/.types/supportplan.lua).
-- Fixtures proving each rule: Fixtures/home-care/.
-- luacheck: read globals sp

local carelib = require("carelib")

---@type SupportPlanRules
local R = { items = {}, forms = {}, plan = {} }

local ALARM_TEST_DAYS = 90
local MEDICINES_REVIEW_DAYS = 365
local POLYPHARMACY = 5 -- current medicines from which a Home Medicines Review is offered

local function takes_medication(ctx)
  return ctx.client.profile.takes_medication == true
end

local function current_medicine_count(ctx)
  local count = 0
  for _, med in ipairs(ctx.client.records("medication")) do
    if carelib.is_current(med) then count = count + 1 end
  end
  return count
end

-- Client details --------------------------------------------------------------

R.items.client_identity = {
  complete = function(ctx)
    local id = ctx.item.values.my_aged_care_id
    if not sp.blank(id) and not carelib.valid_my_aged_care_id(id) then
      return false, "My Aged Care ID must be AC followed by eight digits"
    end
    return true
  end,
}

-- A blank state shows the state the postcode belongs to.
R.items.living_arrangements = {
  default = function(ctx)
    return { state = carelib.state_for_postcode(ctx.client.profile.postcode) }
  end,
}

R.items.personal_alarm = {
  visible = function(ctx) return ctx.client.profile.lives_alone == true end,
  complete = function(ctx)
    local v = ctx.item.values
    if v.has_alarm == true then
      if sp.blank(v.last_tested) then
        return false, "Record when the alarm was last tested"
      end
      local since = sp.days(v.last_tested, ctx.today)
      if since ~= nil and since > ALARM_TEST_DAYS then
        return false, string.format("The alarm was last tested on %s, %d days ago; test it with the client",
          v.last_tested, since)
      end
    elseif v.has_alarm == false and sp.blank(v.declined_reason) then
      return false, "Record why the client has no personal alarm"
    end
    return true
  end,
}

-- Health and medicines --------------------------------------------------------

R.items.medications = {
  visible = takes_medication,
  candidates = function(_, record) return carelib.is_current(record) end,
  complete = function(ctx)
    local problems = {}
    for _, med in ipairs(ctx.item.records) do
      if sp.blank(med.administration_support) then
        problems[#problems + 1] = "Record how workers support " .. med.name .. " (administration support)"
      end
    end
    return carelib.result(problems)
  end,
}

R.items.medication_review = {
  visible = function(ctx)
    return takes_medication(ctx) and current_medicine_count(ctx) >= POLYPHARMACY
  end,
  complete = function(ctx)
    local last = ctx.item.values.last_review
    local since = last and sp.date(last) and sp.days(last, ctx.today)
    if since and since > MEDICINES_REVIEW_DAYS then
      return false, string.format("The last Home Medicines Review was on %s; ask the GP to refer for a new one", last)
    end
    return true
  end,
}

-- Safety at home --------------------------------------------------------------

R.items.falls_risk = {
  visible = carelib.is_older_person,
  default = function(ctx)
    return { falls_last_12_months = ctx.client.profile.falls_last_12_months }
  end,
  complete = function(ctx)
    local problem = carelib.falls_problem(ctx.item.values)
    if problem then return false, problem end
    return true
  end,
}

R.items.home_safety = {
  complete = function(ctx)
    if ctx.item.values.smoke_alarms_working ~= true then
      return false, "Smoke alarms must be working before services start; report it to the care manager today"
    end
    return true
  end,
}

R.items.risk_assessments = {
  complete = function(ctx)
    return carelib.result(carelib.risk_problems(ctx.item.records, ctx.today))
  end,
}

-- Contacts --------------------------------------------------------------------

R.items.next_of_kin = {
  default = carelib.emergency_contact_ids,
  complete = function(ctx)
    return carelib.result(carelib.contacts_without_phone(ctx.item.records))
  end,
}

-- Create-new forms ------------------------------------------------------------

-- A short form: the details a coordinator has when engaging a subcontractor.
R.forms.service_provider = {
  fields = {
    { key = "name", label = "Provider name", type = "text", required = true },
    {
      key = "service_type", label = "Service type", type = "choice", required = true, default = "Personal care",
      options = {
        "Support coordination", "Plan management", "Personal care", "Domestic assistance", "Nursing",
        "Allied health", "Specialist behaviour support", "Transport", "Meals", "Home maintenance", "Respite", "Other",
      },
    },
    { key = "contact_person", label = "Contact person", type = "text" },
    { key = "phone", label = "Phone", type = "phone" },
    { key = "email", label = "Email", type = "email" },
  },
  validate = function(values, ctx)
    local errors = carelib.reachability_errors(values)
    errors.name = carelib.duplicate_name(ctx, "service_provider", values.name, values.id)
    return errors
  end,
}

R.forms.risk_assessment = {
  -- Assessed today; reviewed again in a year at the latest.
  defaults = function(ctx)
    return { assessed_date = ctx.today, review_date = carelib.add_days(ctx.today, 365) }
  end,
  validate = function(values)
    local errors = {}
    errors.rating = carelib.rating_problem({
      id = "This risk", rating = values.rating, likelihood = values.likelihood, consequence = values.consequence,
    })
    if not sp.blank(values.assessed_date) and not sp.blank(values.review_date) then
      local gap = sp.days(values.assessed_date, values.review_date)
      if gap ~= nil and gap < 0 then
        errors.review_date = "Next review must be after the assessment"
      elseif gap ~= nil and gap > 366 then
        errors.review_date = "Review risks at least every 12 months"
      end
    end
    return errors
  end,
}

-- Activation ------------------------------------------------------------------

R.plan.can_activate = function(ctx)
  local problem = carelib.risk_review_problem(ctx, 365)
  if problem then return false, problem end
  return true
end

return R
