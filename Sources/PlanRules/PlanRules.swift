// PlanRules
