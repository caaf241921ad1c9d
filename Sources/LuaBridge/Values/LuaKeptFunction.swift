/// A host function whose Lua value its runtime keeps from one evaluation to the next, so that a recycled table
/// holding it (`LuaTableSource.luaRecycleKey`) can be left as it was, function and all: a `LuaHostValue.function`
/// is made again in every evaluation that writes it, so a table holding one had to be written again in each.
///
/// It is callable only in an evaluation it was handed to: one that wrote it (`LuaTableWriter.set(_:function:)`)
/// or that took a kept table holding it and said so (`LuaEvaluation.handOut(_:)`). Anywhere else a call fails as a
/// call of any host function outside its evaluation does, so a body may rely on what its evaluation set up.
///
/// One runtime keeps it, the first that gets it; any other runtime makes a `LuaHostValue.function` of its body
/// in each evaluation, as before. A runtime keeps at most `LuaRuntime.keptFunctionLimit` of them: make one per
/// long-lived source, not per evaluation.
public final class LuaKeptFunction {
    let body: ([LuaValue]) throws -> LuaHostValue
    /// The token of the runtime that keeps it (nil until one does; held, so no later runtime's token can be taken
    /// for it), and its number there.
    var keeper: LuaRuntimeToken?
    var number = 0
    /// The id of the evaluation it was last handed to.
    var handedTo = -1

    public init(_ body: @escaping ([LuaValue]) throws -> LuaHostValue) {
        self.body = body
    }
}
