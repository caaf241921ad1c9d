import LuaBridge
import PlanModel

/// What running one template item's hooks needs, looked up once per engine rather than per instance and
/// evaluation: the item, its section and, for each plan-evaluation hook it defines, the path to call and
/// the line it is defined at. A class, so handing one around (per instance, per pass) is one reference, not a
/// copy of the template item.
final class ItemHooks {
    /// A hook's path in the rules table and the line its function is defined at.
    struct Hook {
        let path: LuaPath
        let line: Int
    }

    let item: TemplateItem
    /// The item's position among all the template's items.
    let index: Int
    /// The item's key as `ctx.item.key` writes it, interned in the engine's runtime.
    let keyName: LuaName
    let section: String
    /// The strict shape of the item's values (`ctx.item.values`), one object for the engine's life.
    let valuesShape: LuaKeyShape
    let visible: Hook?
    let complete: Hook?
    let `default`: Hook?

    init(item: TemplateItem, index: Int, section: String, valuesShape: LuaKeyShape, visible: Hook?, complete: Hook?, default: Hook?) {
        self.item = item; self.index = index; self.keyName = LuaName(item.key); self.section = section; self.valuesShape = valuesShape
        self.visible = visible; self.complete = complete; self.default = `default`
    }

    /// Every item of `template`, by key.
    static func table(template: PlanTemplate, index: HookIndex, shapes: CtxShapeCache) -> [String: ItemHooks] {
        var table: [String: ItemHooks] = [:]
        var position = 0
        for section in template.sections {
            for item in section.items {
                func hook(_ kind: HookKind) -> Hook? {
                    index.line(of: kind, owner: item.key).map { Hook(path: LuaPath(kind.path(owner: item.key)), line: $0) }
                }
                defer { position += 1 }
                table[item.key] = ItemHooks(item: item, index: position, section: section.key, valuesShape: shapes.values(of: item), visible: hook(.itemVisible),
                                            complete: hook(.itemComplete), default: hook(.itemDefault))
            }
        }
        return table
    }
}
