/// A global's read-only view kept by its runtime for later evaluations (`LuaEvaluation.defineKeeping(global:table:)`):
/// the name it was kept under, the serial of that keep, and the runtime's token.
public struct LuaKeptGlobal {
    let name: String
    let serial: Int
    let owner: LuaRuntimeToken
}
