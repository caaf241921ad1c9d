/// Sign in with a user name and password (only once the installation has users).
struct SignInPage {
    var user: String
    var error: String?
    var next: String
    var csrf: String

    var node: Node {
        Layout.page("Sign in", PageContext(user: nil, csrf: csrf)) {
            el("div", .class("panel narrow")) {
                el("h1") { "Sign in" }
                if let error { RefusalBox.node([error], title: "Not signed in") }
                Forms.post("/sign-in", PageContext(user: nil, csrf: csrf)) {
                    Forms.hidden("next", next)
                    Forms.textInput(id: "user", name: "user", label: "User name", value: user)
                    Forms.textInput(id: "password", name: "password", label: "Password", value: nil, type: "password")
                    el("div", .class("actions")) { Forms.button("Sign in", primary: true) }
                }
            }
        }
    }
}
