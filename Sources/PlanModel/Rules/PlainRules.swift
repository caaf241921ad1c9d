/// Rules written as Swift closures: the model's tests and tools that need no Lua.
/// Every closure is optional; an absent one behaves as the absent hook of docs/writing-rules.md.
public final class PlainRules: RulesEngine {
    public typealias Check = (RulesInput, ItemInstance) throws -> [String]?
    public var itemVisible: [String: (RulesInput, ItemInstance) throws -> Bool] = [:]
    public var sectionVisible: [String: (RulesInput) throws -> Bool] = [:]
    /// Returns nil when complete, else the messages.
    public var complete: [String: Check] = [:]
    public var defaults: [String: (RulesInput, ItemInstance) throws -> ItemDefault] = [:]
    public var candidates: [String: (RulesInput, ClientRecord) throws -> Bool] = [:]
    public var formFields: [String: (RulesInput) throws -> [FieldDefinition]] = [:]
    public var formDefaults: [String: (RulesInput) throws -> FieldValues] = [:]
    public var validate: [String: (RulesInput, FieldValues) throws -> [String: String]] = [:]
    public var canActivate: ((RulesInput) throws -> [String]?)?

    public init() {}

    private func error(_ scope: RuleError.Scope, _ hook: HookKind, _ e: Error) -> RuleError {
        RuleError(scope: scope, hook: hook.name, message: "\(e)", location: "PlainRules")
    }

    public func evaluate(_ input: RulesInput) -> RulesVerdict {
        var verdict = RulesVerdict()
        for section in input.template.sections {
            if let hook = sectionVisible[section.key] {
                do { if try !hook(input) { verdict.hiddenSections.insert(section.key) } }
                catch { verdict.errors.append(self.error(.section(section.key), .sectionVisible, error)) }
            }
        }
        for instance in input.plan.instances {
            guard let section = input.template.section(containing: instance.key),
                  !verdict.hiddenSections.contains(section.key) else { continue }
            if let hook = itemVisible[instance.key] {
                do { if try !hook(input, instance) { verdict.hiddenItems.insert(instance.ref); continue } }
                catch { verdict.errors.append(self.error(.item(instance.ref), .itemVisible, error)) }
            }
            if let hook = complete[instance.key] {
                do { if let messages = try hook(input, instance) { verdict.incomplete[instance.ref] = messages } }
                catch {
                    verdict.incomplete[instance.ref] = []
                    verdict.errors.append(self.error(.item(instance.ref), .itemComplete, error))
                }
            }
        }
        if let canActivate {
            do { verdict.activationRefusal = try canActivate(input) }
            catch {
                verdict.activationRefusal = []
                verdict.errors.append(self.error(.plan, .planCanActivate, error))
            }
        }
        return verdict
    }

    public func defaults(_ input: RulesInput, for refs: [InstanceRef]) -> DefaultsOutcome {
        var outcome = DefaultsOutcome()
        for ref in refs {
            guard let hook = defaults[ref.key], let instance = input.plan.instance(ref) else { continue }
            do { outcome.defaults[ref] = try hook(input, instance) }
            catch { outcome.errors.append(self.error(.item(ref), .itemDefault, error)) }
        }
        return outcome
    }

    public func candidates(_ input: RulesInput, for ref: InstanceRef, among records: [ClientRecord]) -> CandidatesOutcome {
        guard let hook = candidates[ref.key] else { return CandidatesOutcome(allowed: records.map(\.id)) }
        do { return CandidatesOutcome(allowed: try records.filter { try hook(input, $0) }.map(\.id)) }
        catch { return CandidatesOutcome(allowed: [], errors: [self.error(.item(ref), .itemCandidates, error)]) }
    }

    public func form(_ input: RulesInput, recordType: RecordType, for ref: InstanceRef?) -> FormOutcome {
        var errors: [RuleError] = []
        var fields = recordType.fields
        if let hook = formFields[recordType.key] {
            do { fields = try hook(input) } catch { errors.append(self.error(.form(recordType.key), .formFields, error)) }
        }
        var values = FieldValues()
        for f in fields { if let d = f.defaultValue { values[f.key] = d } }
        if let hook = formDefaults[recordType.key] {
            do { values.merge(try hook(input)) { $1 } } catch { errors.append(self.error(.form(recordType.key), .formDefaults, error)) }
        }
        return FormOutcome(fields: fields, defaults: values, errors: errors)
    }

    public func validate(_ input: RulesInput, recordType: RecordType, values: FieldValues, for ref: InstanceRef?) -> ValidationOutcome {
        guard let hook = validate[recordType.key] else { return ValidationOutcome() }
        do { return ValidationOutcome(messages: try hook(input, values)) }
        catch { return ValidationOutcome(errors: [self.error(.form(recordType.key), .formValidate, error)]) }
    }
}
