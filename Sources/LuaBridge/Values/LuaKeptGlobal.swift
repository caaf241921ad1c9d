/// A global's read-only view kept by its runtime for later evaluations (`LuaEvaluation.defineKeeping(global:table:)`).
public final class LuaKeptGlobal {
    let name: String
    let serial: Int
    let owner: LuaRuntimeToken

    init(name: String, serial: Int, owner: LuaRuntimeToken) {
        self.name = name
        self.serial = serial
        self.owner = owner
    }
}
