// RuleTesting
