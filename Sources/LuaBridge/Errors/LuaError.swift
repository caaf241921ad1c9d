/// An error from compiling, running or converting Lua, with where it happened.
public struct LuaError: Error, CustomStringConvertible, Sendable {
    /// What went wrong, in broad strokes.
    public enum Kind: Equatable, Sendable {
        case syntax
        case runtime
        case limit(LuaLimitKind)
        case conversion
    }

    /// Which limit stopped a script.
    public enum LuaLimitKind: Equatable, Sendable {
        case instructions
        case memory
        case wallClock
        case stack
    }

    public var kind: Kind
    /// The message without its position, e.g. `attempt to index a nil value (field 'record')`.
    public var message: String
    /// The chunk name as compiled (`@Rules/x/rules.lua`), when known.
    public var chunkName: String?
    public var line: Int?
    public var traceback: String?

    public init(kind: Kind, message: String, chunkName: String? = nil, line: Int? = nil, traceback: String? = nil) {
        self.kind = kind
        self.message = message
        self.chunkName = chunkName
        self.line = line
        self.traceback = traceback
    }

    /// `Rules/x/rules.lua:42` (the chunk name without its `@`), or nil when unknown.
    public var location: String? {
        guard let chunkName else { return nil }
        let file = LuaError.displayName(chunkName)
        if let line { return "\(file):\(line)" }
        return file
    }

    /// A sentence with `file:line`, e.g. `Rules/x/rules.lua:42: attempt to index a nil value (field 'record')`.
    public var description: String {
        if let location { return "\(location): \(message)" }
        return message
    }

    static func displayName(_ chunkName: String) -> String {
        if chunkName.hasPrefix("@") || chunkName.hasPrefix("=") { return String(chunkName.dropFirst()) }
        return chunkName
    }
}
