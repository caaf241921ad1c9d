-- NDIS Core Supports: the behaviour of Rules/ndis-core/template.yaml.
--
-- Every hook receives a read-only ctx (see Rules/.types/supportplan.lua).
-- Fixtures proving each rule: Fixtures/ndis-core/.
-- luacheck: read globals sp

local carelib = require("carelib")

---@type SupportPlanRules
local R = { items = {}, sections = {}, forms = {}, plan = {} }

local function takes_medication(ctx)
  return ctx.client.profile.takes_medication == true
end

-- About me --------------------------------------------------------------------

-- Until a preferred name is recorded, show the first name so the item can be
-- confirmed in one step.
R.items.preferred_name = {
  default = function(ctx)
    return { preferred_name = carelib.known_as(ctx.client.profile) }
  end,
}

R.items.identity = {
  complete = function(ctx)
    local number = ctx.item.values.ndis_number
    if not sp.blank(number) and not carelib.valid_ndis_number(number) then
      return false, "NDIS number must be 9 digits starting with 43"
    end
    return true
  end,
}

R.items.contact_details = {
  complete = function(ctx)
    local v = ctx.item.values
    if sp.blank(v.phone) and sp.blank(v.email) then
      return false, "Record a phone number or an email address for the participant"
    end
    return true
  end,
}

-- Communication ---------------------------------------------------------------

R.items.how_i_communicate = {
  default = function(ctx)
    local p = ctx.client.profile
    local values = { method = p.uses_aac == true and "AAC device" or "Verbal" }
    if p.interpreter_required == true then values.interpreter_language = p.language end
    return values
  end,
  complete = function(ctx)
    local v, p = ctx.item.values, ctx.client.profile
    local problems = {}
    if v.method == "AAC device" and sp.blank(v.aac_device) then
      problems[#problems + 1] = "Describe the AAC device and where it is kept"
    end
    if p.interpreter_required == true and sp.blank(v.interpreter_language) then
      problems[#problems + 1] = "Record the language for the interpreter"
    end
    return carelib.result(problems)
  end,
}

local GENERIC_AAC_VIDEO = "https://video.example.org.au/library/aac-basics"

R.items.aac_video = {
  visible = function(ctx) return ctx.client.profile.uses_aac == true end,
  -- The participant's own video folder when there is one, else the generic guide.
  default = function(ctx)
    local folder = ctx.client.profile.worker_video_folder
    if sp.blank(folder) then return GENERIC_AAC_VIDEO end
    return folder
  end,
  complete = function(ctx)
    local problems = {}
    local insecure = carelib.video_problem(ctx)
    if insecure then problems[#problems + 1] = insecure end
    if ctx.item.url == GENERIC_AAC_VIDEO then
      problems[#problems + 1] = "Replace the generic AAC guide with a video of "
        .. (carelib.known_as(ctx.client.profile) or "the participant") .. " using their own device"
    end
    return carelib.result(problems)
  end,
}

-- Health and medication -------------------------------------------------------

R.items.current_medications = {
  visible = takes_medication,
  -- Ceased medications stay on the client's file but are never linked again.
  candidates = function(_, record) return carelib.is_current(record) end,
  complete = function(ctx)
    local problems = {}
    for _, med in ipairs(ctx.item.records) do
      if not carelib.is_current(med) then
        problems[#problems + 1] = med.name .. " has been ceased; unlink it"
      elseif sp.blank(med.prescriber) then
        problems[#problems + 1] = "Record the prescriber for " .. med.name
      end
    end
    return carelib.result(problems)
  end,
}

R.items.medication_support = {
  visible = takes_medication,
  -- A PRN protocol is needed as soon as any linked medication is taken as needed,
  -- unless workers do not handle medication at all (current_medications not required).
  complete = function(ctx)
    local meds = ctx.plan.item("current_medications", 1)
    if meds == nil or meds.status == "not_required" then return true end
    local prn = {}
    for _, med in ipairs(meds.records) do
      if med.prn == true then prn[#prn + 1] = med.name end
    end
    if #prn > 0 and sp.blank(ctx.item.values.prn_protocol) then
      return false, "Describe when to give as-needed (PRN) medication: " .. table.concat(prn, ", ")
    end
    return true
  end,
}

-- Safety and risks ------------------------------------------------------------

R.items.risk_assessments = {
  complete = function(ctx)
    return carelib.result(carelib.risk_problems(ctx.item.records, ctx.today))
  end,
}

R.items.falls_risk = {
  visible = carelib.is_older_person,
  complete = function(ctx)
    local problem = carelib.falls_problem(ctx.item.values)
    if problem then return false, problem end
    return true
  end,
}

-- Behaviour support -----------------------------------------------------------

R.sections.behaviour = {
  visible = function(ctx)
    return ctx.client.profile.has_behaviour_support_needs == true
      or ctx.plan.behaviour_support_plan ~= nil
  end,
}

R.items.behaviour_strategies = {
  visible = function(ctx) return ctx.plan.behaviour_support_plan ~= nil end,
  -- Strategies written for another (older) behaviour support plan are not offered.
  candidates = function(ctx, record)
    local bsp = ctx.plan.behaviour_support_plan
    return bsp ~= nil and (sp.blank(record.source_plan) or record.source_plan == bsp.id)
  end,
  complete = function(ctx)
    local problems = {}
    if #ctx.item.records == 0 then
      problems[#problems + 1] = "Link at least one strategy from the behaviour support plan"
    end
    local bsp = ctx.plan.behaviour_support_plan
    if bsp ~= nil and bsp.restrictive_practices == true and bsp.authorised ~= true then
      problems[#problems + 1] = bsp.id .. " includes restrictive practices that are not authorised;"
        .. " contact the behaviour support practitioner before activating"
    end
    return carelib.result(problems)
  end,
}

-- Daily living ----------------------------------------------------------------

R.items.mealtimes = {
  complete = function(ctx)
    local diet = ctx.client.profile.dietary_requirements or {}
    local v = ctx.item.values
    local problems = {}
    if sp.contains(diet, "Texture modified (IDDSI)")
      and (sp.blank(v.food_texture) or v.food_texture == "Regular (IDDSI 7)") then
      problems[#problems + 1] = "Choose the food texture from the speech pathologist's mealtime plan"
    end
    if sp.contains(diet, "Thickened fluids")
      and (sp.blank(v.drink_thickness) or v.drink_thickness == "Thin (IDDSI 0)") then
      problems[#problems + 1] = "Choose the drink thickness from the speech pathologist's mealtime plan"
    end
    return carelib.result(problems)
  end,
}

-- Community and goals ---------------------------------------------------------

R.items.goals = {
  -- Start from the goals in the selected goal attainment plan.
  default = function(ctx)
    local gap = ctx.plan.goal_attainment_plan
    if gap == nil then return {} end
    return { focus_goals = gap.goals }
  end,
  complete = function(ctx)
    local problems = {}
    if ctx.plan.goal_attainment_plan == nil then
      problems[#problems + 1] = "No goal attainment plan was selected for this plan;"
        .. " ask the support coordinator for one before the next review"
    end
    -- A review draft reports on the plan it reviews.
    if ctx.plan.previous_plan ~= nil and sp.blank(ctx.item.values.progress_notes) then
      problems[#problems + 1] = "Record the progress made towards these goals since the last plan"
    end
    return carelib.result(problems)
  end,
}

-- A report must name a provider that is on the participant's file.
R.items.allied_health = {
  complete = function(ctx)
    local problems = {}
    for _, report in ipairs(ctx.item.records) do
      if not sp.blank(report.provider) then
        local provider = ctx.client.record(report.provider)
        if provider == nil or provider.type ~= "service_provider" then
          problems[#problems + 1] = report.id .. " names provider " .. report.provider
            .. ", which is not on the participant's file"
        end
      end
    end
    return carelib.result(problems)
  end,
}

-- Contacts --------------------------------------------------------------------

R.items.emergency_contacts = {
  -- Link the contacts already marked as emergency contacts.
  default = carelib.emergency_contact_ids,
  complete = function(ctx)
    return carelib.result(carelib.contacts_without_phone(ctx.item.records))
  end,
}

R.items.guardian_contact = {
  visible = carelib.is_minor,
  candidates = function(_, record)
    return record.relationship == "Parent" or record.relationship == "Guardian"
  end,
  complete = function(ctx)
    local problems = {}
    for _, contact in ipairs(ctx.item.records) do
      if contact.decision_maker ~= true then
        problems[#problems + 1] = contact.name .. " is not recorded as able to make decisions for the participant"
      end
    end
    return carelib.result(problems)
  end,
}

-- Video guidance for workers --------------------------------------------------

R.items.transfer_video = {
  complete = function(ctx)
    local problem = carelib.video_problem(ctx)
    if problem then return false, problem end
    return true
  end,
}

-- Create-new forms ------------------------------------------------------------

R.forms.care_contact = {
  -- The record type's fields, in record-types.yaml's order, so the form follows
  -- it (its options, labels and help too): the relationship is required here,
  -- notes wait for the record itself, and who can make decisions matters only
  -- for children and people with a guardian.
  fields = function(ctx)
    local may_decide = carelib.is_minor(ctx) or ctx.client.profile.has_guardian == true
    local fields = {}
    for _, field in ipairs(ctx.schema.record_types.care_contact.field_list) do
      if field.key == "relationship" then
        fields[#fields + 1] = { key = field.key, required = true }
      elseif field.key == "decision_maker" then
        if may_decide then
          fields[#fields + 1] = { key = field.key, label = "Can make decisions for the participant" }
        end
      elseif field.key ~= "notes" then
        fields[#fields + 1] = { key = field.key }
      end
    end
    return fields
  end,
  -- Most contacts live nearby; start from the participant's suburb.
  defaults = function(ctx)
    return { suburb = ctx.client.profile.suburb, is_emergency_contact = true }
  end,
  validate = function(values, ctx)
    local errors = carelib.reachability_errors(values)
    errors.name = carelib.duplicate_name(ctx, "care_contact", values.name, values.id)
    return errors
  end,
}

R.forms.medication = {
  defaults = function(ctx)
    return { status = "current", start_date = ctx.today }
  end,
  validate = function(values)
    local errors = {}
    if values.status == "ceased" and sp.blank(values.end_date) then
      errors.end_date = "Enter the date the medication was ceased"
    elseif not sp.blank(values.start_date) and not sp.blank(values.end_date) then
      local length = sp.days(values.start_date, values.end_date)
      if length ~= nil and length < 0 then errors.end_date = "End date is before the start date" end
    end
    if values.prn == true and sp.blank(values.purpose) then
      errors.purpose = "Say what the as-needed medication is for"
    end
    return errors
  end,
}

-- Activation ------------------------------------------------------------------

R.plan.can_activate = function(ctx)
  local problems = {}
  local risk = carelib.risk_review_problem(ctx, 365)
  if risk then problems[#problems + 1] = risk end
  if ctx.client.profile.has_behaviour_support_needs == true and ctx.plan.behaviour_support_plan == nil then
    problems[#problems + 1] = "The participant has behaviour support needs but no behaviour support plan was selected"
  end
  return carelib.result(problems)
end

return R
