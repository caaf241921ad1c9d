import PlanModel

/// Find a client by name or id.
struct ClientsPage {
    var query: String
    var clients: [Client]
    var context: PageContext

    var node: Node {
        Layout.page("Clients", context) {
            el("h1") { "Clients" }
            el("form", .class("panel search"), Attribute("method", "get"), Attribute("action", "/clients"), Attribute("role", "search")) {
                el("div") {
                    el("label", .for("q")) { "Search by name or id" }
                    el("input", .type("search"), .id("q"), .name("q"), .value(query), Attribute("autofocus", nil))
                }
                Forms.button("Search", primary: true)
            }
            if clients.isEmpty {
                el("p", .class("empty")) { query.isEmpty ? "No clients yet. Import them with supportplan client import." : "No client matches “\(query)”." }
            } else {
                el("table") {
                    el("caption", .class("skip")) { "Clients" }
                    el("thead") { el("tr") { el("th", Attribute("scope", "col")) { "Id" }; el("th", Attribute("scope", "col")) { "Name" }; el("th", Attribute("scope", "col")) { "Latest support plan" } } }
                    el("tbody") {
                        for client in clients {
                            el("tr") {
                                el("td", .class("mono")) { client.id }
                                el("td") { el("a", .href(Paths.client(client.id))) { client.name } }
                                el("td") {
                                    if let plan = client.latestPlanID { el("a", .href(Paths.plan(plan))) { plan } } else { el("span", .class("muted")) { "none" } }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
