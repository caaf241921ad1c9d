import Foundation
import Testing
@testable import RuleTesting

/// Fixture names and folders cut as text are the ones `URL` gives, and odd paths still go through `URL`.
@Suite struct FixtureFileNameTests {
    static let paths = [
        "Fixtures/ndis-core/basic.yaml", "/work/Fixtures/home-care/0001-forms.yaml", "basic.yaml", "a/b.c.yaml",
        "a/b..yaml", "a/.hidden.yaml", "a/b.", "a/noextension", "a/ü.yaml", "a/with space.yaml", "a//b.yaml",
        "/x.yaml", "a/b/", "a/%41.yaml", "dir.d/e.yaml", "a/b.yaml.", "",
    ]

    @Test(arguments: paths)
    func aNameIsTheOneURLGives(_ path: String) {
        #expect(FixtureFileName.name(ofFile: path) == URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent)
    }

    @Test(arguments: paths + ["/a/./b.yaml", "/a/../b.yaml", "/a/b/..", "/a/b/.", "//a/b.yaml", "/a/b/./", "./a.yaml", "../a.yaml",
                              "/work/Fixtures/ndis-core/basic.yaml", "/a/b.c/d.yaml", "/a/b\u{301}.yaml", "/"])
    func aStandardizedPathIsTheOneURLGives(_ path: String) {
        let url = URL(fileURLWithPath: path)
        #expect(FixtureFileName.standardizedPath(of: url) == url.standardizedFileURL.path)
    }

    @Test(arguments: paths)
    func aFolderIsTheOneURLGives(_ path: String) {
        let url = URL(fileURLWithPath: path)
        #expect(FixtureFileName.folder(ofFile: url) == url.deletingLastPathComponent().lastPathComponent)
    }
}
