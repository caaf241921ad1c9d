// PlanService
