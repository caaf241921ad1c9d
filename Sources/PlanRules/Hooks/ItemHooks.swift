import LuaBridge
import PlanModel

/// What running one template item's hooks needs, looked up once per engine rather than per instance and
/// evaluation: the item, its section and, for each plan-evaluation hook it defines, the path to call and
/// the line it is defined at.
struct ItemHooks {
    /// A hook's path in the rules table and the line its function is defined at.
    struct Hook {
        let path: [LuaName]
        let line: Int
    }

    let item: TemplateItem
    let section: String
    let visible: Hook?
    let complete: Hook?
    let `default`: Hook?

    /// Every item of `template`, by key.
    static func table(template: PlanTemplate, index: HookIndex) -> [String: ItemHooks] {
        var table: [String: ItemHooks] = [:]
        for section in template.sections {
            for item in section.items {
                func hook(_ kind: HookKind) -> Hook? {
                    index.line(of: kind, owner: item.key).map { Hook(path: kind.path(owner: item.key).map(LuaName.init), line: $0) }
                }
                table[item.key] = ItemHooks(item: item, section: section.key, visible: hook(.itemVisible),
                                            complete: hook(.itemComplete), default: hook(.itemDefault))
            }
        }
        return table
    }
}
