print("supportplan")
