@testable import PlanModel
import Testing

/// Every refusal of working through a plan, with the exact reasons a person reads. A refusal changes nothing.
@Suite struct RefusalTests {
    let communication = InstanceRef("communication")
    let contacts = InstanceRef("emergency_contacts")
    let medications = InstanceRef("medications")

    @Test func anItemOrInstanceThatDoesNotExistIsRefused() throws {
        var bench = try TestTemplates.create()
        expectRefusal(&bench, ["Template 'ndis-core' has no item 'hobbies'"]) { try $0.complete(InstanceRef("hobbies")) }
        expectRefusal(&bench, ["Plan P-1 has no instance 'medications#5' of item 'medications'"]) {
            try $0.link(InstanceRef("medications", 5), ["MED-00001"])
        }
        expectRefusal(&bench, ["Plan P-1 has no instance 'medications#5' of item 'medications'"]) {
            try $0.addInstance("medications", cloneOf: 5)
        }
        expectRefusal(&bench, ["Plan P-1 has no instance 'medications#2' of item 'medications'"]) {
            try $0.removeInstance(InstanceRef("medications", 2))
        }
    }

    @Test func valuesMustBeOfTheFieldsTypeAndOptions() throws {
        var bench = try TestTemplates.create()
        expectRefusal(&bench, ["method: Choose one of: Verbal, AAC device, Auslan, Written"]) {
            try $0.set(communication, [("method", .text("Semaphore"))])
        }
        expectRefusal(&bench, ["agreed: Agreed must be yes or no"]) { try $0.set(InstanceRef("consent"), [("agreed", .text("maybe"))]) }
    }

    @Test func everyBadValueOfOneSetIsReportedAndNoneIsApplied() throws {
        var bench = try TestTemplates.create()
        expectRefusal(&bench, ["method: Choose one of: Verbal, AAC device, Auslan, Written",
                               "Item 'communication' has no field 'colour' (its fields: method, notes, language)"]) {
            try $0.set(communication, [("notes", .text("ok")), ("method", .text("Semaphore")), ("colour", .text("blue"))])
        }
    }

    @Test func blankValuesAreAcceptedWhileWorkingAndCaughtWhenCompleting() throws {
        var bench = try TestTemplates.create()
        try bench.set(communication, [("method", .text(""))])
        expectRefusal(&bench, ["Preferred method is required"]) { try $0.complete(communication) }
    }

    @Test func aRecordsItemIsNotSetButLinked() throws {
        var bench = try TestTemplates.create()
        expectRefusal(&bench, ["Item 'emergency_contacts' holds linked records; link, unlink or create records instead of setting values"]) {
            try $0.set(contacts, [("name", .text("Pat"))])
        }
        expectRefusal(&bench, ["Item 'communication' does not link records"]) { try $0.link(communication, ["CC-00001"]) }
        expectRefusal(&bench, ["Item 'communication' does not link records"]) { try $0.unlink(communication, "CC-00001") }
        expectRefusal(&bench, ["Item 'communication' does not link records, so it has no create-new form"]) {
            try $0.create(communication, ["name": .text("Pat")])
        }
    }

    @Test func aVideoItemTakesOnlyAValidURL() throws {
        var bench = try TestTemplates.create()
        let video = InstanceRef("transfer_video")
        expectRefusal(&bench, ["Enter a valid URL"]) { try $0.set(video, [("url", .text("ftp://example.org/v"))]) }
        expectRefusal(&bench, ["Enter a valid URL"]) { try $0.set(video, [("url", .integer(7))]) }
        expectRefusal(&bench, ["Item 'transfer_video' is a video link; set url=… (it has no field 'title')"]) {
            try $0.set(video, [("title", .text("Bed transfer"))])
        }
    }

    @Test func aLinkMustBeTheClientsRecordOfTheRightTypeNotYetLinkedAndWithinMax() throws {
        var bench = try TestTemplates.create()
        try bench.link(contacts, ["CC-00001"])
        expectRefusal(&bench, [
            "Record CC-00099 is not a record of client C-0001",
            "Record MED-00001 is a medication, not a care contact",
            "Record CC-00001 is already linked to item 'emergency_contacts'",
        ]) { try $0.link(contacts, ["CC-00099", "MED-00001", "CC-00001"]) }
        expectRefusal(&bench, ["Item 'emergency_contacts' takes at most 2 record(s); it would have 3"]) {
            try $0.link(contacts, ["CC-00002", "CC-00003"])
        }
        expectRefusal(&bench, ["Record GAP-00001 is a goal attainment plan, not a medication"]) {
            try $0.link(medications, ["GAP-00001"])
        }
    }

    @Test func unlinkingARecordThatIsNotLinkedIsRefused() throws {
        var bench = try TestTemplates.create()
        expectRefusal(&bench, ["Record CC-00002 is not linked to item 'emergency_contacts'"]) { try $0.unlink(contacts, "CC-00002") }
    }

    @Test func creatingARecordIsRefusedWhereTheItemDoesNotAllowItOrIsFull() throws {
        var bench = try TestTemplates.create()
        expectRefusal(&bench, ["Item 'medications' does not allow creating new records"]) {
            try $0.create(medications, ["name": .text("Aspirin")])
        }
        try bench.link(contacts, ["CC-00001", "CC-00002"])
        expectRefusal(&bench, ["Item 'emergency_contacts' takes at most 2 record(s) and has 2"]) {
            try $0.create(contacts, ["name": .text("Pat")])
        }
    }

    @Test func aFormWithBuiltInProblemsIsRefusedFieldByField() throws {
        var bench = try TestTemplates.create()
        expectRefusal(&bench, ["name: Name is required", "phone: Enter a valid phone number",
                               "relationship: Choose one of: Parent, Sibling, Guardian, Friend, Other"]) {
            try $0.create(contacts, ["phone": .text("12"), "relationship": .text("Neighbour")])
        }
    }

    @Test func aFailingFormHookRefusesTheFormWithTheRuleError() throws {
        let rules = PlainRules()
        rules.validate["care_contact"] = { _, _ in throw HookFailure("attempt to call a nil value 'is_mobile'") }
        var bench = try TestTemplates.create(rules: rules)
        expectRefusal(&bench, ["Rule error: rule 'validate' of form 'care_contact' (PlainRules) failed: attempt to call a nil value 'is_mobile'"]) {
            try $0.create(contacts, ["name": .text("Pat")])
        }
    }

    @Test func editingARecordThatIsNotTheClientsIsRefused() throws {
        var bench = try TestTemplates.create()
        expectRefusal(&bench, ["Record CC-00099 is not a record of client C-0001"]) {
            try $0.editRecord("CC-00099", [("name", .text("Pat"))])
        }
    }

    @Test func notRequiredAndReinstateAreRefusedWhenTheyWouldChangeNothing() throws {
        var bench = try TestTemplates.create()
        expectRefusal(&bench, ["Item 'medications' is open, not marked not required"]) { try $0.reinstate(medications) }
        try bench.markNotRequired(medications, reason: nil)
        expectRefusal(&bench, ["Item 'medications' is already not required"]) { try $0.markNotRequired(medications, reason: nil) }
    }
}
