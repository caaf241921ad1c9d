import LuaBridge
import PlanModel

/// The keys of `ctx`'s tables, interned once per engine (its one runtime) rather than hashed on every
/// write: a plan's tables write about a dozen of them per instance.
final class ContextNames {
    let today = LuaName("today"), client = LuaName("client"), plan = LuaName("plan"), item = LuaName("item")
    let section = LuaName("section"), key = LuaName("key"), title = LuaName("title"), id = LuaName("id")
    let name = LuaName("name"), profile = LuaName("profile"), records = LuaName("records"), record = LuaName("record")
    let type = LuaName("type"), status = LuaName("status"), template = LuaName("template")
    let templateVersion = LuaName("template_version"), previousPlan = LuaName("previous_plan")
    let goalAttainmentPlan = LuaName("goal_attainment_plan"), behaviourSupportPlan = LuaName("behaviour_support_plan")
    let instance = LuaName("instance"), kind = LuaName("kind"), values = LuaName("values"), url = LuaName("url")
    /// The key shapes of strict ctx, likewise made once per engine.
    let shapes = CtxShapeCache()
    /// `ctx.section`'s tables, the same for every plan of the engine.
    let sections = SectionTableCache()
    let schema = LuaName("schema")

    /// The values of `ctx.item.kind` and `.status`, interned like the keys: every instance writes one of each.
    /// Found by a switch, not through `allCases`, which makes an array at every call.
    private let profileKind = LuaName(ItemKind.profile.rawValue), recordsKind = LuaName(ItemKind.records.rawValue)
    private let fieldsKind = LuaName(ItemKind.fields.rawValue), videoKind = LuaName(ItemKind.video.rawValue)
    private let open = LuaName(ItemInstance.Status.open.rawValue), complete = LuaName(ItemInstance.Status.complete.rawValue)
    private let reviewed = LuaName(ItemInstance.Status.reviewed.rawValue)
    private let notRequired = LuaName(ItemInstance.Status.notRequired.rawValue)

    /// The evaluation date last seen, and a number that changes with it: part of ctx's tag.
    private var lastToday = ""
    private var todayNumber = 0
    func number(ofToday date: String) -> Int {
        if date != lastToday {
            lastToday = date
            todayNumber += 1
        }
        return todayNumber
    }

    func name(of kind: ItemKind) -> LuaName {
        switch kind {
        case .profile: profileKind
        case .records: recordsKind
        case .fields: fieldsKind
        case .video: videoKind
        }
    }

    /// Each kind and status as a number below 4, for tags.
    func number(of kind: ItemKind) -> Int {
        switch kind {
        case .profile: 0
        case .records: 1
        case .fields: 2
        case .video: 3
        }
    }

    func number(of status: ItemInstance.Status) -> Int {
        switch status {
        case .open: 0
        case .complete: 1
        case .reviewed: 2
        case .notRequired: 3
        }
    }

    func name(of status: ItemInstance.Status) -> LuaName {
        switch status {
        case .open: open
        case .complete: complete
        case .reviewed: reviewed
        case .notRequired: notRequired
        }
    }
}
