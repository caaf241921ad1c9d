import Testing
@testable import PlanServer

@Suite struct HTMLRenderingTests {
    @Test func textAndAttributeValuesAreEscapedWhenRendered() {
        let node = el("p", .title("\"><script>x</script>")) { "<script>alert('x')</script> & more" }
        #expect(node.render() == "<p title=\"&quot;&gt;&lt;script&gt;x&lt;/script&gt;\">&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more</p>")
    }

    @Test func controlCharactersAreShownAsControlPictures() {
        #expect(Node.text("\u{1B}[31mEve\u{1B}[0m\u{0}\u{7F}").render() == "␛[31mEve␛[0m␀␡")
        #expect(Node.text("line\nnext\ttab").render() == "line\nnext\ttab")
    }

    @Test func voidElementsHaveNoEndTagAndFlagsNoValue() {
        #expect(el("input", .name("q"), .flag("required")).render() == "<input name=\"q\" required>")
    }

    @Test func buildersTakeConditionsAndLoops() {
        let shown = true
        let node = el("ul") {
            for n in 1...2 { el("li") { "\(n)" } }
            if shown { el("li") { "yes" } } else { el("li") { "no" } }
        }
        #expect(node.render() == "<ul><li>1</li><li>2</li><li>yes</li></ul>")
    }

    @Test func aDocumentStartsWithItsDoctype() {
        #expect(el("html").renderDocument() == "<!DOCTYPE html>\n<html></html>")
    }

    @Test func guidanceLinksOtherThanWebAndMailGoNowhere() {
        #expect(GuidanceNode.safeURL("javascript:alert(1)") == "#")
        #expect(GuidanceNode.safeURL("https://example.org/a") == "https://example.org/a")
    }

    @Test func pathsEncodeIdsAndReadInstancesBack() {
        #expect(Paths.client("C 1/../x") == "/clients/C%201%2F..%2Fx")
        #expect(Paths.item("SP-000001", .init("community_activities", 2), "complete") == "/plans/SP-000001/items/community_activities~2/complete")
        #expect(Paths.ref("community_activities~2") == .init("community_activities", 2))
        #expect(Paths.ref("x~0") == nil)
    }
}

@Suite struct FormDataTests {
    @Test func decodesPlusAndPercentEscapesAndKeepsRepeatedNames() {
        let form = FormData(parsing: "csrf=ab&v.name=Kim+Nguyen&v.note=a%26b%3Dc&records=MED-1&records=MED-2&v.days=&v.days=Mon&v.days=Tue")
        #expect(form["csrf"] == "ab")
        #expect(form.all("records") == ["MED-1", "MED-2"])
        #expect(form.typed == ["name": "Kim Nguyen", "note": "a&b=c", "days": "Mon,Tue"])
    }

    @Test func keepsMalformedEscapesAsTyped() {
        #expect(FormData(parsing: "v.x=100%25+%zz%")["v.x"] == "100% %zz%")
    }
}

@Suite struct CSRFGuardTests {
    @Test func acceptsOnlyTheTokenSigningItsOwnCookie() {
        let guard1 = CSRFGuard(), guard2 = CSRFGuard()
        let cookie = CSRFGuard.newValue(), other = CSRFGuard.newValue()
        #expect(cookie.count == 64)
        #expect(guard1.accepts(token: guard1.token(for: cookie), for: cookie))
        #expect(!guard1.accepts(token: guard1.token(for: other), for: cookie))
        #expect(!guard1.accepts(token: guard2.token(for: cookie), for: cookie))
        #expect(!guard1.accepts(token: nil, for: cookie))
        #expect(!guard1.accepts(token: guard1.token(for: ""), for: ""))
    }

    @Test func theCookieIsHttpOnlyAndSameSiteStrict() {
        #expect(CSRFGuard.setCookie("ab") == "sp_csrf=ab; Path=/; HttpOnly; SameSite=Strict")
    }
}
