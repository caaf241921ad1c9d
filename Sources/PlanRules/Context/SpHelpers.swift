import LuaBridge
import PlanModel

/// The global `sp` of docs/writing-rules.md. Date and format checks are the model's own (`ValueFormat`,
/// `CalendarDate`), so a hook and a built-in check never disagree; `blank` and `contains` are Lua,
/// because they must see through `ctx`'s read-only proxies.
///
/// It holds no state: the evaluation date `sp.age` measures to by default is a value of each
/// evaluation (`_sp_today`, read once by the prelude), so one engine serves any date.
final class SpHelpers: LuaTableSource {
    static let prelude = """
    local host, today = _sp_host, _sp_today
    local pairs, ipairs, type = pairs, ipairs, type
    local sp = {}
    function sp.blank(v)
      if v == nil or v == "" then return true end
      if type(v) == "table" then
        for _ in pairs(v) do return false end
        return true
      end
      return false
    end
    function sp.contains(list, v)
      if type(list) ~= "table" then return false end
      for _, x in ipairs(list) do if x == v then return true end end
      return false
    end
    local age = host.age
    function sp.age(born, on)
      if on == nil then on = today end
      return age(born, on)
    end
    sp.days = host.days
    sp.date = host.date
    sp.is_email = host.is_email
    sp.is_phone = host.is_phone
    sp.is_url = host.is_url
    return sp
    """

    /// The host functions in a list, their names interned in the engine's runtime (the one that pushes them): written
    /// in every evaluation, they were a dictionary walked and each name's text hashed again. Kept by the runtime
    /// (`LuaKeptFunction`), so the `sp` one evaluation builds can serve the next.
    private lazy var functions: [(name: LuaName, function: LuaKeptFunction)] =
        hostFunctions().sorted { $0.key < $1.key }.map { (LuaName($0.key), LuaKeptFunction($0.value)) }

    /// The `sp` the runtime keeps (`LuaEvaluation.defineKeeping`), and the date its `sp.age` measures to by default.
    private var kept: (today: String, global: LuaKeptGlobal)?

    // The host functions reach the prelude as one table built in one pass, not a lazy object read key by key.
    var luaTableSize: (list: Int, fields: Int) { (0, functions.count) }
    func write(to table: inout LuaTableWriter) {
        for index in functions.indices { table.set(functions[index].name, function: functions[index].function) }
    }
    /// Found by its slot in each evaluation that pushes it, not by its identity in a dictionary.
    var luaTableSlot: LuaTableSlot? = LuaTableSlot()

    /// Makes `sp` a global of this evaluation: the prelude, compiled once per runtime, run over the host functions,
    /// with `today` (`YYYY-MM-DD`) as the date `sp.age` measures to by default.
    ///
    /// The `sp` an evaluation built is kept by the runtime (read-only, and holding nothing of that evaluation) and
    /// defined again in the next one of the same date, its host functions handed out to it: running the prelude in
    /// every evaluation was 2 % of a plan's.
    func define(in evaluation: LuaEvaluation, prelude: LuaChunk, today: String) throws(LuaError) {
        if let kept, kept.today == today, functions.allSatisfy({ evaluation.handOut($0.function) }),
           try evaluation.define(global: "sp", kept: kept.global) {
            return
        }
        try evaluation.define(global: "_sp_host", .table(self))
        try evaluation.define(global: "_sp_today", .value(.string(today)))
        let sp = try evaluation.run(prelude)
        kept = try evaluation.defineKeeping(global: "sp", table: sp).map { (today, $0) }
        try evaluation.define(global: "_sp_host", .value(.nil))
        try evaluation.define(global: "_sp_today", .value(.nil))
    }

    /// Host functions the prelude wraps.
    func hostFunctions() -> [String: ([LuaValue]) throws -> LuaHostValue] {
        func date(_ v: LuaValue?) -> CalendarDate? {
            guard case .string(let s)? = v else { return nil }
            return CalendarDate(s)
        }
        func string(_ args: [LuaValue]) -> String? {
            guard case .string(let s)? = args.first else { return nil }
            return s
        }
        return [
            "age": { args in
                guard let born = date(args.first), let on = date(args.count > 1 ? args[1] : nil) else { return .value(.nil) }
                return .value(.integer(Int64(born.age(on: on))))
            },
            "days": { args in
                guard let from = date(args.first), let to = date(args.count > 1 ? args[1] : nil) else { return .value(.nil) }
                return .value(.integer(Int64(from.days(to: to))))
            },
            "date": { args in
                guard let d = date(args.first) else { return .value(.nil) }
                return .value(.map(["year": .integer(Int64(d.year)), "month": .integer(Int64(d.month)), "day": .integer(Int64(d.day))]))
            },
            "is_email": { args in .value(.boolean(string(args).map(ValueFormat.isEmail) ?? false)) },
            "is_phone": { args in .value(.boolean(string(args).map(ValueFormat.isPhone) ?? false)) },
            "is_url": { args in .value(.boolean(string(args).map(ValueFormat.isURL) ?? false)) },
        ]
    }
}
