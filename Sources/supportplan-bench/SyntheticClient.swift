/// One synthetic fixture of the bench-100 template: a client with 35 profile values and 10 case notes, the
/// values of the plan's 100 items, and the answers the bench-100 rules must give for them. Drawn from a
/// `SeededGenerator`, so fixture n is the same in every run.
struct SyntheticClient {
    enum Value {
        case text(String), bool(Bool), int(Int), number(Double), list([String])
    }

    struct ItemValues {
        var value: String
        var note: String
        var count: Int
    }

    let number: Int
    let id: String
    let name: String
    let profile: [(key: String, value: Value)]
    /// Each record's fields in order (`id`, `type`, `title`, `date`, `body`).
    let records: [[(key: String, value: String)]]
    /// f001 … f100.
    let items: [ItemValues]

    /// The profile flags and texts bench-100's rules read, in the order `rules.lua` assigns them to items.
    static let flags = ["takes_medication", "uses_aac", "lives_alone", "interpreter_required", "has_behaviour_support_needs"]
    static let texts = ["first_name", "suburb", "language", "gp_name"]

    /// The five profile fields the scratch Rules folder adds to bench/plan-rules' 30, for a 35-field profile.
    static let extraProfileFields = """
          - { key: emergency_contact_name, label: Emergency contact, type: text }
          - { key: emergency_contact_phone, label: Emergency contact phone, type: phone }
          - { key: cultural_background, label: Cultural background, type: text }
          - { key: preferred_contact_time, label: Preferred contact time, type: choice, options: [Morning, Afternoon, Evening] }
          - { key: communication_notes, label: Communication notes, type: long_text }

        """

    static func itemKey(_ i: Int) -> String { "f" + String(repeating: "0", count: 3 - String(i).count) + String(i) }

    init(number: Int, generator g: inout SeededGenerator) {
        let firsts = ["Ada", "Tariq", "Mei", "Liam", "Priya", "Noah", "Aroha", "Sofia", "Jayden", "Fatima", "Oscar", "Leila"]
        let lasts = ["Nguyen", "Haddad", "Chen", "Smith", "Patel", "Williams", "Ngata", "Rossi", "Brown", "Khan", "Jones", "Tran"]
        let streets = ["Lygon Street", "George Street", "Hay Street", "Rundle Mall", "Sturt Road", "Beach Road", "Main Street"]
        let suburbs = ["Carlton", "Parramatta", "Fremantle", "Glenelg", "Hobart", "Toowong", "Belconnen", "Darwin City"]
        let states = ["ACT", "NSW", "NT", "QLD", "SA", "TAS", "VIC", "WA"]
        let languages = ["English", "Vietnamese", "Arabic", "Mandarin", "Hindi", "Italian", "Greek", "Auslan"]
        let disabilities = ["Cerebral palsy", "Autism", "Acquired brain injury", "Multiple sclerosis", "Intellectual disability"]
        let aids = ["None", "Walking stick", "Walker or frame", "Manual wheelchair", "Power wheelchair"]
        let diets = ["Vegetarian", "Halal", "Gluten free", "Diabetic", "Texture modified"]
        let words = ["visit", "shopping", "medication", "review", "outing", "appointment", "therapy", "phone call", "family", "goal"]
        func pad(_ n: Int, _ width: Int) -> String { String(repeating: "0", count: max(0, width - String(n).count)) + String(n) }
        func date(_ years: ClosedRange<Int>) -> String { "\(g.int(years.lowerBound, years.upperBound))-\(pad(g.int(1, 12), 2))-\(pad(g.int(1, 28), 2))" }
        func sentence(_ count: Int) -> String { (0..<count).map { _ in g.pick(words) }.joined(separator: " ") }

        self.number = number
        id = "C-\(pad(number, 5))"
        let first = g.pick(firsts), last = g.pick(lasts)
        name = "\(first) \(last)"
        var diet: [String] = []
        for _ in 0..<g.below(3) { let d = g.pick(diets); if !diet.contains(d) { diet.append(d) } }
        profile = [
            ("first_name", .text(first)), ("last_name", .text(last)), ("preferred_name", .text(first)),
            ("date_of_birth", .text(date(1940...2005))), ("gender", .text(g.pick(["Female", "Male", "Non-binary"]))),
            ("phone", .text("04\(g.digits(2)) \(g.digits(3)) \(g.digits(3))")),
            ("email", .text("\(first.lowercased()).\(last.lowercased())\(number)@example.com")),
            ("address_line1", .text("\(g.int(1, 400)) \(g.pick(streets))")), ("suburb", .text(g.pick(suburbs))),
            ("state", .text(g.pick(states))), ("postcode", .text("\(g.int(2, 7))\(g.digits(3))")),
            ("funding_type", .text(g.pick(["NDIS", "Home Care Package", "CHSP", "Private"]))),
            ("ndis_number", .text("43\(g.digits(7))")), ("my_aged_care_id", .text("AC\(g.digits(8))")),
            ("primary_disability", .text(g.pick(disabilities))), ("language", .text(g.pick(languages))),
            // The five flags decide which items show: each is false for about one client in seven.
            ("interpreter_required", .bool(g.chance(85))), ("uses_aac", .bool(g.chance(85))),
            ("takes_medication", .bool(g.chance(85))), ("lives_alone", .bool(g.chance(85))),
            ("has_behaviour_support_needs", .bool(g.chance(85))), ("has_guardian", .bool(g.chance(30))),
            ("mobility_aid", .text(g.pick(aids))), ("dietary_requirements", .list(diet)),
            ("allergies", .text(g.pick(["None known", "Penicillin", "Peanuts", "Latex", "Shellfish"]))),
            ("falls_last_12_months", .int(g.int(0, 5))), ("support_hours_per_week", .number(Double(g.int(10, 400)) / 10)),
            ("gp_name", .text("Dr \(g.pick(firsts)) \(g.pick(lasts))")), ("gp_phone", .text("03 9\(g.digits(3)) \(g.digits(4))")),
            ("worker_video_folder", .text("https://video.example.org.au/clients/\(id)")),
            ("emergency_contact_name", .text("\(g.pick(firsts)) \(last)")),
            ("emergency_contact_phone", .text("04\(g.digits(2)) \(g.digits(3)) \(g.digits(3))")),
            ("cultural_background", .text(g.pick(["Australian", "Vietnamese", "Lebanese", "Maori", "Chinese", "Indian"]))),
            ("preferred_contact_time", .text(g.pick(["Morning", "Afternoon", "Evening"]))),
            ("communication_notes", .text(sentence(g.int(3, 12)))),
        ]
        records = (1...10).map { n in
            [("id", "NTE-\(pad(n, 5))"), ("type", "case_note"), ("title", "Case note \(n): \(g.pick(words))"),
             ("date", date(2025...2026)), ("body", sentence(g.int(5, 20)))]
        }
        items = (1...100).map { _ in
            // About one value in ten is still blank, and one count in thirty negative: both fail `complete`.
            ItemValues(value: g.chance(10) ? "" : sentence(g.int(1, 4)), note: sentence(g.int(2, 8)),
                       count: g.chance(3) ? -g.int(1, 5) : g.int(0, 99))
        }
    }

    // MARK: What bench-100's rules answer

    func flag(_ key: String) -> Bool {
        if case .bool(let b)? = profile.first(where: { $0.key == key })?.value { return b }
        return true
    }

    func text(_ key: String) -> String {
        if case .text(let s)? = profile.first(where: { $0.key == key })?.value { return s }
        return ""
    }

    /// `visible`: the item's profile flag is not false.
    func visible(_ i: Int) -> Bool { flag(Self.flags[(i - 1) % Self.flags.count]) }

    /// `default`: `{ value = profile[text] }`.
    func defaultValue(_ i: Int) -> String { text(Self.texts[(i - 1) % Self.texts.count]) }

    /// `complete`: nil when the check passes, else its message.
    func failure(_ i: Int) -> String? {
        let values = items[i - 1]
        if values.value.isEmpty { return "Enter a value" }
        if values.count < 0 { return "Count can't be negative" }
        return nil
    }

    var visibleCount: Int { (1...100).filter(visible).count }
    var failingVisibleCount: Int { (1...100).filter { visible($0) && failure($0) != nil }.count }
}
