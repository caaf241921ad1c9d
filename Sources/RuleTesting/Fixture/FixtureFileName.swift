import Foundation

/// A fixture file's name and folder from its path, as `URL` gives them (`deletingPathExtension().lastPathComponent`,
/// `deletingLastPathComponent().lastPathComponent`). Plain names — letters, digits, `-`, `_` and inner dots, as every
/// fixture is named — are cut as text: going through `URL` for them was about 1.5 % of a 1,000-fixture run
/// (`perf record`, 30 November 2026). Anything else is left to `URL`.
enum FixtureFileName {
    /// `basic` for `Fixtures/ndis-core/basic.yaml`.
    static func name(ofFile path: String) -> String {
        let parts = lastTwo(path)
        if let file = parts.file, isPlain(file), let dot = file.lastIndex(of: "."), dot != file.startIndex {
            return String(file[..<dot])
        }
        return URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
    }

    /// `ndis-core` for `/work/Fixtures/ndis-core/basic.yaml`.
    static func folder(ofFile url: URL) -> String {
        let path = url.path
        let parts = lastTwo(path)
        if let folder = parts.folder, let file = parts.file, isPlain(folder), isPlain(file) { return String(folder) }
        return url.deletingLastPathComponent().lastPathComponent
    }

    /// `url.standardizedFileURL.path`: the path as it is when it is absolute and every component is plain (no `.`, `..`
    /// or empty component for standardizing to take out, and nothing `URL` might read otherwise); anything else through
    /// `URL`. A fixture's display path is worked out from this for every fixture run (through `URL`, 1 % of a
    /// 1,000-fixture run).
    static func standardizedPath(of url: URL) -> String {
        let path = url.path
        guard path.utf8.first == UInt8(ascii: "/"),
              path.utf8.dropFirst().split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
                  .allSatisfy({ isPlain(Substring($0)) }) else {
            return url.standardizedFileURL.path
        }
        return path
    }

    /// The last two components of an absolute or relative path with single slashes; nil where there is none.
    private static func lastTwo(_ path: String) -> (folder: Substring?, file: Substring?) {
        guard let slash = path.lastIndex(of: "/") else { return (nil, path.isEmpty ? nil : path[...]) }
        let file = path[path.index(after: slash)...]
        let head = path[..<slash]
        guard let before = head.lastIndex(of: "/") else { return (nil, file) }
        return (head[head.index(after: before)...], file)
    }

    /// Letters, digits, `-`, `_` and dots, not starting or ending with a dot and with no two dots together.
    private static func isPlain(_ component: Substring) -> Bool {
        guard let first = component.utf8.first, let last = component.utf8.last, first != UInt8(ascii: "."), last != UInt8(ascii: ".") else {
            return false
        }
        var previous: UInt8 = 0
        for byte in component.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"):
                break
            case UInt8(ascii: "."):
                if previous == UInt8(ascii: ".") { return false }
            default:
                return false
            }
            previous = byte
        }
        return true
    }
}
