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

    func name(of kind: ItemKind) -> LuaName {
        switch kind {
        case .profile: profileKind
        case .records: recordsKind
        case .fields: fieldsKind
        case .video: videoKind
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
