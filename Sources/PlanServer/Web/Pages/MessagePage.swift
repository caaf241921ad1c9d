/// A page that only says something: not found, not allowed, a bad request.
struct MessagePage {
    var title: String
    var lines: [String]
    var context: PageContext

    var node: Node {
        Layout.page(title, context) {
            el("div", .class("panel")) {
                el("h1") { title }
                for line in lines { el("p") { line } }
                el("p") { el("a", .href("/clients")) { "Back to clients" } }
            }
        }
    }
}
