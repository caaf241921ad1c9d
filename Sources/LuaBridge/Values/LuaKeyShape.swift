/// The keys a host table may be read by, so a misspelt key is an error rather than a silent nil.
///
/// A table with a shape answers a read of a key it does not hold with nil when the key is known (a field
/// that is merely unset) or is not a string (a list read past its end), and raises
/// `prefix + key + suffix` with ` (did you mean 'k'?)` for the closest known key within two edits for any
/// other string key. Hits never consult the shape: they stay plain table reads in the Lua VM.
///
/// A runtime makes one metatable per shape object and keeps it while the runtime lives, so make a shape
/// once and hand the same object to every table of its kind (a new object per table costs a metatable each).
public final class LuaKeyShape: Sendable {
    /// Every key a script may read, in the order a did-you-mean prefers them on a tie.
    public let known: [String]
    public let prefix: String
    public let suffix: String

    public init(known: [String], prefix: String, suffix: String) {
        self.known = known; self.prefix = prefix; self.suffix = suffix
    }
}
