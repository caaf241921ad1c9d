/// The frame of every page: head, top bar, breadcrumbs and the main region.
enum Layout {
    struct Crumb { var title: String; var href: String? }

    static func page(_ title: String, _ context: PageContext, crumbs: [Crumb] = [],
                     @NodeBuilder content: () -> [Node]) -> Node {
        el("html", Attribute("lang", "en")) {
            el("head") {
                el("meta", Attribute("charset", "utf-8"))
                el("meta", .name("viewport"), Attribute("content", "width=device-width, initial-scale=1"))
                el("title") { "\(title) · supportplan" }
                el("link", Attribute("rel", "stylesheet"), .href(Stylesheet.path))
            }
            el("body") {
                el("a", .class("skip"), .href("#main")) { "Skip to content" }
                el("header", .class("top")) {
                    el("a", .class("brand"), .href("/")) { "supportplan" }
                    el("nav", .aria("label", "Main")) {
                        el("a", .href("/clients")) { "Clients" }
                        el("a", .href("/templates")) { "Templates" }
                    }
                    if let user = context.user {
                        el("div", .class("who")) {
                            el("span") { "Signed in as \(user)" + (context.roles.isEmpty ? "" : " (\(context.roles.joined(separator: ", ")))") }
                            Forms.post("/sign-out", context) { el("button", .type("submit")) { "Sign out" } }
                        }
                    }
                }
                el("main", .id("main")) {
                    if !crumbs.isEmpty {
                        el("nav", .class("crumbs"), .aria("label", "Breadcrumb")) {
                            for (i, crumb) in crumbs.enumerated() {
                                if i > 0 { " › " }
                                if let href = crumb.href { el("a", .href(href)) { crumb.title } } else { el("span", .aria("current", "page")) { crumb.title } }
                            }
                        }
                    }
                    content()
                }
            }
        }
    }
}
