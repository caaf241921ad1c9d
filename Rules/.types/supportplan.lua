---@meta supportplan
-- Editor support for supportplan rules: LuaLS (lua-language-server) annotations
-- for `ctx`, the global `sp` and the table a rules.lua returns. Never loaded by
-- the engine (its folder is hidden: the engine reads every other folder of
-- Rules/ except lib as a template); Rules/.luarc.json puts it on the editor's
-- library path.
--
-- In a rules.lua, annotate the returned table to get completion and type
-- warnings in every hook:
--
--   ---@type SupportPlanRules
--   local R = { items = {}, sections = {}, forms = {}, plan = {} }
--
-- The semantics are docs/contract.md section 3 and docs/writing-rules.md.
-- luacheck: globals sp, no unused args

------------------------------------------------------------------------------
-- Values
------------------------------------------------------------------------------

---A date written `YYYY-MM-DD`.
---@alias SupportPlanDate string

---A field value in Lua: text kinds, `date` and `choice` are strings; `integer`
---is a Lua integer; `number` a float; `boolean` a boolean; `multi_choice` a
---list of strings; unset is `nil`.
---@alias SupportPlanValue string|integer|number|boolean|string[]

---@alias SupportPlanFieldType
---| "text"
---| "long_text"
---| "number"
---| "integer"
---| "boolean"
---| "date"
---| "choice"
---| "multi_choice"
---| "phone"
---| "email"
---| "url"

---@alias SupportPlanItemKind "profile"|"records"|"fields"|"video"

---@alias SupportPlanItemStatus "open"|"complete"|"reviewed"|"not_required"

---@alias SupportPlanStatus "draft"|"active"|"expired"|"discarded"

---A field definition, as in profile.yaml, record-types.yaml and `fields` items;
---what `forms.T.fields` returns.
---@class SupportPlanField
---@field key string `[a-z][a-z0-9_]*`
---@field label? string shown to people and used in built-in messages (`<Label> is required`); the key without it
---@field type SupportPlanFieldType
---@field required? boolean
---@field options? string[] for `choice` and `multi_choice`
---@field default? SupportPlanValue a literal
---@field help? string

------------------------------------------------------------------------------
-- ctx (read-only: writing to it raises an error)
------------------------------------------------------------------------------

---A client record: its id, its type and its fields.
---@class SupportPlanRecord
---@field id string the type's prefix and a zero-padded number, e.g. `CC-00077`
---@field type string the record type's key, e.g. `care_contact`
---@field [string] SupportPlanValue the record type's fields; `nil` when unset

---The state of one item instance: `ctx.item`, or `ctx.plan.item(key, instance)`.
---@class SupportPlanItemState
---@field key string the template item's key
---@field instance integer 1, 2, … for a repeatable item
---@field kind SupportPlanItemKind
---@field status SupportPlanItemStatus
---field → value (a `profile` item: the live profile, its defaults where blank)
---@field values table<string, SupportPlanValue>
---@field records SupportPlanRecord[] linked records, in link order (`records` items)
---@field url string|nil the video link (`video` items)

---@class SupportPlanClient
---@field id string e.g. `C-0001`
---@field name string
---@field profile table<string, SupportPlanValue> profile field → value, `nil` when unset
---The client's records of one type, e.g. `ctx.client.records("medication")`.
---@field records fun(type: string): SupportPlanRecord[]
---One of the client's records by id, e.g. `ctx.client.record("MED-00021")`, or `nil`.
---@field record fun(id: string): SupportPlanRecord|nil

---@class SupportPlanPlan
---@field id string e.g. `SP-000001`
---@field status SupportPlanStatus
---@field template string the template id
---@field template_version integer
---@field previous_plan string|nil the plan this review draft reviews
---@field goal_attainment_plan SupportPlanRecord|nil the selected record
---@field behaviour_support_plan SupportPlanRecord|nil the selected record
---Another instance's state, `ctx.plan.item(key [, instance])` (instance 1 by default), or `nil`.
---It carries no visibility, so hooks cannot form cycles.
---@field item fun(key: string, instance?: integer): SupportPlanItemState|nil

---@class SupportPlanSection
---@field key string
---@field title string

---A field as `ctx.schema` shows it: what profile.yaml or record-types.yaml defines.
---@class SupportPlanSchemaField
---@field key string
---@field label string shown to people; the key when the YAML gives no label
---@field type SupportPlanFieldType
---@field required boolean
---@field options string[] the choices of a `choice` or `multi_choice` field; empty for other types
---@field default SupportPlanValue|nil the field's `default`, as a value in Lua
---@field help string|nil

---The profile fields: `ctx.schema.profile`.
---@class SupportPlanSchemaProfile
---By key, e.g. `ctx.schema.profile.fields.takes_medication`; `nil` for a key profile.yaml lacks.
---@field fields table<string, SupportPlanSchemaField>
---@field field_list SupportPlanSchemaField[] the same fields, in profile.yaml's order

---A record type: `ctx.schema.record_types.care_contact`.
---@class SupportPlanSchemaRecordType
---@field key string
---@field label string
---@field prefix string the id prefix, e.g. `CC`
---@field display string[] the fields an item's card shows
---@field fields table<string, SupportPlanSchemaField> by key; `nil` for a field the type lacks
---@field field_list SupportPlanSchemaField[] the same fields, in record-types.yaml's order

---The catalogs the plan's template version was published with (read-only, the same for every plan).
---@class SupportPlanSchema
---@field profile SupportPlanSchemaProfile
---By key, including `goal_attainment_plan` and `behaviour_support_plan`.
---@field record_types table<string, SupportPlanSchemaRecordType>
---The same record types, in record-types.yaml's order (the two built-in ones last unless redefined).
---@field record_type_list SupportPlanSchemaRecordType[]

---What every hook reads.
---@class SupportPlanCtx
---@field today SupportPlanDate the evaluation date
---@field client SupportPlanClient
---@field plan SupportPlanPlan
---@field item SupportPlanItemState|nil the instance an item hook runs for (`nil` in section, form and plan hooks)
---@field section SupportPlanSection|nil the section of the item or section hook
---@field schema SupportPlanSchema the profile fields and record types

------------------------------------------------------------------------------
-- The hooks table a rules.lua returns
------------------------------------------------------------------------------

---Hooks of one template item: `R.items.<item key>`.
---@class SupportPlanItemHooks
---Is the instance shown? Without it: `true`.
---@field visible? fun(ctx: SupportPlanCtx): boolean
---The instance's starting values: a table field → value (`profile`, `fields`), a URL
---(`video`), a list of record ids to link (`records`). Without it: the profile's
---values, the fields' `default`, the template `url`, nothing linked.
---@field default? fun(ctx: SupportPlanCtx): (table<string, SupportPlanValue>|string|string[])
---Adds to the built-in check: `true`, or `false` and a message or a list of messages.
---@field complete? fun(ctx: SupportPlanCtx): boolean, (string|string[])?
---May this record be linked? Without it: every record of the type not yet linked.
---@field candidates? fun(ctx: SupportPlanCtx, record: SupportPlanRecord): boolean

---Hooks of one template section: `R.sections.<section key>`.
---@class SupportPlanSectionHooks
---Is the section shown? A hidden section hides all its items. Without it: `true`.
---@field visible? fun(ctx: SupportPlanCtx): boolean

---The create-new form of one record type: `R.forms.<record type key>`.
---@class SupportPlanFormHooks
---The form's fields: a list, or a function returning one. Without it: the record type's fields.
---@field fields? SupportPlanField[]|fun(ctx: SupportPlanCtx): SupportPlanField[]
---Starting values, field → value. Without it: the fields' `default`.
---@field defaults? fun(ctx: SupportPlanCtx): table<string, SupportPlanValue>
---Field → message (`_form` for the whole form); an empty table when valid. Adds to the
---built-in check; a field that already has a built-in message keeps it.
---@field validate? fun(values: table<string, SupportPlanValue>, ctx: SupportPlanCtx): table<string, string>

---@class SupportPlanPlanHooks
---May the draft be activated (besides 100 % and no rule errors)? `true`, or `false`
---and a message or a list of messages. Without it: `true`.
---@field can_activate? fun(ctx: SupportPlanCtx): boolean, (string|string[])?

---What a rules.lua returns. Every key is optional; no other keys are allowed.
---@class SupportPlanRules
---@field items? table<string, SupportPlanItemHooks> by item key
---@field sections? table<string, SupportPlanSectionHooks> by section key
---@field forms? table<string, SupportPlanFormHooks> by record type key
---@field plan? SupportPlanPlanHooks

------------------------------------------------------------------------------
-- sp: the global helpers
------------------------------------------------------------------------------

---@class sp
sp = {}

---`true` for `nil`, `""` and an empty table. Whitespace is not blank.
---@param v any
---@return boolean
function sp.blank(v) end

---Whole years from `date` to `on` (default `ctx.today`); a 29 February birthday
---turns over on 1 March in common years. `nil` for an invalid date.
---@param date SupportPlanDate
---@param on? SupportPlanDate
---@return integer|nil
function sp.age(date, on) end

---Days from `from` to `to` (negative when `to` is earlier). `nil` for an invalid date.
---@param from SupportPlanDate
---@param to SupportPlanDate
---@return integer|nil
function sp.days(from, to) end

---The parts of a `YYYY-MM-DD` date, or `nil` when it is not a real date.
---@param s string
---@return {year: integer, month: integer, day: integer}|nil
function sp.date(s) end

---`local@domain.tld`, no spaces.
---@param s string
---@return boolean
function sp.is_email(s) end

---An optional leading `+`, then digits, spaces, `-`, `(`, `)`, with 8 to 15 digits.
---@param s string
---@return boolean
function sp.is_phone(s) end

---Does the list hold `v`?
---@param list any[]|nil
---@param v any
---@return boolean
function sp.contains(list, v) end
