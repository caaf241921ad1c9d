@testable import PlanModel
import Testing

/// A plan's life, Work through: values, links, records, complete, not required, reinstate, add and remove instances.
@Suite struct ItemOperationTests {
    let preferredName = InstanceRef("preferred_name")
    let communication = InstanceRef("communication")
    let contacts = InstanceRef("emergency_contacts")
    let medications = InstanceRef("medications")
    let video = InstanceRef("transfer_video")

    // MARK: Values

    @Test func settingAFieldsItemValueIsHeldByThePlan() throws {
        var bench = try TestTemplates.create()
        try bench.set(communication, [("method", .text("Auslan")), ("notes", .text("Slow signing"))])
        #expect(bench.plan.instance(communication)?.values ==
                ["method": .text("Auslan"), "notes": .text("Slow signing"), "language": .text("English")])
        try bench.set(communication, [("notes", nil)])
        #expect(bench.plan.instance(communication)?.values["notes"] == nil, "nil unsets a field")
    }

    @Test func settingAProfileItemValueWritesThroughToTheProfile() throws {
        var bench = try TestTemplates.create()
        try bench.set(preferredName, [("pronouns", .text("she/her"))])
        #expect(bench.client.profile["pronouns"] == .text("she/her"))
        #expect(bench.plan.instance(preferredName)?.values == [:], "the plan holds no copy of a profile value")
        #expect(bench.item("preferred_name")?.values == ["pronouns": .text("she/her")])
        #expect(bench.events.last == HistoryEvent(planID: "P-1", at: TestTemplates.timestamp, user: TestTemplates.user,
                                                  action: "profile", target: "profile.pronouns",
                                                  before: nil, after: "\"she/her\""))
    }

    @Test func aBlankProfileFieldShowsTheItemsDefaultAndALiveValueWins() throws {
        let rules = PlainRules()
        rules.defaults["preferred_name"] = { _, _ in .values(["preferred_name": .text("Alex"), "pronouns": .text("they/them")]) }
        var bench = try TestTemplates.create(rules: rules)
        try bench.set(preferredName, [("pronouns", .text("he/him"))])
        #expect(bench.item("preferred_name")?.values == ["preferred_name": .text("Alex"), "pronouns": .text("he/him")])
    }

    @Test func completingAProfileItemWritesTheShownValuesDefaultsIncludedAndKeepsASnapshot() throws {
        let rules = PlainRules()
        rules.defaults["preferred_name"] = { input, _ in
            .values(["preferred_name": input.client.profile["first_name"]!, "pronouns": .text("they/them")])
        }
        var bench = try TestTemplates.create(rules: rules)
        try bench.set(preferredName, [("pronouns", .text("he/him"))])
        try bench.complete(preferredName)

        let shown: FieldValues = ["preferred_name": .text("Alex"), "pronouns": .text("he/him")]
        #expect(bench.status("preferred_name") == .complete)
        #expect(bench.plan.instance(preferredName)?.snapshot == shown)
        #expect(bench.client.profile == ["first_name": .text("Alex"), "preferred_name": .text("Alex"), "pronouns": .text("he/him")])
        let writes = bench.events.filter { $0.action == "profile" }.map(\.target)
        #expect(writes == ["profile.pronouns", "profile.preferred_name"], "the default written on completion is in history")
    }

    @Test func aVideoItemHoldsTheClientsOwnLink() throws {
        var bench = try TestTemplates.create()
        try bench.set(video, [("url", .text("https://videos.example.org/alex"))])
        #expect(bench.plan.instance(video)?.url == "https://videos.example.org/alex")
        try bench.set(video, [("url", nil)])
        #expect(bench.item("transfer_video")?.check.messages == ["Enter a video link"])
    }

    // MARK: Links and records

    @Test func linkingKeepsLinkOrderAndUnlinkingRemovesOne() throws {
        var bench = try TestTemplates.create()
        try bench.link(contacts, ["CC-00003", "CC-00001"])
        #expect(bench.plan.instance(contacts)?.records == ["CC-00003", "CC-00001"])
        try bench.unlink(contacts, "CC-00003")
        #expect(bench.plan.instance(contacts)?.records == ["CC-00001"])
    }

    @Test func aCandidatesHookDecidesWhichRecordsMayBeLinked() throws {
        let rules = PlainRules()
        rules.candidates["medications"] = { _, record in record.fields["status"] == .text("current") }
        var bench = try TestTemplates.create(rules: rules)
        expectRefusal(&bench, ["The template's rules do not allow linking MED-00002 to item 'medications'"]) {
            try $0.link(medications, ["MED-00001", "MED-00002"])
        }
        try bench.link(medications, ["MED-00001"])
        #expect(bench.plan.instance(medications)?.records == ["MED-00001"])
    }

    @Test func aFailingCandidatesHookRefusesTheLinkWithTheRuleError() throws {
        let rules = PlainRules()
        rules.candidates["medications"] = { _, _ in throw HookFailure("attempt to index a nil value 'record'") }
        var bench = try TestTemplates.create(rules: rules)
        expectRefusal(&bench, ["Rule error: rule 'candidates' of item 'medications' (PlainRules) failed: attempt to index a nil value 'record'"]) {
            try $0.link(medications, ["MED-00001"])
        }
    }

    @Test func creatingARecordThroughTheFormTakesTheNextIdAndLinksIt() throws {
        var bench = try TestTemplates.create()
        let id = try bench.create(contacts, ["name": .text("Pat Citizen"), "phone": .text("0400 123 456")])
        #expect(id == "CC-00010")
        #expect(bench.record("CC-00010") == ClientRecord(id: "CC-00010", type: "care_contact", clientID: "C-0001",
                                                          fields: ["name": .text("Pat Citizen"), "phone": .text("0400 123 456")]))
        #expect(bench.plan.instance(contacts)?.records == ["CC-00010"])
        #expect(bench.changedRecordIDs == ["CC-00010"])
        #expect(try bench.create(contacts, ["name": .text("Lou")]) == "CC-00011")
        #expect(bench.events.map(\.action).suffix(4) == ["create_record", "link", "create_record", "link"])
    }

    @Test func aFormsDefaultsAndFieldsComeFromTheTemplatesRules() throws {
        let rules = PlainRules()
        rules.formFields["care_contact"] = { _ in
            [FieldDefinition(key: "name", label: "Name", type: .text, required: true),
             FieldDefinition(key: "suburb", label: "Suburb", type: .text)]
        }
        rules.formDefaults["care_contact"] = { _ in ["suburb": .text("Fitzroy")] }
        var bench = try TestTemplates.create(rules: rules)
        let id = try bench.create(contacts, ["name": .text("Pat")])
        #expect(bench.record(id)?.fields == ["name": .text("Pat"), "suburb": .text("Fitzroy")])
        expectRefusal(&bench, ["phone: The form has no field 'phone'"]) {
            try $0.create(contacts, ["name": .text("Lou"), "phone": .text("0400 123 456")])
        }
    }

    @Test func aFormsValidateMessageIsDroppedForAFieldThatAlreadyHasABuiltInMessage() throws {
        let rules = PlainRules()
        rules.validate["care_contact"] = { _, _ in
            ["name": "Use the contact's full name", "phone": "Mobile numbers only", "_form": "Ask the client first"]
        }
        var bench = try TestTemplates.create(rules: rules)
        let before = bench.plan
        do {
            try bench.create(contacts, ["phone": .text("(03) 9000 0000")])
            Issue.record("expected the form to be refused")
        } catch {
            #expect(error.reasons == ["Ask the client first", "name: Name is required", "phone: Mobile numbers only"])
            #expect(error.fieldMessages == ["name": "Name is required", "phone": "Mobile numbers only",
                                            "_form": "Ask the client first"])
        }
        #expect(bench.plan == before)
        #expect(bench.records.count == TestTemplates.records.count)
    }

    @Test func editingALinkedRecordIsValidatedByItsRecordType() throws {
        var bench = try TestTemplates.create()
        try bench.link(contacts, ["CC-00001"])
        try bench.editRecord("CC-00001", [("phone", .text("+61 400 123 456"))])
        #expect(bench.record("CC-00001")?.fields["phone"] == .text("+61 400 123 456"))
        #expect(bench.changedRecordIDs == ["CC-00001"])
        #expect(bench.events.last?.action == "edit_record")
        expectRefusal(&bench, ["name: Name is required", "phone: Enter a valid phone number"]) {
            try $0.editRecord("CC-00001", [("name", nil), ("phone", .text("123"))])
        }
    }

    @Test func editingALinkedRecordIsValidatedByTheTemplatesFormForItsType() throws {
        let rules = PlainRules()
        rules.validate["care_contact"] = { _, values in
            values["relationship"] == .text("Other") ? ["relationship": "Say how they are related in the notes"] : [:]
        }
        var bench = try TestTemplates.create(rules: rules)
        try bench.link(contacts, ["CC-00001"])
        expectRefusal(&bench, ["relationship: Say how they are related in the notes"]) {
            try $0.editRecord("CC-00001", [("relationship", .text("Other"))])
        }
    }

    // MARK: Complete, reopen

    @Test func anItemIsMarkedCompleteOnlyWhenItsCheckPasses() throws {
        var bench = try TestTemplates.create()
        expectRefusal(&bench, ["Preferred method is required"]) { try $0.complete(communication) }
        try bench.set(communication, [("method", .text("Verbal"))])
        try bench.complete(communication)
        #expect(bench.status("communication") == .complete)
    }

    @Test func aCompleteHooksMessagesFollowTheBuiltInOnes() throws {
        let rules = PlainRules()
        rules.complete["emergency_contacts"] = { _, instance in
            instance.records.count < 2 ? ["Add a second contact for overnight support", "Check the phone numbers"] : nil
        }
        var bench = try TestTemplates.create(rules: rules)
        #expect(bench.item("emergency_contacts")?.check ==
                .init(ok: false, messages: ["Link at least 1 record(s)", "Add a second contact for overnight support",
                                            "Check the phone numbers"]))
        expectRefusal(&bench, ["Link at least 1 record(s)", "Add a second contact for overnight support", "Check the phone numbers"]) {
            try $0.complete(contacts)
        }
        try bench.link(contacts, ["CC-00001"])
        expectRefusal(&bench, ["Add a second contact for overnight support", "Check the phone numbers"]) { try $0.complete(contacts) }
        try bench.link(contacts, ["CC-00002"])
        try bench.complete(contacts)
    }

    @Test func aCompleteHookReturningFalseWithoutAMessageStillExplainsItself() throws {
        let rules = PlainRules()
        rules.complete["transfer_video"] = { _, _ in [] }
        var bench = try TestTemplates.create(rules: rules)
        expectRefusal(&bench, ["Transfer technique video is not complete"]) { try $0.complete(video) }
    }

    @Test func anItemWithARuleErrorCannotBeMarkedComplete() throws {
        let rules = PlainRules()
        rules.complete["transfer_video"] = { _, _ in throw HookFailure("instruction limit reached") }
        var bench = try TestTemplates.create(rules: rules)
        expectRefusal(&bench, ["Rule error: rule 'complete' of item 'transfer_video' (PlainRules) failed: instruction limit reached"]) {
            try $0.complete(video)
        }
    }

    @Test func anEditThatMakesACompleteItemFailItsCheckReopensIt() throws {
        var bench = try TestTemplates.create()
        try bench.set(communication, [("method", .text("Verbal"))])
        try bench.complete(communication)
        try bench.set(communication, [("method", nil)])
        #expect(bench.status("communication") == .open)
        #expect(bench.events.last == HistoryEvent(planID: "P-1", at: TestTemplates.timestamp, user: TestTemplates.user,
                                                  action: "reopen", target: "communication", before: "complete", after: "open"))
    }

    @Test func anEditThatKeepsTheCheckPassingLeavesTheItemComplete() throws {
        var bench = try TestTemplates.create()
        try bench.set(communication, [("method", .text("Verbal"))])
        try bench.complete(communication)
        try bench.set(communication, [("notes", .text("Prefers mornings")), ("method", .text("Written"))])
        #expect(bench.status("communication") == .complete)
        #expect(!bench.events.contains { $0.action == "reopen" })
    }

    @Test func unlinkingBelowMinimumReopensACompleteRecordsItem() throws {
        var bench = try TestTemplates.create()
        try bench.link(contacts, ["CC-00001"])
        try bench.complete(contacts)
        try bench.unlink(contacts, "CC-00001")
        #expect(bench.status("emergency_contacts") == .open)
    }

    @Test func aProfileWriteThatBlanksARequiredFieldReopensTheProfileItem() throws {
        var bench = try TestTemplates.create()
        try bench.set(preferredName, [("preferred_name", .text("Al")), ("pronouns", .text("they/them"))])
        try bench.complete(preferredName)
        try bench.set(preferredName, [("pronouns", nil)])
        #expect(bench.status("preferred_name") == .open)
        #expect(bench.client.profile["pronouns"] == nil)
    }

    @Test func aProfileWriteReopensAnotherCompleteProfileItemShowingThatField() throws {
        var template = TestTemplates.ndisCore()
        template.sections[0].items.append(TemplateItem(key: "identity", title: "Identity", kind: .profile,
                                                       fields: [TestTemplates.profile.field("pronouns")!], required: true))
        var bench = try TestTemplates.create(template: template)
        try bench.set(preferredName, [("preferred_name", .text("Al")), ("pronouns", .text("they/them"))])
        try bench.complete(InstanceRef("identity"))
        try bench.set(preferredName, [("pronouns", nil)])
        #expect(bench.status("identity") == .open)
        #expect(bench.events.last?.target == "identity")
    }

    @Test func editingALinkedRecordReopensAnItemWhoseCheckNowFails() throws {
        let rules = PlainRules()
        rules.complete["emergency_contacts"] = { input, instance in
            instance.records.contains { input.record($0)?.fields["phone"] == nil } ? ["Every contact needs a phone number"] : nil
        }
        var bench = try TestTemplates.create(rules: rules)
        let id = try bench.create(contacts, ["name": .text("Pat"), "phone": .text("0400 123 456")])
        try bench.complete(contacts)
        try bench.editRecord(id, [("phone", nil)])
        #expect(bench.status("emergency_contacts") == .open)
    }

    // MARK: Not required, reinstate

    @Test func aSkippableItemCanBeMarkedNotRequiredAndReinstated() throws {
        var bench = try TestTemplates.create()
        try bench.markNotRequired(medications, reason: "No medications")
        #expect(bench.status("medications") == .notRequired)
        #expect(bench.plan.instance(medications)?.notRequiredReason == "No medications")
        try bench.reinstate(medications)
        #expect(bench.status("medications") == .open)
        #expect(bench.plan.instance(medications)?.notRequiredReason == nil)
    }

    @Test func anItemThatIsNotSkippableCannotBeMarkedNotRequired() throws {
        var bench = try TestTemplates.create()
        expectRefusal(&bench, ["Item 'consent' can't be marked not required: the template requires it"]) {
            try $0.markNotRequired(InstanceRef("consent"), reason: nil)
        }
    }

    // MARK: Add another, remove

    @Test func addingACloneCopiesValuesAndLinksButNotStatus() throws {
        var bench = try TestTemplates.create()
        try bench.set(communication, [("method", .text("Auslan")), ("notes", .text("Interpreter booked"))])
        try bench.complete(communication)
        try bench.link(medications, ["MED-00002", "MED-00001"])
        let values = try bench.addInstance("communication", cloneOf: 1)
        let links = try bench.addInstance("medications", cloneOf: 1)
        #expect(bench.plan.instance(values) == ItemInstance(key: "communication", instance: 2, status: .open, values:
            ["method": .text("Auslan"), "notes": .text("Interpreter booked"), "language": .text("English")]))
        #expect(bench.plan.instance(links) == ItemInstance(key: "medications", instance: 2, records: ["MED-00002", "MED-00001"]))
    }

    @Test func addingACloneOfAVideoCopiesItsLink() throws {
        var bench = try TestTemplates.create()
        try bench.set(video, [("url", .text("https://videos.example.org/bed"))])
        try bench.complete(video)
        let added = try bench.addInstance("transfer_video", cloneOf: 1)
        #expect(added == InstanceRef("transfer_video", 2))
        #expect(bench.plan.instance(added) ==
                ItemInstance(key: "transfer_video", instance: 2, status: .open, url: "https://videos.example.org/bed"))
        #expect(bench.events.last?.after == "clone of transfer_video#1")
    }

    @Test func aBlankInstanceStartsFromTheFieldsDefaultsNotTheOtherInstancesValues() throws {
        var bench = try TestTemplates.create()
        try bench.set(communication, [("method", .text("Auslan"))])
        try bench.link(medications, ["MED-00001"])
        let values = try bench.addInstance("communication", cloneOf: nil)
        let links = try bench.addInstance("medications", cloneOf: nil)
        #expect(bench.plan.instance(values)?.values == ["language": .text("English")])
        #expect(bench.plan.instance(links)?.records == [])
    }

    @Test func addingABlankInstanceAppliesDefaultsAgain() throws {
        let rules = PlainRules()
        rules.defaults["transfer_video"] = { _, instance in .url("https://videos.example.org/part-\(instance.instance)") }
        var bench = try TestTemplates.create(rules: rules)
        try bench.set(video, [("url", .text("https://videos.example.org/bed"))])
        let added = try bench.addInstance("transfer_video", cloneOf: nil)
        #expect(bench.plan.instance(added)?.url == "https://videos.example.org/part-2")
        #expect(bench.events.last?.after == "blank")
    }

    @Test func aBlankInstanceWithoutADefaultHookTakesTheTemplatesDefault() throws {
        var bench = try TestTemplates.create()
        try bench.set(video, [("url", .text("https://videos.example.org/bed"))])
        let added = try bench.addInstance("transfer_video", cloneOf: nil)
        #expect(bench.plan.instance(added)?.url == "https://example.org/transfers")
    }

    @Test func addedInstancesSitAfterTheirItemsOthersInNumberOrder() throws {
        var bench = try TestTemplates.create()
        try bench.addInstance("transfer_video", cloneOf: nil)
        try bench.addInstance("transfer_video", cloneOf: 1)
        #expect(bench.plan.instances.map(\.ref.description).suffix(4) ==
                ["transfer_video", "transfer_video#2", "transfer_video#3", "consent"])
    }

    @Test func anInstanceIsAddressedAsKeyHashN() throws {
        var bench = try TestTemplates.create()
        try bench.addInstance("medications", cloneOf: nil)
        let second = try #require(InstanceRef(parsing: "medications#2"))
        try bench.link(second, ["MED-00001"])
        #expect(bench.plan.instance(second)?.records == ["MED-00001"])
        #expect(bench.events.last?.target == "medications#2")
        #expect(InstanceRef(parsing: "medications") == InstanceRef("medications", 1))
        #expect(InstanceRef(parsing: "medications#0") == nil)
    }

    @Test func anAddedInstanceCanBeRemovedButInstanceOneCannot() throws {
        var bench = try TestTemplates.create()
        let added = try bench.addInstance("transfer_video", cloneOf: nil)
        try bench.removeInstance(added)
        #expect(bench.plan.instances(of: "transfer_video").map(\.instance) == [1])
        expectRefusal(&bench, ["Instance 1 of item 'transfer_video' can't be removed; only added instances can"]) {
            try $0.removeInstance(video)
        }
    }

    @Test func anItemThatIsNotRepeatableCannotBeAddedAgain() throws {
        var bench = try TestTemplates.create()
        expectRefusal(&bench, ["Item 'emergency_contacts' is not repeatable; Add Another is not allowed"]) {
            try $0.addInstance("emergency_contacts", cloneOf: nil)
        }
    }

    // MARK: Hidden

    @Test func aHiddenItemKeepsItsValuesAndCannotBeChanged() throws {
        let visible = Flag(true)
        let rules = PlainRules()
        rules.itemVisible["communication"] = { _, _ in visible.on }
        var bench = try TestTemplates.create(rules: rules)
        try bench.set(communication, [("method", .text("Auslan"))])
        visible.on = false

        let hidden = try #require(bench.item("communication"))
        #expect(!hidden.visible)
        #expect(hidden.values["method"] == .text("Auslan"))
        let reason = "Item 'communication' is hidden by the template's rules and can't be changed"
        expectRefusal(&bench, [reason]) { try $0.set(communication, [("method", .text("Verbal"))]) }
        expectRefusal(&bench, [reason]) { try $0.complete(communication) }
        expectRefusal(&bench, [reason]) { try $0.markNotRequired(communication, reason: nil) }
    }

    @Test func aHiddenSectionHidesItsItemsAndTheyCannotBeChanged() throws {
        let rules = PlainRules()
        rules.sectionVisible["contacts"] = { _ in false }
        var bench = try TestTemplates.create(rules: rules)
        #expect(bench.evaluate().section("contacts")?.items.allSatisfy { !$0.visible } == true)
        expectRefusal(&bench, ["Item 'emergency_contacts' is hidden by the template's rules and can't be changed"]) {
            try $0.link(contacts, ["CC-00001"])
        }
        expectRefusal(&bench, ["Item 'emergency_contacts' is hidden by the template's rules and can't be changed"]) {
            try $0.create(contacts, ["name": .text("Pat")])
        }
    }
}
